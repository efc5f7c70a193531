import type { WireNumber } from '../../src/api/wire.ts';
import { NIL_UUID } from '../../src/model/number.ts';

/** The id `wireNumber` gives a number unless told otherwise. */
export const WIRE_NUMBER_ID = '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e';

/** An active normal number as VoIPBIN sends it, with any field replaced. */
export function wireNumber(fields: Partial<WireNumber> = {}): WireNumber {
  return {
    id: WIRE_NUMBER_ID,
    customer_id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
    number: '+15551230001',
    type: 'normal',
    call_flow_id: NIL_UUID,
    message_flow_id: NIL_UUID,
    name: '',
    detail: '',
    status: 'active',
    t38_enabled: false,
    emergency_enabled: false,
    metadata: { rtp_debug: false },
    tm_purchase: null,
    tm_renew: null,
    tm_create: '2026-03-12T10:30:00Z',
    tm_update: null,
    tm_delete: null,
    ...fields,
  };
}
