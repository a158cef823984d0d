// kafkajs internals the engine's tests read on purpose (kafkajs has no public API for them).
declare module 'kafkajs/src/consumer/filterAbortedMessages' {
  interface AbortedTransaction {
    producerId: string;
    firstOffset: string;
  }
  function filterAbortedMessages<M>(input: { messages: M[]; abortedTransactions: AbortedTransaction[] }): M[];
  export = filterAbortedMessages;
}
