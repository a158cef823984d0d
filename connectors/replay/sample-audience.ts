/**
 * Four weeks of member counts for one sample channel, so a fresh install can show a growth
 * forecast (which needs two weeks of days) and one "fake growth" flag: steady growth with a weekly
 * rhythm, and on one day a jump of bought members far outside it. Seeded like the other samples;
 * the days move with `now`.
 */
import type { ChannelStatsSample } from '../../schemas/records/channel-stats';
import { seeded } from './seeded-random';

const DAY_MS = 86_400_000;
/** Days of history: enough for the forecast (14) and for the anomaly's baseline (7 to 14 days before it). */
export const AUDIENCE_HISTORY_DAYS = 28;
/** The jump lands this many days before today, so a 7-day period still shows it. */
export const SPIKE_DAYS_AGO = 4;
const SPIKE = 1_800;

/**
 * A `members` sample at noon UTC of each of the last AUDIENCE_HISTORY_DAYS days and one at `now`,
 * oldest first (the audience topology drops a sample older than the last one it saw).
 */
export function sampleAudienceHistory(channelId: string, now: number, seed = 7): ChannelStatsSample[] {
  const random = seeded(seed);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const samples: ChannelStatsSample[] = [];
  let count = 12_000;
  for (let daysAgo = AUDIENCE_HISTORY_DAYS; daysAgo >= 0; daysAgo -= 1) {
    const day = today - daysAgo * DAY_MS;
    const weekend = [0, 6].includes(new Date(day).getUTCDay());
    count += 35 + (weekend ? 25 : 0) + Math.round((random() - 0.5) * 20);
    if (daysAgo === SPIKE_DAYS_AGO) count += SPIKE;
    const observedAt = daysAgo === 0 ? now : day + DAY_MS / 2;
    samples.push({
      source: 'telegram',
      channel_id: channelId,
      metric: 'members',
      count,
      observed_at: observedAt,
    });
  }
  return samples;
}
