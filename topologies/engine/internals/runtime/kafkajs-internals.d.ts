// kafkajs internals the engine's tests read on purpose (kafkajs has no public API for them).
declare module 'kafkajs/src/consumer/filterAbortedMessages' {
  interface AbortedTransaction {
    producerId: string;
    firstOffset: string;
  }
  function filterAbortedMessages<M>(input: { messages: M[]; abortedTransactions: AbortedTransaction[] }): M[];
  export = filterAbortedMessages;
}

// kafkajs internals the engine's produce path uses (lean-produce.ts): the broker class whose
// `produce` it wraps (its request lookup and send are reached at run time), the request encoder,
// the Produce request and its API key.
declare module 'kafkajs/src/broker' {
  class Broker {
    produce(args: object): Promise<unknown>;
  }
  export = Broker;
}
declare module 'kafkajs/src/protocol/encoder' {
  class Encoder {
    constructor(initialSize?: number);
    writeString(value: string | null): Encoder;
    writeInt16(value: number): Encoder;
    writeInt32(value: number): Encoder;
    writeBuffer(value: Buffer): Encoder;
    readonly buffer: Buffer;
  }
  export = Encoder;
}
declare module 'kafkajs/src/protocol/requests' {
  const requests: { Produce: unknown };
  export { requests };
}
declare module 'kafkajs/src/protocol/requests/apiKeys' {
  const apiKeys: { Produce: number };
  export = apiKeys;
}
// kafkajs internals the engine's tests compare its own code with: the default partitioner's hash
// (murmur2.test.ts), the decoder, CRC and record batch decoder (record-batch.test.ts).
declare module 'kafkajs/src/producer/partitioners/default/murmur2' {
  function murmur2(key: Buffer | string): number;
  export = murmur2;
}
declare module 'kafkajs/src/protocol/decoder' {
  class Decoder {
    constructor(buffer: Buffer);
  }
  export = Decoder;
}
declare module 'kafkajs/src/protocol/recordBatch/crc32C' {
  function crc32C(buffer: Buffer): number;
  export = crc32C;
}
declare module 'kafkajs/src/protocol/recordBatch/v0/decoder' {
  interface DecodedRecord {
    key: Buffer | null;
    value: Buffer | null;
    timestamp: string;
    offset: string;
    headers: Record<string, Buffer>;
  }
  function decodeRecordBatch(
    decoder: object,
  ): Promise<{ records: DecodedRecord[]; [field: string]: unknown }>;
  export = decodeRecordBatch;
}
