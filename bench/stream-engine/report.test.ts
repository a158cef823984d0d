import { type ContenderResult, type RunSummary, equalLines, ratios } from './report';

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
