import type { Serde } from '../../serdes';
import type { StreamRecord } from '../../record';
import type { TopicRef } from '../graph';
import type { InternalProcessorContext } from '../processor-node';

/** Where a windowed operator sends records that arrive after their window's grace period. */
export interface LateRecordOutput<K, V> {
  readonly topic: TopicRef;
  readonly keySerde: Serde<K>;
  readonly valueSerde: Serde<V>;
}

/** Counts the late record and sends it, with why it was dropped, to the side output topic. */
export function sendLateRecord<K, V>(
  context: InternalProcessorContext<unknown, unknown>,
  output: LateRecordOutput<K, V>,
  record: StreamRecord<K, V>,
  windowEnd: number,
  /** The operator's stream time, which closed the window. */
  streamTime: number,
): void {
  context.countLateRecord();
  context.sendRaw(
    output.topic,
    output.keySerde.serialize(record.key, output.topic.name),
    output.valueSerde.serialize(record.value, output.topic.name),
    {
      ...(record.headers ?? {}),
      'late.reason': Buffer.from('window closed: event time beyond window end plus grace'),
      'late.event.time': Buffer.from(String(record.timestamp)),
      'late.window.end': Buffer.from(String(windowEnd)),
      'late.stream.time': Buffer.from(String(streamTime)),
    },
  );
}
