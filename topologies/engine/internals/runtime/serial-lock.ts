/**
 * Runs async sections one at a time, in call order. The consumer's batches, the commit timer and
 * rebalance handling all touch the same tasks; none may interleave with another.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
