import { loadConfig } from './config';
import { startTracing } from './telemetry';

const base = { NODE_ENV: 'test' };

describe('tracing configuration (OTEL_* variables)', () => {
  it('is off without an OTLP endpoint: nothing starts', () => {
    const config = loadConfig(base);
    expect(config.telemetry).toEqual({ serviceName: 'social-analytics', traces: undefined });
    expect(startTracing(config.telemetry)).toBeUndefined();
  });

  it('sends traces to <endpoint>/v1/traces, with the headers and sampling ratio given', () => {
    const config = loadConfig({
      ...base,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.org:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%3Db,x-tenant = acme',
      OTEL_SERVICE_NAME: 'social-analytics-api',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config.telemetry).toEqual({
      serviceName: 'social-analytics-api',
      traces: {
        url: 'https://otlp.example.org:4318/v1/traces',
        headers: { 'api-key': 'a=b', 'x-tenant': 'acme' },
        sampleRatio: 0.25,
      },
    });
  });

  it('takes the traces endpoint as it is when one is set', () => {
    const config = loadConfig({
      ...base,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/custom/traces',
    });
    expect(config.telemetry.traces?.url).toBe('http://jaeger:4318/custom/traces');
  });

  it('refuses a sampling ratio outside 0..1 and an endpoint that is not a URL', () => {
    expect(() => loadConfig({ ...base, OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});
