/**
 * The sum of a task's next offsets over its source topics: how many input records it has
 * consumed, counted the same way on every replay, so it can version what external sinks write.
 * Offsets are per partition and a task reads one partition of each source, so the sum only
 * grows, and a replay from the committed offsets starts again at the committed sum.
 */
export class InputVersion {
  private readonly next = new Map<string, bigint>();
  private total = 0n;

  startFrom(positions: ReadonlyMap<string, bigint>): void {
    this.next.clear();
    this.total = 0n;
    for (const [topic, offset] of positions) {
      this.next.set(topic, offset);
      this.total += offset;
    }
  }

  consumed(topic: string, offset: string): void {
    const next = BigInt(offset) + 1n;
    const before = this.next.get(topic) ?? 0n;
    if (next <= before) return;
    this.next.set(topic, next);
    this.total += next - before;
  }

  get value(): bigint {
    return this.total;
  }
}
