import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

describe('buildPlan', () => {
  it('creates what is declared and absent, with its non-empty fields', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { name: 'Support', callFlowId: FLOW })], policy: policy() },
      [],
    );
    expect(plan.changes).toEqual([
      expect.objectContaining({
        action: 'create',
        number: '+15551234567',
        id: null,
        type: 'normal',
        before: null,
        fields: ['name', 'call_flow_id'],
      }),
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, delete: 0 });
  });

  it('updates only what differs, naming the fields', () => {
    const have = currentNumber('+15551234567', { name: 'Sales', rtpDebug: true });
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { name: 'Sales EMEA', rtpDebug: true })], policy: policy() },
      [have],
    );
    expect(plan.changes).toEqual([
      expect.objectContaining({ action: 'update', id: have.id, fields: ['name'], wait_for_purchase: false }),
    ]);
  });

  it('releases undeclared numbers when pruning, and not otherwise', () => {
    const have = currentNumber('+899100000009');
    expect(buildPlan({ numbers: [], policy: policy() }, [have]).changes).toEqual([
      expect.objectContaining({ action: 'delete', number: '+899100000009', id: have.id, after: null }),
    ]);
    expect(buildPlan({ numbers: [], policy: policy({ prune: false }) }, [have]).changes).toEqual([]);
  });

  it('leaves unmanaged numbers out entirely', () => {
    const plan = buildPlan({ numbers: [], policy: policy({ unmanaged: ['+8991000*'] }) }, [
      currentNumber('+899100000009'),
    ]);
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('plans nothing when the account matches', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { name: 'A', callFlowId: FLOW })], policy: policy() },
      [currentNumber('+15551234567', { name: 'A', callFlowId: FLOW })],
    );
    expect(plan.changes).toEqual([]);
  });

  it('waits for a pending purchase before updating it, and only notes one that already matches', () => {
    const pending = currentNumber('+15551234567', { status: 'purchase_pending' });
    const update = buildPlan({ numbers: [desiredNumber('+15551234567', { name: 'x' })], policy: policy() }, [
      pending,
    ]);
    expect(update.changes[0]).toMatchObject({ action: 'update', wait_for_purchase: true });
    const same = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [pending]);
    expect(same.changes).toEqual([]);
    expect(same.warnings).toEqual([expect.objectContaining({ code: 'PENDING_PURCHASE' })]);
  });

  it('warns about unknown statuses', () => {
    const plan = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [
      currentNumber('+15551234567', { status: 'port_pending' }),
    ]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_STATUS', number: '+15551234567' }),
    ]);
  });

  it('reports read-only expectations as drift apply cannot fix', () => {
    const plan = buildPlan(
      {
        numbers: [desiredNumber('+15551234567', { expect: { emergencyEnabled: true, t38Enabled: false } })],
        policy: policy(),
      },
      [currentNumber('+15551234567', { emergencyEnabled: false })],
    );
    expect(plan.changes).toEqual([]);
    expect(plan.unfixable_drift).toBe(1);
    expect(plan.warnings[0]).toMatchObject({ code: 'READ_ONLY_DRIFT' });
    expect(plan.warnings[0]!.message).toMatch(
      /emergency_enabled is false but the configuration expects true/,
    );
  });

  it('limits the plan to targets', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551111111'), desiredNumber('+15552222222')], policy: policy() },
      [currentNumber('+899100000009')],
      { targets: ['+15552222222'] },
    );
    expect(plan.changes.map((c) => c.number)).toEqual(['+15552222222']);
  });

  it('orders creates, updates, deletes, each by number', () => {
    const plan = buildPlan(
      {
        numbers: [
          desiredNumber('+15559999999'),
          desiredNumber('+15551111111'),
          desiredNumber('+15553333333', { name: 'x' }),
        ],
        policy: policy(),
      },
      [currentNumber('+15553333333'), currentNumber('+15550000000')],
    );
    expect(plan.changes.map((c) => `${c.action} ${c.number}`)).toEqual([
      'create +15551111111',
      'create +15559999999',
      'update +15553333333',
      'delete +15550000000',
    ]);
  });

  it('names the flows the changes refer to', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { callFlowId: FLOW })], policy: policy() },
      [],
      {
        flows: [
          { id: FLOW, name: 'Main IVR', detail: '' },
          { id: 'ff8e4528-a743-4913-948c-81abaf563f80', name: 'Unused', detail: '' },
        ],
      },
    );
    expect(plan.flows).toEqual({ [FLOW]: 'Main IVR' });
  });
});
