const parsed = new WeakMap<object, unknown>();

/**
 * A raw record's `payload` (the JSON its connector received) parsed once per record, however many
 * readers ask: the content topology's normalizers, the chat sightings, the group activity and the
 * post's raw payload (raw-post.ts) each read it from the same record. A payload that is not JSON
 * throws, for each reader to handle as it must.
 */
export function recordPayload(record: { readonly payload: string }): unknown {
  if (parsed.has(record)) return parsed.get(record);
  const value: unknown = JSON.parse(record.payload);
  parsed.set(record, value);
  return value;
}
