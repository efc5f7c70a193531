import { formatMicrosGo, formatMicrosLegacy, LEGACY_UNSET } from '../api/timestamps.ts';
import type { WireFlow, WireNumber } from '../api/wire.ts';
import type { SimFlow, SimNumber } from './sim-types.ts';

/**
 * `rfc3339` (the default): the only form the server's code produces, Go RFC3339Nano with null when
 * unset. `legacy`: the form of the old documentation (`2022-02-01 00:00:00.000000`, `""` and the
 * `9999-01-01 …` sentinel for unset), which the code no longer produces; kept so that tests prove
 * the client still reads what the docs show.
 */
export type TimestampStyle = 'rfc3339' | 'legacy';

/** A time as the chosen style writes it; `unsetLegacy` is what the legacy style writes for unset. */
export function renderTime(
  micros: number | null,
  style: TimestampStyle,
  unsetLegacy = LEGACY_UNSET,
): string | null {
  if (style === 'legacy') return micros === null ? unsetLegacy : formatMicrosLegacy(micros);
  return micros === null ? null : formatMicrosGo(micros);
}

/** A number as the API marshals it (`WebhookMessage`, fields in the server's order). */
export function renderNumber(n: SimNumber, style: TimestampStyle): WireNumber {
  return {
    id: n.id,
    customer_id: n.customerId,
    number: n.number,
    type: n.type,
    call_flow_id: n.callFlowId,
    message_flow_id: n.messageFlowId,
    name: n.name,
    detail: n.detail,
    status: n.status,
    t38_enabled: n.t38Enabled,
    emergency_enabled: n.emergencyEnabled,
    metadata: { rtp_debug: n.rtpDebug },
    tm_purchase: renderTime(n.tmPurchase, style, ''),
    tm_renew: renderTime(n.tmRenew, style, ''),
    tm_create: renderTime(n.tmCreate, style),
    tm_update: renderTime(n.tmUpdate, style),
    tm_delete: renderTime(n.tmDelete, style),
  };
}

/** A flow as the API marshals it: empty `type`, `name`, `detail`, `actions` are omitted. */
export function renderFlow(f: SimFlow, style: TimestampStyle): WireFlow {
  return {
    id: f.id,
    customer_id: f.customerId,
    ...(f.type && { type: f.type }),
    ...(f.name && { name: f.name }),
    ...(f.detail && { detail: f.detail }),
    actions: [
      {
        id: '605f5650-0000-4000-8000-000000000001',
        next_id: '00000000-0000-0000-0000-000000000000',
        type: 'answer',
      },
    ],
    on_complete_flow_id: '00000000-0000-0000-0000-000000000000',
    tm_create: renderTime(f.tmCreate, style),
    tm_update: renderTime(null, style),
    tm_delete: renderTime(f.tmDelete, style),
  };
}
