import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isolatedVariables } from './isolation';

const ROOT = join(__dirname, '..', '..');
const TSX = pathToFileURL(require.resolve('tsx')).href;

/** The product's entry (app/main.ts) running as its own process. */
export interface ProductProcess {
  child: ChildProcessWithoutNullStreams;
  /** stdout lines (JSON logs) and stderr lines, as they arrive. */
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
  port: number;
  opsPort: number;
}

/**
 * Starts `app/main.ts` with exactly `env` over an isolated base (its own topics, group,
 * chdb directory, database, bucket and random ports): nothing from this process's environment
 * leaks in, so NODE_ENV is what `env` says, or unset.
 */
export function startProduct(env: Record<string, string>): ProductProcess {
  const port = 20000 + Math.floor(Math.random() * 20000);
  // Node itself with tsx's loader, not the tsx command: that one runs the product in a child of
  // its own, which a SIGKILL of the command leaves running.
  const child = spawn(process.execPath, ['--import', TSX, 'app/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HTTP_PORT: String(port),
      OPS_PORT: String(port + 1),
      ...isolatedVariables(),
      TELEGRAM_STATS_INTERVAL_MS: '3600000',
      ...env,
    },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => (chunk: Buffer) =>
    into.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect(stdout));
  child.stderr.on('data', collect(stderr));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr, exit, port, opsPort: port + 1 };
}

/** The last JSON line on stderr (ECS): what main.ts writes when it cannot start. */
export function fatalLine(started: ProductProcess): { level?: string; code?: string; msg?: string } {
  const line = JSON.parse(started.stderr.at(-1) ?? '{}') as Record<string, string | undefined>;
  return { level: line['log.level'], code: line['error.code'], msg: line.message };
}

/**
 * Starts the product and waits until `path` of its operations port (`/healthz`, or `/readyz` to
 * wait for its dependencies too) answers 200. A process that exits first (two tests drew the same
 * random port, say) is started again on other ports, up to `attempts` times; one that never gets
 * healthy fails with the end of what it wrote to stderr.
 */
export async function startHealthyProduct(
  env: Record<string, string>,
  options: { attempts?: number; timeoutMs?: number; path?: string } = {},
): Promise<ProductProcess> {
  const { attempts = 3, timeoutMs = 60_000, path = '/healthz' } = options;
  for (let attempt = 1; ; attempt += 1) {
    const product = startProduct(env);
    const exited = product.exit.then(() => 'exited' as const);
    const deadline = Date.now() + timeoutMs;
    let outcome: 'healthy' | 'exited' | 'timeout' = 'timeout';
    while (Date.now() < deadline) {
      const status = await Promise.race([
        fetch(`http://127.0.0.1:${product.opsPort}${path}`).then(
          (response) => (response.status === 200 ? ('healthy' as const) : undefined),
          () => undefined,
        ),
        exited,
      ]);
      if (status) {
        outcome = status;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (outcome === 'healthy') return product;
    product.child.kill('SIGKILL');
    await product.exit;
    if (outcome === 'exited' && attempt < attempts) continue;
    throw new Error(
      `the product did not get healthy (${outcome}, attempt ${attempt}); stderr:\n${product.stderr.slice(-10).join('\n')}`,
    );
  }
}
