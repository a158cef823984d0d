/** `<key>@<windowStartMs>`: how every contender names a window's count on its output topic. */
export function windowKey(key: string, windowStartMs: number): string {
  return `${key}@${windowStartMs}`;
}

export interface CountsComparison {
  /** Every window of the input has its true count as its last output value, and nothing else. */
  equal: boolean;
  /** Windows of the input with no output record. */
  missing: number;
  /** Output windows the input does not have. */
  extra: number;
  /** Windows whose last output value is not their true count. */
  wrong: number;
}

/**
 * A contender's last value per window (read from its output topic in order) against the counts
 * computed from the input: what a correct windowed count leaves behind, whatever it emitted on
 * the way (emit-on-update sends intermediate counts; only the last per window must be right).
 */
export function compareCounts(last: Map<string, bigint>, trueCounts: Map<string, number>): CountsComparison {
  let missing = 0;
  let wrong = 0;
  for (const [window, count] of trueCounts) {
    const value = last.get(window);
    if (value === undefined) missing += 1;
    else if (value !== BigInt(count)) wrong += 1;
  }
  let extra = 0;
  for (const window of last.keys()) if (!trueCounts.has(window)) extra += 1;
  return { equal: missing === 0 && extra === 0 && wrong === 0, missing, extra, wrong };
}

/** `yes`, or `no` with what differs. */
export function describeComparison(comparison: CountsComparison): string {
  if (comparison.equal) return 'yes';
  const { missing, extra, wrong } = comparison;
  return `no (${missing} windows missing, ${extra} extra, ${wrong} with another count)`;
}
