import { describe, expect, it } from 'vitest';
import { requestsFor } from '../../src/model/number-fields.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { checkFlowWrites } from '../../src/plan/check-flow-writes.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const LIVE = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const DEAD = 'dead0000-0000-4000-8000-000000000001';

function plan(have: Parameters<typeof currentNumber>[1], want: Parameters<typeof desiredNumber>[1]) {
  return buildPlan({ numbers: [desiredNumber('+899100000001', want)], policy: policy() }, [
    currentNumber('+899100000001', have),
  ]).changes;
}

describe('requestsFor', () => {
  it('sends flows alone through /flow_ids, anything with name or detail through PUT /numbers/{id}', () => {
    expect(requestsFor(['callFlowId'])).toEqual(['flow_ids']);
    expect(requestsFor(['callFlowId', 'messageFlowId'])).toEqual(['flow_ids']);
    expect(requestsFor(['name', 'callFlowId'])).toEqual(['number']);
    expect(requestsFor(['detail'])).toEqual(['number']);
    expect(requestsFor(['rtpDebug'])).toEqual(['metadata']);
    expect(requestsFor(['messageFlowId', 'rtpDebug'])).toEqual(['flow_ids', 'metadata']);
    expect(requestsFor([])).toEqual([]);
  });
});

describe('checkFlowWrites', () => {
  const live = new Set([LIVE]);

  it('refuses a rename of a number that keeps a flow that is gone, saying where and what to do', () => {
    const changes = plan({ callFlowId: DEAD }, { name: 'New', callFlowId: DEAD });
    const source = { file: 'numbers.yaml', line: 3, col: 5 };
    expect(checkFlowWrites(changes, live, () => source)).toEqual([
      {
        severity: 'error',
        code: 'DANGLING_FLOW',
        number: '+899100000001',
        source,
        message: `+899100000001: call_flow_id ${DEAD} is not a live flow of this account (deleted, or never one), and VoIPBIN re-checks both flows when name changes, so this change would fail on every run`,
        hint: 'In the same change, point call_flow at a flow that exists, or at none (leave both call_flow and call_flow_id out); or leave name as the account has it.',
      },
    ]);
  });

  it('checks the message flow too, and both when both are gone', () => {
    const changes = plan(
      { callFlowId: DEAD, messageFlowId: DEAD },
      { detail: 'x', callFlowId: DEAD, messageFlowId: DEAD },
    );
    expect(checkFlowWrites(changes, live).map((d) => d.message.split(' ')[1])).toEqual([
      'call_flow_id',
      'message_flow_id',
    ]);
  });

  it('lets through what can succeed: flows alone, a repointed flow, metadata, live flows, no flow', () => {
    expect(checkFlowWrites(plan({ callFlowId: DEAD }, { callFlowId: LIVE }), live)).toEqual([]);
    expect(checkFlowWrites(plan({ callFlowId: DEAD }, { name: 'New', callFlowId: LIVE }), live)).toEqual([]);
    expect(checkFlowWrites(plan({ callFlowId: DEAD }, { callFlowId: DEAD, rtpDebug: true }), live)).toEqual(
      [],
    );
    expect(checkFlowWrites(plan({ callFlowId: LIVE }, { name: 'New', callFlowId: LIVE }), live)).toEqual([]);
    expect(checkFlowWrites(plan({}, { name: 'New' }), live)).toEqual([]);
  });

  it('has nothing to say about creates and releases', () => {
    const changes = buildPlan(
      { numbers: [desiredNumber('+899100000002', { callFlowId: DEAD })], policy: policy({ prune: true }) },
      [currentNumber('+899100000009', { callFlowId: DEAD })],
    ).changes;
    expect(changes.map((c) => c.action)).toEqual(['create', 'delete']);
    expect(checkFlowWrites(changes, live)).toEqual([]);
  });
});
