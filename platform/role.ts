import type { Router } from 'express';
import type { Config } from './config';

export type RoleName = Config['roles'][number];

/** What a process depends on; `/readyz` checks each. */
export type Dependency = 'kafka' | 'schema_registry' | 'clickhouse' | 'postgres' | 'redis' | 's3';

/**
 * One role of the process (api, connectors or processors) as the composition root runs it: built
 * from the clients it is given, started once the stack is prepared, stopped before those clients
 * close. A role closes nothing it was given.
 */
export interface Role {
  readonly name: RoleName;
  /** What it cannot work without: the process prepares (migrates) these before it starts the role. */
  readonly needs: readonly Dependency[];
  /** Its routes on the public port once started, if it serves any. */
  readonly router?: Router;
  /** Resolves once it is ready and takes work (an incompatible schema or an unreachable broker rejects). */
  start(): Promise<void>;
  /** Takes no new work, finishes and commits what it took; resolves when it is done. */
  stop(): Promise<void>;
}
