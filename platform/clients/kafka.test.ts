import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createKafka, kafkaLogCreator } from './kafka';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', {}, { destination }), lines };
}

const config = loadConfig({ NODE_ENV: 'test', KAFKA_BROKERS: '127.0.0.1:1' }).kafka;

describe('createKafka logs', () => {
  it('makes idempotent and transactional producers without a warning: none is a problem here', () => {
    const { logger, lines } = captured();
    const kafka = createKafka(config, logger);
    kafka.producer({ idempotent: true });
    kafka.producer({ idempotent: true, transactionalId: 'app-0_1', maxInFlightRequests: 1 });
    expect(lines.map((line) => line.message)).toEqual([]);
  });

  it('keeps a retriable answer kafkajs retries out of the error log, and every other error in it', () => {
    const { logger, lines } = captured();
    const log = kafkaLogCreator(logger)(logLevel.INFO);
    const entry = (message: string, error: string) => ({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '', logger: 'kafkajs', message, error },
    });
    log(
      entry(
        'Response ListOffsets(key: 2, version: 3)',
        'This server is not the leader for that topic-partition',
      ),
    );
    log(
      entry(
        'Response FindCoordinator(key: 10, version: 2)',
        "The coordinator is loading and hence can't process requests for this group",
      ),
    );
    log(entry('Response Produce(key: 0, version: 7)', 'Topic authorization failed'));
    // A consumer stopped by a retriable error is restarted by kafkajs; another stays an error.
    log(
      entry(
        "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group",
        '',
      ),
    );
    log(entry('Restarting the consumer in 200ms', ''));
    log(entry('Crash: KafkaJSProtocolError: Group authorization failed', ''));
    expect(lines.map((line) => [line['log.level'], line.message])).toEqual([
      ['error', 'Response Produce(key: 0, version: 7)'],
      ['error', 'Crash: KafkaJSProtocolError: Group authorization failed'],
    ]);
  });

  it('logs a rebalance once at info, not each member\'s "rejoin" answers as errors', () => {
    const { logger, lines } = captured();
    const log = kafkaLogCreator(logger)(logLevel.INFO);
    const entry = (level: number, message: string, error: string) => ({
      namespace: 'Connection',
      level,
      label: '',
      log: { timestamp: '', logger: 'kafkajs', message, error },
    });
    log(
      entry(
        logLevel.ERROR,
        'Response Heartbeat(key: 12, version: 3)',
        'The group is rebalancing, so a rejoin is needed',
      ),
    );
    log(
      entry(
        logLevel.ERROR,
        'Response OffsetCommit(key: 8, version: 5)',
        'Specified group generation id is not valid',
      ),
    );
    log(
      entry(
        logLevel.WARN,
        'The group is rebalancing, re-joining',
        'The group is rebalancing, so a rejoin is needed',
      ),
    );
    // A member the coordinator forgot (its session timed out) is worth a warning.
    log(entry(logLevel.ERROR, 'The coordinator is not aware of this member, re-joining the group', ''));
    expect(lines.map((line) => [line['log.level'], line.message])).toEqual([
      ['info', 'The group is rebalancing, re-joining'],
      ['error', 'The coordinator is not aware of this member, re-joining the group'],
    ]);
  });
});
