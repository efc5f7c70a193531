/**
 * The VoIPBIN wire contract for numbers and flows, as the server's code marshals it (checked
 * against the published spec by test/api/wire-spec.contract.test.ts).
 * Shared by the client and the simulator so both speak exactly one dialect.
 */

/** A number as the API returns it (`WebhookMessage`, field order as marshalled). */
export interface WireNumber {
  id: string;
  customer_id: string;
  number: string;
  type: string;
  call_flow_id: string;
  message_flow_id: string;
  name: string;
  detail: string;
  status: string;
  t38_enabled: boolean;
  emergency_enabled: boolean;
  metadata: { rtp_debug: boolean };
  tm_purchase: string | null;
  tm_renew: string | null;
  tm_create: string | null;
  tm_update: string | null;
  tm_delete: string | null;
}

/** A flow as GET /flows returns it; `name`, `detail` and `type` are omitted when empty. */
export interface WireFlow {
  id: string;
  customer_id: string;
  type?: string;
  name?: string;
  detail?: string;
  actions?: unknown[];
  direct_hash?: string;
  on_complete_flow_id: string;
  tm_create: string | null;
  tm_update: string | null;
  tm_delete: string | null;
}

/** The list envelope: `result` is never null; the token is "" only on an empty page. */
export interface WireList<T> {
  result: T[];
  next_page_token: string;
}

/** The body of POST /numbers. Only `number` is enforced by the server. */
export interface WireCreateNumber {
  number: string;
  type?: string;
  name?: string;
  detail?: string;
  call_flow_id?: string;
  message_flow_id?: string;
}

/** The body of PUT /numbers/{id}: a full replace of all four fields. */
export interface WireUpdateNumber {
  name: string;
  detail: string;
  call_flow_id: string;
  message_flow_id: string;
}

/** The error envelope of every 4xx and 5xx. */
export interface WireErrorEnvelope {
  error: {
    status: string;
    reason: string;
    message: string;
    request_id: string;
    details?: Record<string, unknown>[];
  };
}

/** An entry of GET /available_numbers. */
export interface WireAvailableNumber {
  number: string;
  country: string;
  region: string;
  postal_code: string;
  features: string[] | null;
}
