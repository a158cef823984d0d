package socialanalytics.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * The benchmark topology in Kafka Streams: records per key per tumbling one-minute event-time
 * window, emitted on update (through the default record cache) to the output topic as
 * {@code <key>@<windowStartMs>} (string) to the count (8-byte big-endian long).
 *
 * <p>Usage: {@code --mode at_least_once|exactly_once --brokers B --registry URL --input T
 * --output T --application-id ID --state-dir DIR [--threads N]}. exactly_once means
 * {@code exactly_once_v2}: Kafka 4 removed the original exactly_once (one producer per task).
 * {@code --threads} is {@code num.stream.threads}, default 1 (Kafka Streams' own default).
 */
public final class WindowedCountApp {
  /** Out-of-order records up to this far behind stream time still count (the generator's jitter is 2 s). */
  static final Duration GRACE = Duration.ofSeconds(5);

  private WindowedCountApp() {}

  public static void main(String[] argv) throws InterruptedException {
    Map<String, String> args = parse(argv);
    KafkaStreams streams = new KafkaStreams(topology(args), properties(args));
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setUncaughtExceptionHandler(
        e -> {
          System.err.println("kafka-streams-bench: stream thread failed: " + e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (next, previous) -> {
          if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) stopped.countDown();
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(streams), "bench-shutdown"));
    streams.start();
    stopped.await();
    close(streams);
    System.exit(streams.state() == KafkaStreams.State.NOT_RUNNING ? 0 : 1);
  }

  /** Commits, ends any transaction and leaves the group, so the harness can delete the group at once. */
  private static void close(KafkaStreams streams) {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
  }

  static Topology topology(Map<String, String> args) {
    Serde<GenericRecord> avro =
        Serdes.serdeFrom(
            (topic, value) -> {
              throw new UnsupportedOperationException("the benchmark never writes Avro");
            },
            new ConfluentAvroDeserializer(new RegistrySchemas(required(args, "registry"))));
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            required(args, "input"),
            Consumed.with(Serdes.String(), avro).withTimestampExtractor(new EventTimeExtractor()))
        .groupByKey(Grouped.with(Serdes.String(), avro))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), GRACE))
        .count()
        .toStream((windowed, count) -> windowed.key() + "@" + windowed.window().start())
        .to(required(args, "output"), Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }

  static Properties properties(Map<String, String> args) {
    boolean exactlyOnce = switch (required(args, "mode")) {
      case "at_least_once" -> false;
      case "exactly_once" -> true;
      default -> throw new IllegalArgumentException("--mode must be at_least_once or exactly_once");
    };
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, required(args, "application-id"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, required(args, "brokers"));
    props.put(StreamsConfig.STATE_DIR_CONFIG, required(args, "state-dir"));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads(args));
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, exactlyOnce ? 100 : 1000);
    return props;
  }

  private static int threads(Map<String, String> args) {
    String value = args.getOrDefault("threads", "1");
    try {
      int threads = Integer.parseInt(value);
      if (threads >= 1) return threads;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--threads must be a positive integer, not " + value);
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    return args;
  }

  private static String required(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException("missing --" + name);
    return value;
  }
}
