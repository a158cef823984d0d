import { channelKey } from '../channel-key';

/** The value of a `social.telegram.updates.v1` record (schemas/avro/social.telegram.updates.v1.avsc). */
export interface TelegramUpdateRecord {
  update_id: number;
  update_type: string;
  chat_id: number | null;
  chat_type: string | null;
  chat_title: string | null;
  message_id: number | null;
  sender_id: number | null;
  /** Epoch milliseconds (Avro timestamp-millis). */
  event_time: number;
  /** Epoch milliseconds (Avro timestamp-millis). */
  received_at: number;
  payload: string;
}

/** The record key: everything about one chat lands on one partition (docs/topics.md, "Keys"). */
export function updateKey(record: TelegramUpdateRecord): string {
  return record.chat_id === null
    ? 'telegram:none'
    : channelKey({ source: 'telegram', channelId: String(record.chat_id) });
}
