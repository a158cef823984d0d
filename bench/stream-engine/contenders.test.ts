import { DEFAULT_CONTENDERS, planContender, type RunContext } from './contenders';

const ctx: RunContext = {
  brokers: ['127.0.0.1:19092'],
  registryUrl: 'http://127.0.0.1:18081',
  input: 'bench.engine.input.x',
  runId: 'x',
  workDir: '/tmp/bench-x',
  baselineDir: '/tmp/engine-base',
  engineThreads: 3,
};

/** The flags after the state directory: what differs between contenders of one kind. */
const extra = (name: Parameters<typeof planContender>[0], context = ctx) => {
  const args = planContender(name, context).args;
  return args.slice(args.indexOf('--state-dir') + 2);
};

describe('planContender', () => {
  it('passes --engine-threads to this tree engine contenders only, never to -base ones', () => {
    expect(extra('engine-alos')).toEqual(['--threads', '3']);
    expect(extra('engine-eos')).toEqual(['--threads', '3']);
    expect(extra('engine-alos-base')).toEqual([]);
    expect(extra('engine-eos-base')).toEqual([]);
  });

  it('leaves the thread count to the engine without --engine-threads', () => {
    expect(extra('engine-alos', { ...ctx, engineThreads: undefined })).toEqual([]);
  });

  it('runs -1t inline and Kafka Streams -2t on two threads, with their modes', () => {
    expect(extra('engine-eos-1t')).toEqual(['--inline']);
    expect(planContender('engine-eos-1t', ctx).mode).toBe('exactly_once');
    expect(extra('kafka-streams-alos-2t')).toEqual(['--threads', '2']);
    expect(planContender('kafka-streams-alos-2t', ctx)).toMatchObject({ mode: 'at_least_once', threads: 2 });
    expect(planContender('kafka-streams-eos', ctx)).toMatchObject({ mode: 'exactly_once', threads: 1 });
  });

  it('runs neither -1t, -2t nor -base by default', () => {
    expect(DEFAULT_CONTENDERS).toEqual([
      'ceiling',
      'kafka-streams-alos',
      'kafka-streams-eos',
      'engine-alos',
      'engine-eos',
    ]);
  });
});
