import { normalizeFlowId, type CurrentNumber, type Flow } from '../model/number.ts';
import { normalizeTimestamp } from './timestamps.ts';
import type { WireFlow, WireNumber } from './wire.ts';

/** Maps a wire number to the model, applying the server's own normalisation. */
export function toCurrentNumber(wire: WireNumber): CurrentNumber {
  return {
    id: wire.id,
    number: wire.number,
    type: wire.type,
    status: wire.status,
    name: wire.name ?? '',
    detail: wire.detail ?? '',
    callFlowId: normalizeFlowId(wire.call_flow_id),
    messageFlowId: normalizeFlowId(wire.message_flow_id),
    rtpDebug: wire.metadata?.rtp_debug === true,
    t38Enabled: wire.t38_enabled === true,
    emergencyEnabled: wire.emergency_enabled === true,
    tmPurchase: normalizeTimestamp(wire.tm_purchase),
    tmRenew: normalizeTimestamp(wire.tm_renew),
    tmCreate: normalizeTimestamp(wire.tm_create),
  };
}

/** True when the API reports the number as gone (status `deleted` or a delete time). */
export function isDeletedWireNumber(wire: WireNumber): boolean {
  return wire.status === 'deleted' || normalizeTimestamp(wire.tm_delete) !== null;
}

/** Maps a wire flow to the model; omitted names and details are "". */
export function toFlow(wire: WireFlow): Flow {
  return { id: normalizeFlowId(wire.id), name: wire.name ?? '', detail: wire.detail ?? '' };
}
