import type { Router } from 'express';
import { AppError } from '../platform/errors';
import type { Role } from '../platform/role';
import { TOPICS } from '../schemas/topics';
import { type PollerDeps, type Pollers, startPollers } from './pollers';
import { type WebhookDeps, webhookRouters } from './webhooks';

export type ConnectorsDeps = PollerDeps & WebhookDeps;

/**
 * The connectors role: the webhooks that sources push to (Telegram, Stripe) on the public port,
 * and the pollers that pull (Telegram member counts, X). Everything it takes in is stored on Kafka.
 */
export class ConnectorsRole implements Role {
  readonly name = 'connectors';
  readonly needs = ['kafka', 'schema_registry', 'postgres', 'redis'] as const;
  router?: Router;
  private pollers?: Pollers;

  constructor(private readonly deps: ConnectorsDeps) {}

  async start(): Promise<void> {
    await this.registerSchemas();
    this.router = webhookRouters(this.deps);
    this.pollers = startPollers(this.deps);
  }

  /** Ends the polling rounds in flight; webhooks stop with the public server. */
  async stop(): Promise<void> {
    await this.pollers?.stop();
  }

  /**
   * An incompatible schema stops the start loudly. An unreachable registry does not: intake answers
   * 503 (so senders retry) and registration is retried on the next record.
   */
  private async registerSchemas(): Promise<void> {
    for (const topic of Object.values(TOPICS)) {
      try {
        await this.deps.serde.register(topic);
      } catch (error) {
        if (!(error instanceof AppError) || !error.retriable) throw error;
        this.deps.logger.warn(
          { topic, err: error.message },
          'schema not registered yet; will retry on first record',
        );
      }
    }
  }
}
