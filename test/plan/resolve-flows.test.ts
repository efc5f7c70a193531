import { describe, expect, it } from 'vitest';
import type { DesiredNumber } from '../../src/model/desired.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { resolveFlows } from '../../src/plan/resolve-flows.ts';
import { currentNumber } from '../support/builders.ts';

const flows = [
  { id: 'd157ce07-0360-4cad-9007-c8ab89fccf9c', name: 'Main IVR', detail: '' },
  { id: 'ff8e4528-a743-4913-948c-81abaf563f80', name: 'Sales', detail: '' },
  { id: '3c1f5a2e-8d4b-4f6a-9b7c-2e1d0a9f8b7c', name: 'Sales', detail: '' },
];

function declared(fields: Partial<DesiredNumber>): DesiredNumber {
  return {
    number: '+15551234567',
    type: 'normal',
    name: '',
    detail: '',
    callFlowId: { kind: 'none' },
    messageFlowId: { kind: 'none' },
    rtpDebug: false,
    expect: {},
    source: { file: 'numbers.yaml', line: 3, col: 5 },
    ...fields,
  };
}

describe('resolveFlows', () => {
  it('resolves a unique name and keeps a known id; none is the nil UUID', () => {
    const { numbers, problems } = resolveFlows(
      [
        declared({
          callFlowId: { kind: 'name', name: 'Main IVR' },
          messageFlowId: { kind: 'id', id: flows[1]!.id },
        }),
      ],
      flows,
    );
    expect(problems).toEqual([]);
    expect(numbers[0]).toMatchObject({ callFlowId: flows[0]!.id, messageFlowId: flows[1]!.id });
    expect(resolveFlows([declared({})], flows).numbers[0]!.callFlowId).toBe(NIL_UUID);
  });

  it('refuses an unknown id, naming known flows', () => {
    const { problems } = resolveFlows(
      [declared({ callFlowId: { kind: 'id', id: '11111111-1111-4111-8111-111111111111' } })],
      flows,
    );
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'UNKNOWN_FLOW_ID',
        message: expect.stringContaining(
          'call_flow_id 11111111-1111-4111-8111-111111111111 of +15551234567',
        ) as string,
        source: { file: 'numbers.yaml', line: 3, col: 5 },
        number: '+15551234567',
      },
    ]);
    expect(problems[0]!.message).toContain('"Main IVR" (d157ce07-0360-4cad-9007-c8ab89fccf9c)');
  });

  it('refuses an unknown name, suggesting similar ones', () => {
    const { problems } = resolveFlows([declared({ callFlowId: { kind: 'name', name: 'main' } })], flows);
    expect(problems[0]).toMatchObject({ code: 'UNKNOWN_FLOW_NAME' });
    expect(problems[0]!.message).toContain('similar: "Main IVR"');
  });

  it('refuses a name shared by several flows, listing their ids', () => {
    const { problems } = resolveFlows([declared({ messageFlowId: { kind: 'name', name: 'Sales' } })], flows);
    expect(problems[0]).toMatchObject({ code: 'AMBIGUOUS_FLOW_NAME' });
    expect(problems[0]!.message).toContain(flows[1]!.id);
    expect(problems[0]!.message).toContain(flows[2]!.id);
  });
});

describe('resolveFlows with the account', () => {
  it('accepts an unlisted id the number already has, and no other', () => {
    const unlisted = '9a9a9a9a-0000-4000-8000-000000000001';
    const have = currentNumber('+15551234567', { callFlowId: unlisted });
    const keep = resolveFlows([declared({ callFlowId: { kind: 'id', id: unlisted } })], flows, [have]);
    expect(keep.problems).toEqual([]);
    const move = resolveFlows([declared({ messageFlowId: { kind: 'id', id: unlisted } })], flows, [have]);
    expect(move.problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_FLOW_ID' })]);
  });
});

function flowsNamed(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `0000000${i}-0000-4000-8000-000000000000`,
    name: `Flow ${i}`,
    detail: '',
  }));
}

describe('resolveFlows messages', () => {
  const unknownId = '11111111-1111-4111-8111-111111111111';

  it('says when the account has no flows', () => {
    const { numbers, problems } = resolveFlows(
      [declared({ callFlowId: { kind: 'id', id: unknownId }, messageFlowId: { kind: 'name', name: 'IVR' } })],
      [],
    );
    expect(problems).toEqual([
      {
        severity: 'error',
        number: '+15551234567',
        source: { file: 'numbers.yaml', line: 3, col: 5 },
        code: 'UNKNOWN_FLOW_ID',
        message: `call_flow_id ${unknownId} of +15551234567 is not a flow of this account; the account has no flows`,
      },
      {
        severity: 'error',
        number: '+15551234567',
        source: { file: 'numbers.yaml', line: 3, col: 5 },
        code: 'UNKNOWN_FLOW_NAME',
        message: 'message_flow "IVR" of +15551234567 matches no flow; the account has no flows',
      },
    ]);
    // An unknown id is kept as given (the plan shows it); an unknown name resolves to nothing.
    expect(numbers[0]).toMatchObject({ callFlowId: unknownId, messageFlowId: NIL_UUID });
  });

  it('lists all of 5 flows, and the first 5 and how many more past that', () => {
    const ref = declared({ callFlowId: { kind: 'id', id: unknownId } });
    const five = flowsNamed(5);
    const listed = five.map((f) => `"${f.name}" (${f.id})`).join(', ');
    expect(resolveFlows([ref], five).problems[0]!.message).toBe(
      `call_flow_id ${unknownId} of +15551234567 is not a flow of this account; known flows: ${listed}`,
    );
    expect(resolveFlows([ref], flowsNamed(7)).problems[0]!.message).toBe(
      `call_flow_id ${unknownId} of +15551234567 is not a flow of this account; known flows: ${listed}, and 2 more`,
    );
  });

  it('lists known flows for an unknown name with nothing similar', () => {
    const { problems } = resolveFlows([declared({ callFlowId: { kind: 'name', name: 'Billing' } })], flows);
    expect(problems[0]!.message).toBe(
      `call_flow "Billing" of +15551234567 matches no flow; known flows: ${flows
        .map((f) => `"${f.name}" (${f.id})`)
        .join(', ')}`,
    );
  });

  it('suggests flows whose name contains the reference or is contained in it, ignoring case', () => {
    const { problems } = resolveFlows(
      [
        declared({ callFlowId: { kind: 'name', name: 'main ivr (old)' } }),
        declared({ number: '+15557654321', messageFlowId: { kind: 'name', name: 'SALE' } }),
      ],
      flows,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'call_flow "main ivr (old)" of +15551234567 matches no flow; similar: "Main IVR" (d157ce07-0360-4cad-9007-c8ab89fccf9c)',
      'message_flow "SALE" of +15557654321 matches no flow; similar: "Sales" (ff8e4528-a743-4913-948c-81abaf563f80), "Sales" (3c1f5a2e-8d4b-4f6a-9b7c-2e1d0a9f8b7c)',
    ]);
  });

  it('names the ambiguous flows and the way out', () => {
    const { numbers, problems } = resolveFlows(
      [declared({ callFlowId: { kind: 'name', name: 'Sales' } })],
      flows,
    );
    expect(problems).toEqual([
      {
        severity: 'error',
        number: '+15551234567',
        source: { file: 'numbers.yaml', line: 3, col: 5 },
        code: 'AMBIGUOUS_FLOW_NAME',
        message: `call_flow "Sales" of +15551234567 names 2 flows: ${flows[1]!.id}, ${flows[2]!.id}; use call_flow_id with one of them`,
      },
    ]);
    expect(numbers[0]!.callFlowId).toBe(NIL_UUID);
  });

  it('accepts the nil UUID as an explicit id, and keeps an unlisted message flow the number has', () => {
    const unlisted = '9a9a9a9a-0000-4000-8000-000000000002';
    const have = currentNumber('+15551234567', { messageFlowId: unlisted });
    const { numbers, problems } = resolveFlows(
      [
        declared({
          callFlowId: { kind: 'id', id: NIL_UUID },
          messageFlowId: { kind: 'id', id: unlisted },
        }),
      ],
      [],
      [have],
    );
    expect(problems).toEqual([]);
    expect(numbers[0]).toMatchObject({ callFlowId: NIL_UUID, messageFlowId: unlisted });
    const fresh = resolveFlows([declared({ messageFlowId: { kind: 'id', id: NIL_UUID } })], flows);
    expect(fresh.problems).toEqual([]);
    expect(fresh.numbers[0]!.messageFlowId).toBe(NIL_UUID);
  });

  it('keeps the other fields of the declared number, without its flow references', () => {
    const { numbers } = resolveFlows(
      [declared({ name: 'Support', callFlowId: { kind: 'name', name: 'Main IVR' } })],
      flows,
    );
    expect(numbers).toEqual([
      {
        number: '+15551234567',
        type: 'normal',
        name: 'Support',
        detail: '',
        rtpDebug: false,
        expect: {},
        source: { file: 'numbers.yaml', line: 3, col: 5 },
        callFlowId: flows[0]!.id,
        messageFlowId: NIL_UUID,
      },
    ]);
  });
});
