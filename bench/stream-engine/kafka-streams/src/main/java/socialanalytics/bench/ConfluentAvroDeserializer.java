package socialanalytics.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Values in the Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro
 * body, decoded in full with the writer schema into a GenericRecord.
 */
final class ConfluentAvroDeserializer implements Deserializer<GenericRecord> {
  private static final byte MAGIC_BYTE = 0;
  private static final int HEADER_LENGTH = 5;

  private final RegistrySchemas schemas;
  /**
   * Kafka Streams gives this one instance to all its stream threads ({@code --threads}): each
   * thread keeps its own decoder and readers, which are not safe to share.
   */
  private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

  private static final class PerThread {
    final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
    BinaryDecoder decoder;
  }

  ConfluentAvroDeserializer(RegistrySchemas schemas) {
    this.schemas = schemas;
  }

  @Override
  public GenericRecord deserialize(String topic, byte[] data) {
    if (data == null) return null;
    if (data.length < HEADER_LENGTH || data[0] != MAGIC_BYTE) {
      throw new SerializationException("value is not in the Confluent wire format");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    PerThread mine = perThread.get();
    mine.decoder =
        DecoderFactory.get().binaryDecoder(data, HEADER_LENGTH, data.length - HEADER_LENGTH, mine.decoder);
    try {
      return mine.readers.computeIfAbsent(id, this::reader).read(null, mine.decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("value cannot be decoded with schema " + id, e);
    }
  }

  private GenericDatumReader<GenericRecord> reader(int id) {
    return new StringDatumReader(schemas.byId(id));
  }

  /**
   * Decodes Avro strings into java.lang.String rather than lazy Utf8 byte holders, so each record
   * is decoded as fully as avsc decodes it in the kafkajs ceiling.
   */
  private static final class StringDatumReader extends GenericDatumReader<GenericRecord> {
    StringDatumReader(Schema schema) {
      super(schema);
    }

    @Override
    protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
      return in.readString();
    }
  }
}
