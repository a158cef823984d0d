import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually';

/** A real Prometheus (Debian's `prometheus` package, as ops/deploy-checks.sh installs it). */
export interface RunningPrometheus {
  /** Evaluates an instant query: its series, or the error Prometheus answers (a parse error, say). */
  query(expr: string): Promise<{ status: string; error?: string; series: number }>;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus on a random loopback port, scraping `target` (host:port of a /metrics) every
 * second as job `social-analytics`, and resolves once the target has been scraped up.
 */
export async function startPrometheus(target: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'sa-prometheus-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: social-analytics',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const query = async (expr: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    return { status: body.status, error: body.error, series: body.data?.result.length ?? 0 };
  };
  try {
    await eventually(
      () => query('up{job="social-analytics"} == 1'),
      (answer) => answer.series === 1,
      60_000,
      500,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`Prometheus did not scrape ${target} up: ${(error as Error).message}\n${log}`, {
      cause: error,
    });
  }
  return {
    query,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
