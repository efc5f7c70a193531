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
