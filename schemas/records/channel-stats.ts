/** The Avro value of `social.channel-stats.v1`: one audience-size sample of a channel or account. */
export interface ChannelStatsSample {
  source: 'telegram' | 'twitter';
  channel_id: string;
  metric: 'members' | 'followers';
  count: number;
  observed_at: number;
}
