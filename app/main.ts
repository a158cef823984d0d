// First: tracing patches the modules that the imports below load (app/instrument.ts).
import { tracing } from './instrument';
import { runProcess } from '../platform/process-entry';
import { Runtime } from './runtime';

/** The process entry: `node dist/app/main.js` runs the roles that ROLES names (default all three). */
runProcess('social-analytics', (config, logger) => {
  const runtime = new Runtime(config, logger);
  return {
    start: async () => {
      const port = await runtime.start();
      return {
        roles: config.roles,
        url: `http://${config.http.host}:${port}`,
        operations_url: `http://${config.http.host}:${runtime.opsPort}`,
      };
    },
    stop: async () => {
      await runtime.stop();
      await tracing?.shutdown();
    },
  };
});
