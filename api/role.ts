import type { Router } from 'express';
import type { Role } from '../platform/role';
import { type Api, type ApiDeps, buildApi } from './app';
import { FastReads, type FastReadsOptions } from './http/fast-reads';
import type { ApiRoute } from './http/route';

/**
 * The api role: every route of the public API (auth, organizations, billing, queries, live
 * streams) on the public port, built when the role starts, once the stack is prepared.
 */
export class ApiRole implements Role {
  readonly name = 'api';
  readonly needs = ['postgres', 'redis', 'clickhouse'] as const;
  private api?: Api;

  constructor(private readonly deps: ApiDeps) {}

  get router(): Router | undefined {
    return this.api?.router;
  }

  /** Every route, in mount order, once started: the OpenAPI document and the authorization tests read this. */
  get routes(): ApiRoute[] {
    return this.api?.routes ?? [];
  }

  /** The server's dispatch of hot reads, past Express (`options.app` is the app that mounts `router`). */
  fastReads(options: FastReadsOptions): FastReads {
    return new FastReads(this.api?.handlers ?? [], options);
  }

  /** Builds the routes; the session cache subscribes to its announcements from here on. */
  async start(): Promise<void> {
    this.api = buildApi(this.deps);
  }

  /** Ends open live streams, which never end on their own, so the HTTP server can close. */
  async stop(): Promise<void> {
    this.api?.stop();
  }
}
