import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Where `npm run build` puts the dashboard, and where the api role looks for it. */
export const DASHBOARD_DIST = join(ROOT, 'dist', 'dashboard');

/**
 * Bundles the dashboard into dist/dashboard with esbuild (ops/build-dashboard.mjs, the last step
 * of `npm run build`): about a second, where the whole build would also compile the server. Run
 * before the app starts, since the api role finds the build when it builds its routes.
 */
export function buildDashboard(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'ops', 'build-dashboard.mjs')],
      { cwd: ROOT, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`building the dashboard failed: ${error.message}\n${stdout}${stderr}`));
        else if (!existsSync(join(DASHBOARD_DIST, 'index.html')))
          reject(new Error(`ops/build-dashboard.mjs wrote no ${DASHBOARD_DIST}/index.html`));
        else resolve();
      },
    );
  });
}
