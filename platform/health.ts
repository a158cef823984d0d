import express, { type Router } from 'express';
import { withDeadline } from './deadline';
import type { Metrics } from './metrics';

export type DependencyCheck = () => Promise<unknown>;

export interface DependencyStatus {
  ok: boolean;
  latency_ms: number;
  error?: string;
}

/** How long a readiness check may take; checks that can be cancelled should be, at this deadline. */
export const CHECK_TIMEOUT_MS = 3000;

/** Runs every check at once, each bounded by a timeout, and reports each one. */
export async function checkDependencies(
  checks: Record<string, DependencyCheck>,
): Promise<Record<string, DependencyStatus>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const),
  );
  return Object.fromEntries(entries);
}

async function runCheck(check: DependencyCheck): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await withDeadline(check(), CHECK_TIMEOUT_MS, () => new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
    return { ok: true, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, latency_ms: Math.round(performance.now() - started), error: message };
  }
}

/**
 * `/healthz` (the process is alive) alone, for the public port: it tells nothing and costs
 * nothing, so load balancers that check the serving port may call it as often as they like.
 */
export function livenessRouter(): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return router;
}

/**
 * `/healthz`, `/readyz` (every dependency answers, with latency and the error text, also kept in
 * `social_analytics_dependency_*` gauges) and `/metrics` (Prometheus), for the operations port only: dependency errors, plan counts and per-organization
 * budgets are for operators, and each `/readyz` costs a call to every dependency.
 */
export function healthRouter(checks: Record<string, DependencyCheck>, metrics: Metrics): Router {
  const router = livenessRouter();
  router.get('/readyz', async (_req, res) => {
    const dependencies = await checkDependencies(checks);
    // Probes call this every few seconds: the answers are kept for Prometheus, at no extra cost.
    for (const [dependency, status] of Object.entries(dependencies)) {
      metrics.dependencyUp.set({ dependency }, status.ok ? 1 : 0);
      metrics.dependencyCheckSeconds.set({ dependency }, status.latency_ms / 1000);
    }
    const ready = Object.values(dependencies).every((status) => status.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', dependencies });
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
