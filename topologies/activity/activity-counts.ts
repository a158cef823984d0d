import { ACTIVITY_COUNTERS, type ActivityCounts } from '../../schemas/activity-records';

/** Two stretches of activity as one: every counter summed. */
export function addActivity(total: ActivityCounts, more: ActivityCounts): ActivityCounts {
  const sum = { ...total };
  for (const counter of ACTIVITY_COUNTERS) sum[counter] += more[counter];
  return sum;
}
