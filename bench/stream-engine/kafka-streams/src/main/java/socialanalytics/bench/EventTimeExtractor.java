package socialanalytics.bench;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/** Event time from the decoded value's {@code event_time} field (epoch milliseconds). */
final class EventTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof GenericRecord value && value.get("event_time") instanceof Long eventTime) {
      return eventTime;
    }
    return partitionTime;
  }
}
