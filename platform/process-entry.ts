import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';

/** What a process runs: started once, stopped once on SIGTERM or SIGINT. */
export interface Service {
  /** Resolves with what the "running" log line reports (where it listens, say). */
  start(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The mechanics of a process entry: reads the config, makes the logger, builds the service,
 * stops it on SIGTERM or SIGINT within `SHUTDOWN_TIMEOUT_MS` (or exits 1 naming what still runs),
 * and turns a failed start into one JSON line on stderr and exit code 1.
 */
export function runProcess(name: string, build: (config: Config, logger: Logger) => Service): void {
  start(name, build).catch((error: unknown) => {
    // The logger may not exist yet (bad config), so this one line goes straight to stderr as JSON,
    // in the logs' shape (ECS).
    const err = error as { code?: string; message?: string };
    const line = {
      '@timestamp': new Date().toISOString(),
      'log.level': 'fatal',
      message: err.message ?? String(error),
      'error.code': err.code ?? 'INTERNAL',
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
    process.exit(1);
  });
}

async function start(name: string, build: (config: Config, logger: Logger) => Service): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, {}, { serviceName: config.telemetry.serviceName });
  const service = build(config, logger);
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
    service.stop().then(
      () => logger.info('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  logger.info(await service.start(), `${name} is running`);
}
