/** The organization's plan, read once per session and shared by the pages. */
import { call } from './api';
import type { ApiSchema } from '../client';
import { client } from './session';

export type Organization = ApiSchema<'Organization'>;

let cached: Promise<Organization> | undefined;

/** The organization with its plan and limits (asked again after `forgetOrganization`). */
export function organization(): Promise<Organization> {
  cached ??= call(() => client.GET('/v1/organization')).catch((failure: unknown) => {
    cached = undefined;
    throw failure;
  });
  return cached;
}

/** Drops the cached organization (sign-out, a change of plan). */
export function forgetOrganization(): void {
  cached = undefined;
}
