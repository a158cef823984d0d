import { trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { Writable } from 'node:stream';
import { AppError } from './errors';
import { createLogger } from './logger';

/** A logger as the process makes it, whose lines are kept, parsed. */
function capturedLogger(bindings: Record<string, unknown> = {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('info', bindings, { serviceName: 'social-analytics-test', destination });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes Elastic Common Schema fields an ELK stack indexes without a pipeline', () => {
    const { logger, lines } = capturedLogger({ component: 'http' });
    logger.info({ topic: 'social.posts.v1' }, 'created topics');
    expect(lines).toEqual([
      expect.objectContaining({
        '@timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        'log.level': 'info',
        message: 'created topics',
        'service.name': 'social-analytics-test',
        'ecs.version': expect.stringMatching(/^\d+\.\d+/),
        component: 'http',
        topic: 'social.posts.v1',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('msg');
    expect(lines[0]).not.toHaveProperty('level');
  });

  it('puts an error in error.* with its type, message, stack and the product code', () => {
    const { logger, lines } = capturedLogger();
    logger.error({ err: new AppError('KAFKA_UNAVAILABLE', 'broker down') }, 'produce failed');
    logger.warn({ err: 'connection refused' }, 'Redis not reachable yet');
    expect(lines[0]).toMatchObject({
      'log.level': 'error',
      error: { type: 'AppError', message: 'broker down', code: 'KAFKA_UNAVAILABLE' },
    });
    expect((lines[0]?.error as { stack_trace: string }).stack_trace).toContain('logger.test.ts');
    expect(lines[1]).toMatchObject({ error: { message: 'connection refused' } });
    expect(lines[1]).not.toHaveProperty('err');
  });

  it('carries trace.id and span.id while a span is active, and none outside one', () => {
    const provider = new node.NodeTracerProvider();
    provider.register();
    const { logger, lines } = capturedLogger();
    let ids = { traceId: '', spanId: '' };
    trace.getTracer('test').startActiveSpan('request', (span) => {
      ids = span.spanContext();
      logger.info('inside');
      span.end();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ 'trace.id': ids.traceId, 'span.id': ids.spanId });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[1]).not.toHaveProperty('trace.id');
    trace.disable();
  });
});
