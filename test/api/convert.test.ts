import { describe, expect, it } from 'vitest';
import { isDeletedWireNumber, toCurrentNumber, toFlow } from '../../src/api/convert.ts';
import type { WireFlow, WireNumber } from '../../src/api/wire.ts';
import { NIL_UUID } from '../../src/model/number.ts';

const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

function wire(fields: Partial<WireNumber> = {}): WireNumber {
  return {
    id: '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e',
    customer_id: '5e4a0680-804e-11ec-8477-2fea5968d85b',
    number: '+15551230001',
    type: 'normal',
    call_flow_id: FLOW.toUpperCase(),
    message_flow_id: '',
    name: 'Support',
    detail: 'Front desk',
    status: 'active',
    t38_enabled: false,
    emergency_enabled: false,
    metadata: { rtp_debug: false },
    tm_purchase: '2026-03-12 10:30:00.000000',
    tm_renew: '9999-01-01 00:00:00.000000',
    tm_create: '2026-03-12T10:30:00.5Z',
    tm_update: null,
    tm_delete: null,
    ...fields,
  };
}

describe('toCurrentNumber', () => {
  it('maps every field, normalising flow ids and times', () => {
    expect(toCurrentNumber(wire())).toEqual({
      id: '0e2a6ab8-7c8a-4d4e-9f2b-1c1a2b3c4d5e',
      number: '+15551230001',
      type: 'normal',
      status: 'active',
      name: 'Support',
      detail: 'Front desk',
      callFlowId: FLOW,
      messageFlowId: NIL_UUID,
      rtpDebug: false,
      t38Enabled: false,
      emergencyEnabled: false,
      tmPurchase: '2026-03-12T10:30:00.000000Z',
      tmRenew: null,
      tmCreate: '2026-03-12T10:30:00.500000Z',
    });
  });

  it('reads t38_enabled, emergency_enabled and rtp_debug true as true', () => {
    const n = toCurrentNumber(
      wire({ t38_enabled: true, emergency_enabled: true, metadata: { rtp_debug: true } }),
    );
    expect([n.t38Enabled, n.emergencyEnabled, n.rtpDebug]).toEqual([true, true, true]);
    const onlyT38 = toCurrentNumber(wire({ t38_enabled: true }));
    expect([onlyT38.t38Enabled, onlyT38.emergencyEnabled]).toEqual([true, false]);
    const onlyEmergency = toCurrentNumber(wire({ emergency_enabled: true }));
    expect([onlyEmergency.t38Enabled, onlyEmergency.emergencyEnabled]).toEqual([false, true]);
  });

  it('reads a missing name, detail or metadata as empty', () => {
    const bare = { ...wire() } as Partial<WireNumber>;
    delete bare.name;
    delete bare.detail;
    delete bare.metadata;
    const n = toCurrentNumber(bare as WireNumber);
    expect([n.name, n.detail, n.rtpDebug]).toEqual(['', '', false]);
    expect(toCurrentNumber(wire({ name: null as unknown as string })).name).toBe('');
  });
});

describe('isDeletedWireNumber', () => {
  it('is true for status deleted or a delete time, in any form', () => {
    expect(isDeletedWireNumber(wire({ status: 'deleted' }))).toBe(true);
    expect(isDeletedWireNumber(wire({ tm_delete: '2026-03-13T00:00:00Z' }))).toBe(true);
    expect(isDeletedWireNumber(wire({ tm_delete: '2026-03-13 00:00:00.000000' }))).toBe(true);
  });

  it('is false for live numbers, whose delete time is null, empty or the "not yet" sentinel', () => {
    expect(isDeletedWireNumber(wire())).toBe(false);
    expect(isDeletedWireNumber(wire({ tm_delete: '' }))).toBe(false);
    expect(isDeletedWireNumber(wire({ tm_delete: '9999-01-01 00:00:00.000000' }))).toBe(false);
    expect(isDeletedWireNumber(wire({ status: 'purchase_pending' }))).toBe(false);
  });
});

describe('toFlow', () => {
  it('normalises the id and reads omitted names and details as empty', () => {
    const flow = {
      id: FLOW.toUpperCase(),
      customer_id: 'c',
      on_complete_flow_id: '',
      tm_create: null,
      tm_update: null,
      tm_delete: null,
    } as WireFlow;
    expect(toFlow(flow)).toEqual({ id: FLOW, name: '', detail: '' });
    expect(toFlow({ ...flow, name: 'Main IVR', detail: 'd' })).toEqual({
      id: FLOW,
      name: 'Main IVR',
      detail: 'd',
    });
  });
});
