/** The organization's plan and tracked channels, read once and shared by the pages. */
import { call } from './api';
import type { ApiSchema } from '../client';
import { client } from './session';

export type Organization = ApiSchema<'Organization'>;
export type TrackedChannel = ApiSchema<'TrackedChannel'>;

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
  channels = undefined;
}

let channels: Promise<TrackedChannel[]> | undefined;

/** The tracked channels; `fresh` asks again (the channels page does on every visit). */
export function trackedChannels(fresh = false): Promise<TrackedChannel[]> {
  if (fresh) channels = undefined;
  channels ??= call(() => client.GET('/v1/channels')).then(
    (answer) => answer.channels,
    (failure: unknown) => {
      channels = undefined;
      throw failure;
    },
  );
  return channels;
}
