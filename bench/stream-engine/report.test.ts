import {
  type ContenderResult,
  type RunSummary,
  equalLines,
  markdownReport,
  ratios,
  rows,
  textReport,
} from './report';

const run = (name: ContenderResult['name'], doneS: number, cpuSeconds: number): ContenderResult => ({
  name,
  mode: undefined,
  outcome: 'ok',
  firstProgressS: 2,
  doneS,
  cpuSeconds,
});

function summary(results: ContenderResult[]): RunSummary {
  return {
    command: 'npm run bench:stream-engine',
    records: 1_000_000,
    meanValueBytes: 100,
    distinctWindows: 1,
    machine: { cores: 2, cpuModel: 'test', memoryGiB: 4, node: '20', java: '21', kafka: '4' },
    results,
  };
}

describe('ratios', () => {
  it('compares each engine run with its --baseline run, in time and in CPU', () => {
    const lines = ratios(
      summary([run('engine-alos', 12, 30), run('engine-alos-base', 22, 45), run('engine-eos', 12, 30)]),
    );
    expect(lines).toEqual([
      'engine (at_least_once) / baseline engine (at_least_once): 2.00 from first commit, 1.83 from spawn',
      'CPU s per million records (at_least_once): engine 30.0, baseline engine 45.0',
    ]);
  });

  it('names each side with its thread count, the one-thread engine and two-thread Kafka Streams too', () => {
    const lines = ratios(
      summary([
        { ...run('kafka-streams-alos', 20, 40), threads: 1 },
        { ...run('kafka-streams-alos-2t', 12, 44), threads: 2 },
        { ...run('engine-alos', 12, 30), threads: 2 },
        { ...run('engine-alos-1t', 22, 28), threads: 1 },
      ]),
    );
    expect(lines).toEqual([
      'engine (at_least_once, 2 threads) / Kafka Streams (at_least_once, 1 thread): 1.80 from first commit, 1.67 from spawn',
      'engine (at_least_once, 2 threads) / Kafka Streams (at_least_once, 2 threads): 1.00 from first commit, 1.00 from spawn',
      'engine (at_least_once, 2 threads) / engine inline (at_least_once, 1 thread): 2.00 from first commit, 1.83 from spawn',
      'CPU s per million records (at_least_once): engine (2 threads) 30.0, Kafka Streams (1 thread) 40.0',
      'CPU s per million records (at_least_once): engine (2 threads) 30.0, Kafka Streams (2 threads) 44.0',
      'CPU s per million records (at_least_once): engine (2 threads) 30.0, engine inline (1 thread) 28.0',
      'engine inline (at_least_once, 1 thread) / Kafka Streams (at_least_once, 1 thread): 0.90 from first commit, 0.91 from spawn',
      'engine inline (at_least_once, 1 thread) / Kafka Streams (at_least_once, 2 threads): 0.50 from first commit, 0.55 from spawn',
      'CPU s per million records (at_least_once): engine inline (1 thread) 28.0, Kafka Streams (1 thread) 40.0',
      'CPU s per million records (at_least_once): engine inline (1 thread) 28.0, Kafka Streams (2 threads) 44.0',
    ]);
  });

  it('prints no baseline line without a baseline run', () => {
    expect(ratios(summary([run('engine-eos', 12, 30)]))).toEqual([]);
  });
});

describe('equalLines', () => {
  it('says for each contender with an output whether it equals the true counts', () => {
    const lines = equalLines(
      summary([
        { ...run('engine-alos', 12, 30), mode: 'at_least_once', outputsEqual: 'yes' },
        {
          ...run('kafka-streams-eos', 12, 30),
          mode: 'exactly_once',
          outputsEqual: 'no (1 windows missing, 0 extra, 0 with another count)',
        },
        run('ceiling', 5, 3),
      ]),
    );
    expect(lines).toEqual([
      'engine-alos (at_least_once): outputs equal: yes',
      'kafka-streams-eos (exactly_once): outputs equal: no (1 windows missing, 0 extra, 0 with another count)',
    ]);
  });
});

describe('the threads column', () => {
  const results: ContenderResult[] = [
    { ...run('engine-eos', 12, 30), mode: 'exactly_once', threads: 2 },
    { ...run('kafka-streams-eos', 20, 40), mode: 'exactly_once', threads: 1 },
    { name: 'engine-eos-1t', mode: 'exactly_once', threads: undefined, outcome: 'failed', note: 'died' },
  ];

  it('gives each contender the threads it ran, ? when unknown, also for a failed run', () => {
    expect(rows(summary(results)).map((row) => row.slice(0, 3))).toEqual([
      ['engine-eos (exactly_once)', '2', '100,000'],
      ['kafka-streams-eos (exactly_once)', '1', '55,556'],
      ['engine-eos-1t (exactly_once)', '?', 'failed'],
    ]);
  });

  it('is in the text and the markdown tables, right after the contender', () => {
    expect(textReport(summary(results)).split('\n')[0]).toMatch(/^contender\s+threads\s+records\/s/);
    expect(markdownReport(summary(results))).toContain(
      '| contender | threads | records/s (from first commit) |',
    );
    expect(markdownReport(summary(results))).toContain('| engine-eos (exactly_once) | 2 | 100,000 |');
  });
});
