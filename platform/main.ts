import { loadConfig } from './config';
import { createLogger } from './logger';
import { Runtime } from './runtime';

/** The process entry: `node dist/platform/main.js` (roles from ROLES, default all three). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = new Runtime(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const forced = setTimeout(() => {
      // What still holds the event loop open names the part that did not stop.
      logger.error(
        { timeout_ms: config.shutdownTimeoutMs, active: process.getActiveResourcesInfo() },
        'graceful stop timed out; exiting',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    forced.unref();
    runtime.stop().then(
      () => logger.info('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const port = await runtime.start();
  logger.info(
    {
      roles: config.roles,
      url: `http://${config.http.host}:${port}`,
      operations_url: `http://${config.http.host}:${runtime.opsPort}`,
    },
    'social-analytics is running',
  );
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config), so this one line goes straight to stderr as JSON.
  const err = error as { code?: string; message?: string };
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', code: err.code ?? 'INTERNAL', msg: err.message ?? String(error) })}\n`,
  );
  process.exit(1);
});
