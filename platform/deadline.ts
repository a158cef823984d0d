/**
 * Settles with `work`, or rejects with `onTimeout()` once `ms` have passed, whichever comes first.
 * The work itself is not cancelled; Promise.race keeps listening to it, so a failure it reports
 * after the deadline is absorbed rather than left unhandled.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
