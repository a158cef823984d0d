import { join } from 'node:path';
import type { StateStore } from '../../stores';
import type { SyncSerde } from '../../serdes';
import type { BytesStore } from './bytes-store';
import { CachingKeyValueStore } from './caching-kv-store';
import { ChangeLoggingBytesStore } from './change-logging-bytes-store';
import { type SessionKey, type WindowKey, sessionKeySerde, windowKeySerde } from './composite-keys';
import { InMemoryBytesStore } from './in-memory-bytes-store';
import { LmdbBytesStore } from './lmdb-bytes-store';
import { KeyValueBackedSessionStore } from './session-store';
import { type StoreContext, changelogTopicName } from './store-context';
import type { StoreDefinition, StoreEnvironment } from './store-definition';
import { SerializedKeyValueStore, type TypedKeyValueStore } from './typed-kv-store';
import { KeyValueBackedWindowStore } from './window-store';

/** One store of one task, with the handles the task needs beyond the public view. */
export interface BuiltStore {
  readonly definition: StoreDefinition;
  /** What processors and interactive queries see. */
  readonly store: StateStore;
  /** The innermost backend: restore writes here, checkpoints live here. */
  readonly backend: BytesStore;
  readonly changelogTopic: string | undefined;
  /** Present when the store is cached; its flush listener is where updates are emitted. */
  readonly cache: CachingKeyValueStore<unknown, unknown> | undefined;
  flush(): void;
  purgeExpired(): void;
}

/** Stacks the layers: typed view, cache, serialization, change-logging, backend. */
export function buildStore(
  definition: StoreDefinition,
  context: StoreContext,
  environment: StoreEnvironment,
): BuiltStore {
  const backend: BytesStore = definition.persistent
    ? new LmdbBytesStore(join(environment.stateDir, context.applicationId, context.taskId, definition.name))
    : new InMemoryBytesStore();
  const changelogTopic = definition.logged
    ? changelogTopicName(context.applicationId, definition.name)
    : undefined;
  // The cache sits above the logging layer yet stamps its records, so it is looked up late.
  const logged: BytesStore =
    changelogTopic === undefined
      ? backend
      : new ChangeLoggingBytesStore(
          backend,
          changelogTopic,
          flushAwareContext(context, () => cache),
        );
  const storeKeySerde = storedKeySerde(definition);
  const serialized = new SerializedKeyValueStore<unknown, unknown>(
    definition.name,
    logged,
    storeKeySerde,
    definition.valueSerde,
  );
  const cache: CachingKeyValueStore<unknown, unknown> | undefined = definition.cached
    ? new CachingKeyValueStore<unknown, unknown>(
        definition.name,
        serialized,
        storeKeySerde,
        environment.cacheMaxEntries,
        () => context.recordTimestamp(),
      )
    : undefined;
  const kv: TypedKeyValueStore<unknown, unknown> = cache ?? serialized;
  const view = typedView(definition, kv);
  return {
    definition,
    store: view,
    backend,
    changelogTopic,
    cache,
    flush: () => kv.flush(),
    purgeExpired: () => {
      if (view instanceof KeyValueBackedWindowStore || view instanceof KeyValueBackedSessionStore) {
        view.purgeExpired();
      }
    },
  };
}

/**
 * The task's context, except that a record written by a cache flush carries the time of the
 * update it flushes (as in Kafka Streams), not the time of whichever record the task saw last.
 */
function flushAwareContext(
  context: StoreContext,
  cache: () => CachingKeyValueStore<unknown, unknown> | undefined,
): StoreContext {
  return {
    applicationId: context.applicationId,
    taskId: context.taskId,
    partition: context.partition,
    logChange: (topic, key, value, timestamp) => context.logChange(topic, key, value, timestamp),
    recordTimestamp: () => cache()?.flushTimestamp() ?? context.recordTimestamp(),
  };
}

function storedKeySerde(definition: StoreDefinition): SyncSerde<unknown> {
  if (definition.type === 'window') return windowKeySerde(definition.keySerde) as SyncSerde<unknown>;
  if (definition.type === 'session') return sessionKeySerde(definition.keySerde) as SyncSerde<unknown>;
  return definition.keySerde;
}

function typedView(definition: StoreDefinition, kv: TypedKeyValueStore<unknown, unknown>): StateStore {
  const retentionMs = definition.retentionMs ?? Number.POSITIVE_INFINITY;
  if (definition.type === 'window') {
    return new KeyValueBackedWindowStore(
      definition.name,
      kv as TypedKeyValueStore<WindowKey<unknown>, unknown>,
      definition.keySerde,
      definition.windowSizeMs ?? 0,
      retentionMs,
      definition.retainDuplicates ?? false,
    );
  }
  if (definition.type === 'session') {
    return new KeyValueBackedSessionStore(
      definition.name,
      kv as TypedKeyValueStore<SessionKey<unknown>, unknown>,
      definition.keySerde,
      retentionMs,
    );
  }
  return kv;
}
