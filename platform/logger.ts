import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout, one object a line, with the component that wrote them. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'social-analytics', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
