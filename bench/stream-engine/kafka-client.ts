import { Kafka, logLevel } from 'kafkajs';

/** A kafkajs client for the benchmark's own processes; kafkajs logs only warnings and errors. */
export function benchKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
  });
}
