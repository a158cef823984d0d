/** Where a dead letter came from and why it could not be used. */
export interface DeadLetterReason {
  readonly code: string;
  readonly message: string;
  /** The topic name on the broker. */
  readonly sourceTopic: string;
  readonly partition?: number;
  readonly offset?: string;
}

/**
 * The headers every dead-letter record carries (DESIGN.md §3), written by the connectors and by
 * the stream engine alike, so one replay tool reads both.
 */
export function deadLetterHeaders(reason: DeadLetterReason, failedAt = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    'dlq.error.code': reason.code,
    'dlq.error.message': reason.message.slice(0, 2000),
    'dlq.source.topic': reason.sourceTopic,
    'dlq.failed.at': failedAt.toISOString(),
  };
  if (reason.partition !== undefined) headers['dlq.source.partition'] = String(reason.partition);
  if (reason.offset !== undefined) headers['dlq.source.offset'] = reason.offset;
  return headers;
}
