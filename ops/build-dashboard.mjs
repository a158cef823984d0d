// Bundles the dashboard (api/dashboard/main.ts and its CSS, uPlot included: no CDN) into
// dist/dashboard/: index.html, which is never cached, and assets/app-<hash>.js|css, cached for a
// year since a change of content is a change of name.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'api/dashboard');
const out = join(root, 'dist/dashboard');

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });
const result = await build({
  entryPoints: { app: join(source, 'main.ts') },
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  platform: 'browser',
  minify: true,
  sourcemap: true,
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const asset = (extension) => {
  const name = outputs.find((file) => file.startsWith('app-') && file.endsWith(extension));
  if (!name) throw new Error(`esbuild wrote no app-*${extension}`);
  return `/assets/${name}`;
};
const template = await readFile(join(source, 'index.html'), 'utf8');
await writeFile(
  join(out, 'index.html'),
  template.replace('{{app.js}}', asset('.js')).replace('{{app.css}}', asset('.css')),
);
