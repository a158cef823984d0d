// kafkajs's table of Kafka protocol errors (no public export): which answers kafkajs retries.
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: { type: string; code: number; retriable: boolean; message: string }[];
}
