import { type JsonObject, isJsonObject } from '../../platform/json';
import type { TelegramUpdateRecord } from './telegram-update';

const bodies = new WeakMap<TelegramUpdateRecord, JsonObject | undefined>();

/**
 * The object an update carries under its type (`message`, `channel_post`, ...), parsed from the
 * stored payload once per record: the chat sightings, the content, the group activity and the
 * post's raw payload (raw-post.ts) each read it from the same record. Undefined when it is not an object; a payload that is not JSON
 * throws, for each reader to handle as it must.
 */
export function updateBody(update: TelegramUpdateRecord): JsonObject | undefined {
  if (bodies.has(update)) return bodies.get(update);
  const parsed: unknown = JSON.parse(update.payload);
  const body = isJsonObject(parsed) ? parsed[update.update_type] : undefined;
  const found = isJsonObject(body) ? body : undefined;
  bodies.set(update, found);
  return found;
}
