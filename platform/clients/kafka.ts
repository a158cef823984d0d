import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';
import type { Config } from '../config';
import type { Logger } from '../logger';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs notices that are not problems for this product, logged at debug instead:
 * - the v2 partitioner notice: it is for code moving from kafkajs v1 (this product never ran v1),
 *   and the default it warns about is the one we want, Java's partitioner (a key lands on the
 *   partition Java clients and Kafka Streams pick);
 * - "Limiting retries for the idempotent producer may invalidate EoS guarantees": the processors'
 *   producers are transactional (a send that runs out of retries aborts the transaction and the
 *   input is read again, so nothing is written twice), and the webhooks' producer answers 503 when
 *   it gives up so the sender retries (duplicates are removed downstream by update and event
 *   ids). Unlimited retries would hold a webhook request or a commit forever instead.
 */
const NOTICES = [
  /^KafkaJS v2\.0\.0 switched default partitioner/,
  /^Limiting retries for the idempotent producer/,
];

/**
 * Answers kafkajs retries by itself (no leader yet for a new topic's partition, a group
 * coordinator still loading): at start-up on a fresh cluster they are routine. If the retries
 * run out, the call fails and its caller reports that. A consumer that stops on one of them
 * ("Crash: …") is restarted by kafkajs, which says so ("Restarting the consumer in 200ms").
 */
const RETRIABLE = new Set(errorCodes.filter((code) => code.retriable).map((code) => code.message));
const CRASH = /^Crash: \w+: (.*)$/;

function isRoutine(level: number, message: string, error: unknown): boolean {
  if (level === logLevel.WARN && NOTICES.some((notice) => notice.test(message))) return true;
  if (level !== logLevel.ERROR) return false;
  if (message.startsWith('Response ')) return RETRIABLE.has(String(error));
  const crash = CRASH.exec(message);
  return (crash !== null && RETRIABLE.has(crash[1]!)) || message.startsWith('Restarting the consumer in ');
}

/** kafkajs's logs in the process's JSON log stream, routine notices at debug (see above). */
export function kafkaLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...rest } = entry;
      const method = isRoutine(level, message, rest.error) ? 'debug' : (levels[level] ?? 'info');
      log[method]({ ...rest, namespace: undefined }, message);
    };
}

/** A kafkajs client whose logs join the process's JSON log stream. */
export function createKafka(config: Config['kafka'], logger: Logger): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}
