import { threadLine, threadsInLog } from './thread-lines';

describe('threadsInLog', () => {
  it('counts the distinct stream threads a log reports, whatever else it holds', () => {
    const log = [
      'some warning',
      threadLine(1, 'worker'),
      threadLine(0, 'worker'),
      threadLine(1, 'worker'),
      'bench-engine: started in 900 ms (threads asked: engine default)',
    ].join('');
    expect(threadsInLog(log)).toBe(2);
  });

  it('reads the inline line as one thread', () => {
    expect(threadsInLog(threadLine(0, 'inline'))).toBe(1);
  });

  it('is undefined for a log without thread lines (an older engine-app)', () => {
    expect(threadsInLog('engine: started\n')).toBeUndefined();
  });
});
