import { loadConfig } from '../platform/config';
import { startTracing, type Tracing } from '../platform/telemetry';

/**
 * Tracing, started as this module loads: app/main.ts imports it first, because the
 * instrumentations patch http, express, kafkajs, pg and ioredis as they are required. A config
 * that does not load starts nothing here; runProcess reports it and exits.
 */
export const tracing: Tracing | undefined = startFromEnvironment();

function startFromEnvironment(): Tracing | undefined {
  try {
    return startTracing(loadConfig().telemetry);
  } catch {
    return undefined;
  }
}
