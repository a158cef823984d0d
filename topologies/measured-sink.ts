import type { Metrics } from '../platform/metrics';
import { inLinkedSpan } from '../platform/spans';
import type { ExternalSink, SinkContext, SinkRecord } from './engine';

/**
 * An external sink whose every write is measured: its duration by outcome
 * (`social_analytics_sink_write_duration_seconds`), once written each record's age since its
 * event time (`social_analytics_sink_freshness_seconds`: how fresh stored results are), and a span
 * `sink write <name>` linked to each record's producing span when any record carries a trace
 * context in its Kafka headers (none otherwise). The ClickHouse calls the write makes are that span's children.
 */
export function measuredSink<K, V>(
  sink: ExternalSink<K, V>,
  name: string,
  metrics: Metrics,
): ExternalSink<K, V> {
  const writeSeconds = metrics.sinkWriteSeconds;
  const freshness = metrics.sinkFreshnessSeconds.labels({ sink: name });
  return {
    write: (records: readonly SinkRecord<K, V>[], context: SinkContext) => {
      const attributes = {
        'sink.name': name,
        'sink.records': records.length,
        'streams.task': context.taskId,
      };
      const headers = records.map((record) => record.headers);
      const write = async () => {
        const end = writeSeconds.startTimer({ sink: name });
        try {
          await sink.write(records, context);
        } catch (error) {
          end({ outcome: 'error' });
          throw error;
        }
        end({ outcome: 'ok' });
        const now = Date.now();
        for (const record of records) freshness.observe((now - record.timestamp) / 1000);
      };
      return inLinkedSpan(`sink write ${name}`, attributes, headers, write);
    },
  };
}
