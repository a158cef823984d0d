import type { Pool } from 'pg';
import { TrackedChannels } from './tracked-channels';

/** A pool that answers every query with `rows`, as PostgreSQL would answer `readable`'s join. */
const answering = (rows: object[]) => ({ query: async () => ({ rows }) }) as unknown as Pool;
const row = (source: string | null, channel_id: string | null, chat?: object) => ({
  plan: 'pro',
  source,
  channel_id,
  ...(chat ? { seen: true, chat_type: null, username: null, connected_by: null, ...chat } : { seen: false }),
});

describe('TrackedChannels.readable', () => {
  it('leaves out the chats whose messages the organization may not read, and keeps every other', async () => {
    const channels = new TrackedChannels(
      answering([
        row('telegram', '-1001', { chat_type: 'channel', username: 'public_channel' }),
        row('telegram', '-1002', {
          chat_type: 'supergroup',
          username: 'public_group',
          connected_by: 'org-b',
        }),
        row('telegram', '-1003', { chat_type: 'supergroup', username: null, connected_by: 'org-a' }),
        row('telegram', '-1004'), // not seen yet: nothing to show, nothing refused
        row('twitter', '42'),
      ]),
    );
    const { plan, channels: readable } = await channels.readable('org-a', 'messages');
    expect(plan).toBe('pro');
    expect(readable.map((channel) => `${channel.source}:${channel.channelId}`)).toEqual([
      'telegram:-1001',
      'telegram:-1003',
      'telegram:-1004',
      'twitter:42',
    ]);
    expect((await channels.readable('org-a', 'aggregates')).channels).toHaveLength(5);
  });

  it('answers the plan and no channels for an organization that tracks none', async () => {
    const channels = new TrackedChannels(answering([row(null, null)]));
    expect(await channels.readable('org-a', 'messages')).toEqual({ plan: 'pro', channels: [] });
  });
});
