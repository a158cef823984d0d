import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestObserver } from './http-metrics';
import { createMetrics } from './metrics';

/** An Express app behind a plain handler, as app/servers.ts serves: one path answered without Express. */
async function serve() {
  const metrics = createMetrics();
  const app = express();
  const router = express.Router();
  router.post('/telegram/webhook', (_req, res) => void res.status(413).json({}));
  app.use('/api/social', router);
  app.use((_req, res) => void res.status(404).json({}));
  const observe = requestObserver(metrics, ['/v1/channels/:channel/metrics']);
  const server: Server = createServer((req, res) => {
    observe(req, res);
    if (req.url?.startsWith('/v1/channels/'))
      res.end('{}'); // a fast read
    else app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { metrics, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('requestObserver', () => {
  it('counts each request under its route pattern, method and status, never its path', async () => {
    const { metrics, server, base } = await serve();
    try {
      await fetch(`${base}/api/social/telegram/webhook`, { method: 'POST', body: '{}' });
      await fetch(`${base}/v1/channels/telegram:-100123/metrics?granularity=day`);
      await fetch(`${base}/v1/channels/telegram:-100456/metrics`);
      await fetch(`${base}/no/such/path/42`);
      const text = await metrics.registry.getSingleMetricAsString(
        'social_analytics_http_request_duration_seconds',
      );
      const counts = text
        .split('\n')
        .filter((line) => line.startsWith('social_analytics_http_request_duration_seconds_count'));
      expect(counts.sort()).toEqual([
        'social_analytics_http_request_duration_seconds_count{method="GET",route="/v1/channels/:channel/metrics",status_code="200"} 2',
        'social_analytics_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
        'social_analytics_http_request_duration_seconds_count{method="POST",route="/api/social/telegram/webhook",status_code="413"} 1',
      ]);
    } finally {
      server.close();
    }
  });
});
