import { describe, expect, it } from 'vitest';
import type { WireFlow, WireList, WireNumber } from '../../src/api/wire.ts';
import { callSim, errorOf } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';

const NIL = '00000000-0000-0000-0000-000000000000';
const IVR = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const QUEUE = '0a7e3c1e-0000-4000-8000-00000000000a';
const CONFERENCE = '0a7e3c1e-0000-4000-8000-00000000000b';
const GONE = '0a7e3c1e-0000-4000-8000-00000000000c';
const NOWHERE = '0a7e3c1e-0000-4000-8000-00000000000d';
const OTHERS = '0a7e3c1e-0000-4000-8000-00000000000e';

const flows = [
  { id: IVR, name: 'IVR' },
  { id: QUEUE, name: 'Support queue', type: 'queue' },
  { id: CONFERENCE, name: 'Standup', type: 'conference' },
  { id: GONE, name: 'Old IVR', deleted: true },
  { id: OTHERS, name: 'Not ours', customer_id: '11111111-1111-4111-8111-111111111111' },
];

/** PUT /numbers/{id} with the four fields: the check applies to the body, changed or not. */
function put(url: string, id: string, fields: { name?: string; call?: string; message?: string }) {
  return callSim(`${url}/numbers/${id}`, {
    method: 'PUT',
    body: {
      name: fields.name ?? 'n',
      detail: '',
      call_flow_id: fields.call ?? NIL,
      message_flow_id: fields.message ?? NIL,
    },
  });
}

// The real server: GET /flows lists type=flow only; PUT /numbers/{id} checks both flow
// ids on every call (any type, live, the caller's); POST and PUT /flow_ids check nothing.
describe('simulator flows of other types', () => {
  it('lists only type=flow, but answers GET /flows/{id} for queue and conference flows', async () => {
    const sim = await useSimulator({ seed: { flows } });
    const listed = (await callSim(`${sim.url}/flows`)).json as WireList<WireFlow>;
    expect(listed.result.map((f) => f.id)).toEqual([IVR]);
    for (const [id, type] of [
      [QUEUE, 'queue'],
      [CONFERENCE, 'conference'],
    ]) {
      const res = await callSim(`${sim.url}/flows/${id}`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id, type });
    }
  });

  it('accepts queue and conference flows on PUT /numbers/{id}', async () => {
    const sim = await useSimulator({ seed: { flows, numbers: [{ number: '+899100000001' }] } });
    const id = sim.account.state.numbers[0]!.id;
    const res = await put(sim.url, id, { call: QUEUE, message: CONFERENCE });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ call_flow_id: QUEUE, message_flow_id: CONFERENCE });
  });

  it("refuses a deleted flow or another customer's with 500, and answers GET /flows/{id} 404 / 403", async () => {
    const sim = await useSimulator({ seed: { flows, numbers: [{ number: '+899100000001' }] } });
    const id = sim.account.state.numbers[0]!.id;
    for (const flow of [GONE, OTHERS, NOWHERE]) {
      const res = await put(sim.url, id, { call: flow });
      expect(res.status).toBe(500);
      expect(errorOf(res)).toMatchObject({ status: 'INTERNAL', reason: 'INTERNAL' });
    }
    expect(errorOf(await callSim(`${sim.url}/flows/${GONE}`)).reason).toBe('RESOURCE_NOT_FOUND');
    expect((await callSim(`${sim.url}/flows/${OTHERS}`)).status).toBe(403);
    expect(errorOf(await callSim(`${sim.url}/flows/${NOWHERE}`)).reason).toBe('FLOW_NOT_FOUND');
  });
});

describe('simulator numbers holding a dangling flow id', () => {
  const seeded = [
    { number: '+899100000001', call_flow_id: NOWHERE },
    { number: '+899100000002', message_flow: 'Old IVR' },
  ];

  it('seeds numbers holding no flow or a deleted one, as given', async () => {
    const sim = await useSimulator({ seed: { flows, numbers: seeded } });
    const listed = (await callSim(`${sim.url}/numbers`)).json as WireList<WireNumber>;
    const byNumber = new Map(listed.result.map((n) => [n.number, n]));
    expect(byNumber.get('+899100000001')?.call_flow_id).toBe(NOWHERE);
    expect(byNumber.get('+899100000002')?.message_flow_id).toBe(GONE);
  });

  it('refuses any PUT /numbers/{id} that keeps the dangling id, even unchanged, and takes one that drops it', async () => {
    const sim = await useSimulator({ seed: { flows, numbers: seeded } });
    const [first, second] = sim.account.state.numbers;
    expect((await put(sim.url, first!.id, { name: 'renamed', call: NOWHERE })).status).toBe(500);
    expect((await put(sim.url, second!.id, { name: 'renamed', message: GONE })).status).toBe(500);
    expect(sim.account.state.numbers.map((n) => n.name)).toEqual(['', '']);
    const fixed = await put(sim.url, first!.id, { name: 'renamed', call: IVR });
    expect(fixed.status).toBe(200);
    expect(fixed.json).toMatchObject({ name: 'renamed', call_flow_id: IVR });
  });

  it('never checks flows on PUT /flow_ids or POST /numbers', async () => {
    const sim = await useSimulator({ seed: { flows, numbers: [{ number: '+899100000001' }] } });
    const id = sim.account.state.numbers[0]!.id;
    const flowIds = await callSim(`${sim.url}/numbers/${id}/flow_ids`, {
      method: 'PUT',
      body: { call_flow_id: NOWHERE, message_flow_id: GONE },
    });
    expect(flowIds.status).toBe(200);
    expect(flowIds.json).toMatchObject({ call_flow_id: NOWHERE, message_flow_id: GONE });
    const created = await callSim(`${sim.url}/numbers`, {
      method: 'POST',
      body: { number: '+899100000002', type: 'virtual', call_flow_id: OTHERS, message_flow_id: NOWHERE },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ call_flow_id: OTHERS, message_flow_id: NOWHERE });
  });

  it('deleteFlow points the numbers at no flow, as the flow-deleted event does, unless that event is lost', async () => {
    const sim = await useSimulator({
      seed: {
        flows,
        numbers: [{ number: '+899100000001', call_flow: 'IVR', message_flow: 'Support queue' }],
      },
    });
    const id = sim.account.state.numbers[0]!.id;
    sim.account.deleteFlow(QUEUE, { keepReferences: true });
    expect((await callSim(`${sim.url}/numbers/${id}`)).json).toMatchObject({ message_flow_id: QUEUE });
    expect((await put(sim.url, id, { call: IVR, message: QUEUE })).status).toBe(500);
    sim.account.deleteFlow(IVR);
    expect((await callSim(`${sim.url}/numbers/${id}`)).json).toMatchObject({
      call_flow_id: NIL,
      message_flow_id: QUEUE,
    });
    expect(errorOf(await callSim(`${sim.url}/flows/${IVR}`)).reason).toBe('RESOURCE_NOT_FOUND');
  });
});
