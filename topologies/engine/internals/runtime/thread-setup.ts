import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { StreamsError } from '../../errors';
import type { StreamsConfig } from '../../streams-app';
import type { Topology } from '../../topology';
import type { TopicRef } from '../graph';
import { AtLeastOnceCommitter, type Committer, ExactlyOnceCommitter, PartitionCounts } from './committer';
import type { ErrorPolicy } from './record-intake';
import { StreamThread } from './stream-thread';
import type { EngineMetrics } from './streams-metrics';
import type { TaskLocks } from './task-locks';
import { TaskLayout } from './task-layout';
import { ensurePlannedTopics, planTopics } from './topic-plan';

/** What a stream thread is told of the app's configuration: plain data, so it crosses threads. */
export interface ThreadSettings {
  readonly applicationId: string;
  readonly exactlyOnce: boolean;
  readonly commitIntervalMs: number;
  readonly maxBufferedRecords: number;
  readonly stateDir: string;
  readonly cacheMaxEntries: number;
  readonly deserializationErrors: ErrorPolicy;
  readonly processingErrors: ErrorPolicy;
  readonly sessionTimeoutMs?: number;
  readonly repartitionPurgeIntervalMs?: number;
}

/** The app's configuration with its defaults, as every stream thread is given it. */
export function threadSettings(config: Omit<StreamsConfig, 'kafka'>): ThreadSettings {
  const exactlyOnce = config.processingGuarantee === 'exactly_once';
  return {
    applicationId: config.applicationId,
    exactlyOnce,
    commitIntervalMs: config.commitIntervalMs ?? (exactlyOnce ? 100 : 1000),
    maxBufferedRecords: config.maxBufferedRecords ?? 10_000,
    stateDir: config.stateDir ?? join(tmpdir(), 'streams-state'),
    cacheMaxEntries: config.cacheMaxEntries ?? 10_000,
    deserializationErrors: config.deserializationErrors ?? 'dead-letter',
    processingErrors: config.processingErrors ?? 'fail',
    ...(config.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: config.sessionTimeoutMs } : {}),
    ...(config.repartitionPurgeIntervalMs !== undefined
      ? { repartitionPurgeIntervalMs: config.repartitionPurgeIntervalMs }
      : {}),
  };
}

const topicNamer =
  (applicationId: string) =>
  (ref: TopicRef): string =>
    ref.internal ? `${applicationId}-${ref.name}` : ref.name;

/**
 * Creates the topics the topology needs (and checks those it reads), and returns how many
 * partitions, and so tasks, each sub-topology has.
 */
export async function prepareTopics(
  topology: Topology,
  settings: ThreadSettings,
  admin: Admin,
): Promise<ReadonlyMap<number, number>> {
  const { applicationId } = settings;
  const topicName = topicNamer(applicationId);
  const subtopologies = topology.subtopologies;
  const plan = await planTopics(subtopologies, topology.graph.sideOutputs, topicName, applicationId, admin);
  const deadLetters =
    settings.deserializationErrors === 'dead-letter' || settings.processingErrors === 'dead-letter'
      ? [...new Set(subtopologies.flatMap((s) => s.sourceTopics).map(topicName))].map((name) => ({
          name: `${name}.dlq`,
          partitions: 1,
          configs: {},
          internal: false,
        }))
      : [];
  await ensurePlannedTopics(admin, [...plan.topics, ...deadLetters]);
  return plan.partitionsBySubtopology;
}

export function taskLayout(
  topology: Topology,
  partitions: ReadonlyMap<number, number>,
  applicationId: string,
): TaskLayout {
  return new TaskLayout(topology.subtopologies, partitions, applicationId, topicNamer(applicationId));
}

export interface ThreadParts {
  readonly topology: Topology;
  readonly partitions: ReadonlyMap<number, number>;
  readonly settings: ThreadSettings;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly metrics: EngineMetrics;
  readonly logger: Logger;
  readonly taskLocks?: TaskLocks;
  readonly onFatal: (error: StreamsError) => void;
}

/** One stream thread of the app, in whichever thread calls this. */
export function newStreamThread(parts: ThreadParts): StreamThread {
  const { settings, kafka } = parts;
  const { applicationId, exactlyOnce } = settings;
  return new StreamThread({
    applicationId,
    kafka,
    admin: parts.admin,
    layout: taskLayout(parts.topology, parts.partitions, applicationId),
    createCommitter: (consumer) => createCommitter(kafka, applicationId, exactlyOnce, consumer),
    commitIntervalMs: settings.commitIntervalMs,
    maxBufferedRecords: settings.maxBufferedRecords,
    storeEnvironment: { stateDir: settings.stateDir, cacheMaxEntries: settings.cacheMaxEntries },
    topicName: topicNamer(applicationId),
    deserializationErrors: settings.deserializationErrors,
    processingErrors: settings.processingErrors,
    metrics: parts.metrics,
    logger: parts.logger,
    onFatal: parts.onFatal,
    ...(parts.taskLocks ? { taskLocks: parts.taskLocks } : {}),
    ...(settings.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: settings.sessionTimeoutMs } : {}),
    ...(settings.repartitionPurgeIntervalMs !== undefined
      ? { repartitionPurgeIntervalMs: settings.repartitionPurgeIntervalMs }
      : {}),
  });
}

async function createCommitter(
  kafka: Kafka,
  applicationId: string,
  exactlyOnce: boolean,
  consumer: Consumer,
): Promise<Committer> {
  const partitions = new PartitionCounts(kafka);
  if (exactlyOnce) return new ExactlyOnceCommitter(kafka, applicationId, partitions);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  await producer.connect();
  return new AtLeastOnceCommitter(producer, consumer, partitions);
}
