// The kafkajs internals the patch tests read (kafkajs has no public API for them).
declare module 'kafkajs/src/network/requestQueue' {
  class RequestQueue {
    constructor(options: {
      maxInFlightRequests: number | null;
      requestTimeout: number;
      enforceRequestTimeout: boolean;
      clientId: string;
      broker: string;
      logger: unknown;
    });
    scheduleCheckPendingRequests(): void;
    destroy(): void;
  }
  export = RequestQueue;
}

declare module 'kafkajs/src/admin' {
  import type { Admin } from 'kafkajs';
  function createAdmin(options: {
    logger: unknown;
    retry: { retries: number; initialRetryTime: number };
    cluster: unknown;
  }): Admin;
  export = createAdmin;
}
