import { type JsonObject, isJsonObject } from '../../platform/json';
import { recordPayload } from './record-payload';
import type { TelegramUpdateRecord } from './telegram-update';

/**
 * The object an update carries under its type (`message`, `channel_post`, ...), from the stored
 * payload as every reader of the record shares it (parsed once: record-payload.ts). Undefined when
 * it is not an object; a payload that is not JSON throws, for each reader to handle as it must.
 */
export function updateBody(update: TelegramUpdateRecord): JsonObject | undefined {
  const payload = recordPayload(update);
  const body = isJsonObject(payload) ? payload[update.update_type] : undefined;
  return isJsonObject(body) ? body : undefined;
}
