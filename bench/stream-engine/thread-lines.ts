/**
 * The line an engine contender prints for each stream thread that runs the topology, and its
 * reader: the harness reports the threads the app really used (the engine caps the count at the
 * topology's tasks), not the number it asked for.
 */
const PREFIX = 'bench-engine: stream thread';

/** `bench-engine: stream thread <index> running (<how>) at <ISO time>`. */
export function threadLine(index: number, how: 'worker' | 'inline'): string {
  return `${PREFIX} ${index} running (${how}) at ${new Date().toISOString()}\n`;
}

/** How many distinct stream threads a contender's log reports, or undefined when none. */
export function threadsInLog(log: string): number | undefined {
  const indices = new Set<string>();
  for (const match of log.matchAll(/^bench-engine: stream thread (\d+) running/gm))
    indices.add(match[1] ?? '');
  return indices.size > 0 ? indices.size : undefined;
}
