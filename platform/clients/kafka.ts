import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';
import type { Config } from '../config';
import type { Logger } from '../logger';

type Method = 'error' | 'warn' | 'info' | 'debug';

const levels: Record<number, Method> = {
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

/**
 * Answers that tell a group member to rejoin: every rebalance (a member joins, leaves or is
 * restarted) sends them to each member's heartbeat and commit, and kafkajs rejoins by itself.
 * kafkajs logs each such answer as an error and the rejoin as a warning; the rebalance is an
 * event worth a line at info, the answers that announce it are not problems.
 */
const REJOIN = new Set(
  errorCodes
    .filter((code) => ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION'].includes(code.type))
    .map((code) => code.message),
);
const REJOINING = 'The group is rebalancing, re-joining';

/** The level a kafkajs line is logged at here: its own, or lower for a routine notice. */
function levelOf(level: number, message: string, error: unknown): Method {
  const own = levels[level] ?? 'info';
  if (level === logLevel.WARN) {
    if (NOTICES.some((notice) => notice.test(message))) return 'debug';
    return message === REJOINING ? 'info' : own;
  }
  if (level !== logLevel.ERROR) return own;
  if (message.startsWith('Response ')) {
    return RETRIABLE.has(String(error)) || REJOIN.has(String(error)) ? 'debug' : own;
  }
  const crash = CRASH.exec(message);
  const restarted =
    (crash !== null && RETRIABLE.has(crash[1]!)) || message.startsWith('Restarting the consumer in ');
  return restarted ? 'debug' : own;
}

/** kafkajs's logs in the process's JSON log stream, routine notices lower (see above). */
export function kafkaLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...rest } = entry;
      log[levelOf(level, message, rest.error)]({ ...rest, namespace: undefined }, message);
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
