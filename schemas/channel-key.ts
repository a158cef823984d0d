import { AppError } from '../platform/errors';

/**
 * Channel keys, `<source>:<channel_id>` (DESIGN.md §3): the Kafka record key of everything about a
 * channel, the channel in API paths, and the name the query cache is invalidated by.
 */
export type Source = 'telegram' | 'twitter';

export interface ChannelRef {
  source: Source;
  channelId: string;
}

// Canonical ids only (no leading zeros, no -0): one chat or account has exactly one key, as
// `String(id)` writes it, so it cannot be tracked, cached or authorized under two names.
const PATTERNS: Record<Source, RegExp> = {
  // [0-9], not \d: in the OpenAPI document the pattern is read by other regex engines too, where
  // \d may match any Unicode digit.
  telegram: /^-?[1-9][0-9]{0,19}$/,
  twitter: /^[1-9][0-9]{0,18}$/, // X ids are 64-bit: at most 19 digits
};

/** The channel keys of `sources`, as one regular expression (for schemas and the OpenAPI document). */
export function channelKeyPattern(sources: Source[]): RegExp {
  return new RegExp(
    `^(?:${sources.map((source) => `${source}:${PATTERNS[source].source.slice(1, -1)}`).join('|')})$`,
  );
}

/** Every channel key, as one regular expression. */
export const CHANNEL_KEY_PATTERN = channelKeyPattern(['telegram', 'twitter']);

export function channelKey(channel: ChannelRef): string {
  return `${channel.source}:${channel.channelId}`;
}

/** Parses a channel key, e.g. `telegram:-1001234567890`; anything else is VALIDATION_FAILED. */
export function parseChannelKey(text: string): ChannelRef {
  if (isChannelKey(text)) {
    const [source, channelId] = text.split(':') as [Source, string];
    return { source, channelId };
  }
  throw new AppError('VALIDATION_FAILED', 'channel must look like telegram:<chat_id> or twitter:<user_id>', {
    details: { channel: text.slice(0, 64) },
  });
}

/** Whether `text` is a channel key; for schemas that report problems rather than throw. */
export function isChannelKey(text: string): boolean {
  const [source, channelId, ...rest] = text.split(':');
  return (
    rest.length === 0 &&
    (source === 'telegram' || source === 'twitter') &&
    !!channelId &&
    PATTERNS[source].test(channelId)
  );
}
