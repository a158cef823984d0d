/** The Avro value of `billing.stripe.events.v1` (schemas/avro/billing.stripe.events.v1.avsc). */
export interface StripeEventRecord {
  event_id: string;
  event_type: string;
  customer_id: string | null;
  object_id: string | null;
  livemode: boolean;
  api_version: string | null;
  created_at: number;
  received_at: number;
  payload: string;
}
