import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { nameReferencedFlows } from '../../src/plan/flow-names.ts';
import { countUnfixableDrift, summarizePlan } from '../../src/plan/plan-types.ts';
import { NIL_UUID } from '../../src/model/number.ts';
import { pickManaged } from '../../src/model/number-fields.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const FLOW = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';

describe('buildPlan', () => {
  it('creates what is declared and absent, with its non-empty fields', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { name: 'Support', callFlowId: FLOW })], policy: policy() },
      [],
    );
    expect(plan.changes).toEqual([
      {
        action: 'create',
        number: '+15551234567',
        type: 'normal',
        after: { name: 'Support', detail: '', callFlowId: FLOW, messageFlowId: NIL_UUID, rtpDebug: false },
        changed: ['name', 'callFlowId'],
      },
    ]);
    expect(summarizePlan(plan)).toEqual({ create: 1, update: 0, delete: 0 });
  });

  it('updates only what differs, naming the fields', () => {
    const have = currentNumber('+15551234567', { name: 'Sales', rtpDebug: true });
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { name: 'Sales EMEA', rtpDebug: true })], policy: policy() },
      [have],
    );
    expect(plan.changes).toEqual([
      expect.objectContaining({ action: 'update', id: have.id, changed: ['name'] }),
    ]);
  });

  it('releases undeclared numbers when pruning, and not otherwise', () => {
    const have = currentNumber('+899100000009');
    expect(buildPlan({ numbers: [], policy: policy() }, [have]).changes).toEqual([
      { action: 'delete', number: '+899100000009', id: have.id, type: 'virtual', before: pickManaged(have) },
    ]);
    expect(buildPlan({ numbers: [], policy: policy({ prune: false }) }, [have]).changes).toEqual([]);
  });

  it('leaves unmanaged numbers out entirely', () => {
    const plan = buildPlan({ numbers: [], policy: policy({ unmanaged: ['+8991000*'] }) }, [
      currentNumber('+899100000009'),
    ]);
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toEqual([]);
  });

  it('plans nothing when the account matches', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { name: 'A', callFlowId: FLOW })], policy: policy() },
      [currentNumber('+15551234567', { name: 'A', callFlowId: FLOW })],
    );
    expect(plan.changes).toEqual([]);
  });

  it('updates a pending number at once, saying why, and notes the pending purchase either way', () => {
    const pending = currentNumber('+15551234567', { status: 'purchase_pending' });
    const update = buildPlan({ numbers: [desiredNumber('+15551234567', { name: 'x' })], policy: policy() }, [
      pending,
    ]);
    expect(update.changes[0]).toMatchObject({ action: 'update', reason: { code: 'PENDING_PURCHASE' } });
    const same = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [pending]);
    expect(same.changes).toEqual([]);
    expect(same.diagnostics).toEqual([
      expect.objectContaining({ severity: 'note', code: 'PENDING_PURCHASE', number: '+15551234567' }),
    ]);
    expect(update.diagnostics).toEqual(same.diagnostics);
  });

  it('holds releases while declared purchases are pending, naming them all in the plural', () => {
    const release = currentNumber('+899100000009');
    const pendingA = currentNumber('+15550000001', { status: 'purchase-pending' });
    const pendingB = currentNumber('+15550000002', { status: 'purchase_pending' });
    const declared = [desiredNumber('+15550000001'), desiredNumber('+15550000002')];
    const reasonOf = (plan: ReturnType<typeof buildPlan>) =>
      plan.changes.find((c) => c.action === 'delete')?.reason;
    expect(
      reasonOf(buildPlan({ numbers: declared, policy: policy() }, [pendingA, pendingB, release])),
    ).toEqual({
      code: 'HELD',
      message:
        'held: the purchases of +15550000001, +15550000002 are not confirmed yet; --release-while-pending releases anyway',
    });
    expect(reasonOf(buildPlan({ numbers: declared, policy: policy() }, [pendingA, release]))).toEqual({
      code: 'HELD',
      message:
        'held: the purchase of +15550000001 is not confirmed yet; --release-while-pending releases anyway',
    });
    const forced = buildPlan({ numbers: declared, policy: policy() }, [pendingA, pendingB, release], {
      releaseWhilePending: true,
    });
    expect(reasonOf(forced)).toBeUndefined();
    expect(forced.changes.map((c) => c.action)).toEqual(['delete']);
  });

  it('warns about unknown statuses', () => {
    const plan = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [
      currentNumber('+15551234567', { status: 'port_pending' }),
    ]);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'UNKNOWN_STATUS', number: '+15551234567' }),
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
    expect(countUnfixableDrift(plan)).toBe(1);
    expect(plan.diagnostics[0]).toMatchObject({ code: 'READ_ONLY_DRIFT' });
    expect(plan.diagnostics[0]!.message).toMatch(
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

  it('names the flows the changes refer to, and only those', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551234567', { callFlowId: FLOW })], policy: policy() },
      [],
    );
    const flows = [
      { id: FLOW, name: 'Main IVR', detail: '' },
      { id: 'ff8e4528-a743-4913-948c-81abaf563f80', name: 'Unused', detail: '' },
    ];
    expect(nameReferencedFlows(plan.changes, flows)).toEqual({ [FLOW]: 'Main IVR' });
  });

  it('orders warnings by number, then by code when one number has two', () => {
    const plan = buildPlan(
      {
        numbers: [
          desiredNumber('+15559999999', { expect: { emergencyEnabled: true } }),
          desiredNumber('+15551111111'),
        ],
        policy: policy(),
      },
      [
        currentNumber('+15559999999', { status: 'port_pending' }),
        currentNumber('+15551111111', { status: 'suspended' }),
      ],
    );
    expect(plan.diagnostics).toEqual([
      {
        severity: 'warning',
        number: '+15551111111',
        code: 'SUSPENDED',
        message:
          '+15551111111 is suspended (status "suspended"): VoIPBIN does not handle its calls or messages, and apply cannot change that',
        hint: "Check the account's billing and identity in the VoIPBIN console, or ask VoIPBIN support.",
      },
      {
        severity: 'warning',
        number: '+15559999999',
        code: 'READ_ONLY_DRIFT',
        message:
          '+15559999999: emergency_enabled is false but the configuration expects true; it is read-only (set by the carrier), so apply cannot fix it',
      },
      {
        severity: 'warning',
        number: '+15559999999',
        code: 'UNKNOWN_STATUS',
        message:
          '+15559999999 has status "port_pending", which numform does not know; it manages the number\'s fields but cannot change its status',
      },
    ]);
  });

  it('checks both read-only fields and counts each drift once', () => {
    const plan = buildPlan(
      {
        numbers: [
          desiredNumber('+15551234567', { expect: { t38Enabled: true, emergencyEnabled: false } }),
          desiredNumber('+15557654321', { expect: { t38Enabled: true } }),
        ],
        policy: policy(),
      },
      [
        currentNumber('+15551234567', { t38Enabled: false, emergencyEnabled: true }),
        currentNumber('+15557654321', { t38Enabled: true }),
      ],
    );
    expect(countUnfixableDrift(plan)).toBe(2);
    expect(plan.diagnostics.map((w) => w.message)).toEqual([
      '+15551234567: t38_enabled is false but the configuration expects true; it is read-only (set by the carrier), so apply cannot fix it',
      '+15551234567: emergency_enabled is true but the configuration expects false; it is read-only (set by the carrier), so apply cannot fix it',
    ]);
  });

  it('says a pending purchase whose fields match is still pending, and does not call it an unknown status', () => {
    const plan = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [
      currentNumber('+15551234567', { status: 'purchase-pending' }),
    ]);
    expect(plan.diagnostics).toHaveLength(1);
    expect(plan.diagnostics[0]).toMatchObject({
      severity: 'note',
      number: '+15551234567',
      code: 'PENDING_PURCHASE',
      message: '+15551234567 is still pending purchase (status "purchase-pending")',
    });
    expect(plan.diagnostics[0]!.hint).toMatch(/^numform waits only for purchases it made in the same run/);
    expect(countUnfixableDrift(plan)).toBe(0);
  });

  it('tells what to do about a pending purchase: documents for requirement-info, and whether releases wait', () => {
    const hint = (status: string, releaseWhilePending = false): string =>
      buildPlan(
        { numbers: [desiredNumber('+15551234567')], policy: policy() },
        [currentNumber('+15551234567', { status })],
        { releaseWhilePending },
      ).diagnostics[0]!.hint!;
    expect(hint('requirement-info-pending')).toContain(
      'the carrier wants information (documents, an address)',
    );
    expect(hint('purchase-pending')).toContain('check the number in the VoIPBIN console');
    expect(hint('purchase-pending')).toMatch(/releases stay held while it is pending\.$/);
    expect(hint('purchase-pending', true)).toMatch(/--release-while-pending releases meanwhile\.$/);
  });

  it('says how long a purchase has been pending when it knows the time of planning', () => {
    const bought = '2026-11-24T10:00:00Z';
    const have = currentNumber('+15551234567', { status: 'provision-pending', tmPurchase: bought });
    const at = (iso: string): string =>
      buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [have], {
        now: Date.parse(iso),
      }).diagnostics[0]!.message;
    expect(at('2026-11-27T10:00:00Z')).toBe(
      '+15551234567 has been pending purchase for 3d (status "provision-pending")',
    );
    expect(at('2026-11-24T15:30:00Z')).toBe(
      '+15551234567 has been pending purchase for 5h (status "provision-pending")',
    );
  });

  it.each([
    ['purchase-pending', 'PENDING_PURCHASE'],
    ['purchase_pending', 'PENDING_PURCHASE'],
    ['provision-pending', 'PENDING_PURCHASE'],
    ['requirement-info-pending', 'PENDING_PURCHASE'],
    ['requirement-info-under-review', 'PENDING_PURCHASE'],
    ['requirement-info-exception', 'PENDING_PURCHASE'],
    ['purchase-failed', 'PURCHASE_FAILED'],
    ['purchase_failed', 'PURCHASE_FAILED'],
    ['suspended', 'SUSPENDED'],
    ['porting', 'UNKNOWN_STATUS'],
  ])('reads status "%s" as %s', (status, code) => {
    const plan = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [
      currentNumber('+15551234567', { status }),
    ]);
    expect(plan.diagnostics.map((d) => d.code)).toEqual([code]);
    expect(plan.diagnostics[0]!.message).toContain(`"${status}"`);
    // A failed purchase and a suspended number are drift apply cannot fix; pending is not drift.
    expect(countUnfixableDrift(plan)).toBe(code === 'PURCHASE_FAILED' || code === 'SUSPENDED' ? 1 : 0);
  });

  it('warns of a purchase the carrier ended and says what to do', () => {
    const [d] = buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy() }, [
      currentNumber('+15551234567', { status: 'purchase-failed' }),
    ]).diagnostics;
    expect(d).toEqual({
      number: '+15551234567',
      severity: 'warning',
      code: 'PURCHASE_FAILED',
      message:
        'the carrier ended the purchase of +15551234567 (status "purchase-failed"); apply cannot fix that and will not buy it again while the account holds it',
      hint: 'Release it in the VoIPBIN console and apply again to buy it anew, or remove it from the configuration.',
    });
  });

  it('holds releases while a declared purchase is pending or ended by the carrier, not while it is suspended', () => {
    const plan = (status: string) =>
      buildPlan({ numbers: [desiredNumber('+15551234567')], policy: policy({ prune: true }) }, [
        currentNumber('+15551234567', { status }),
        currentNumber('+899100000009'),
      ]).changes;
    expect(plan('requirement-info-pending')[0]).toMatchObject({ action: 'delete', reason: { code: 'HELD' } });
    expect(plan('purchase-failed')[0]).toMatchObject({ action: 'delete', reason: { code: 'HELD' } });
    expect(plan('suspended')[0]!.reason).toBeUndefined();
    expect(plan('active')[0]!.reason).toBeUndefined();
  });

  it('plans an update of the account type with before, after and every changed field', () => {
    const have = currentNumber('+899100000001', {
      name: 'a',
      detail: 'd',
      callFlowId: FLOW,
      messageFlowId: FLOW,
      rtpDebug: false,
    });
    const plan = buildPlan(
      {
        numbers: [desiredNumber('+899100000001', { type: 'normal', name: 'b', detail: 'e', rtpDebug: true })],
        policy: policy(),
      },
      [have],
    );
    expect(plan.changes).toEqual([
      {
        action: 'update',
        number: '+899100000001',
        id: have.id,
        type: 'virtual',
        before: { name: 'a', detail: 'd', callFlowId: FLOW, messageFlowId: FLOW, rtpDebug: false },
        after: { name: 'b', detail: 'e', callFlowId: NIL_UUID, messageFlowId: NIL_UUID, rtpDebug: true },
        changed: ['name', 'detail', 'callFlowId', 'messageFlowId', 'rtpDebug'],
      },
    ]);
    expect(summarizePlan(plan)).toEqual({ create: 0, update: 1, delete: 0 });
  });

  it('releases with the current fields as before, and counts each kind in the summary', () => {
    const gone = currentNumber('+15550000000', { name: 'old', rtpDebug: true });
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551111111'), desiredNumber('+15552222222')], policy: policy() },
      [gone],
    );
    expect(plan.changes.at(-1)).toEqual({
      action: 'delete',
      number: '+15550000000',
      id: gone.id,
      type: 'normal',
      before: { name: 'old', detail: '', callFlowId: NIL_UUID, messageFlowId: NIL_UUID, rtpDebug: true },
    });
    expect(summarizePlan(plan)).toEqual({ create: 2, update: 0, delete: 1 });
    expect(countUnfixableDrift(plan)).toBe(0);
  });

  it('limits releases to targets too', () => {
    const current = [currentNumber('+899100000001'), currentNumber('+899100000002')];
    const plan = buildPlan({ numbers: [], policy: policy() }, current, { targets: ['+899100000002'] });
    expect(plan.changes.map((c) => `${c.action} ${c.number}`)).toEqual(['delete +899100000002']);
  });

  it('names the flows of before and after, call and message, sorted by id; unknown ids stay unnamed', () => {
    const A = '0a000000-0000-4000-8000-000000000000';
    const B = 'b0000000-0000-4000-8000-000000000000';
    const C = 'c0000000-0000-4000-8000-000000000000';
    const UNLISTED = 'e0000000-0000-4000-8000-000000000000';
    const plan = buildPlan(
      {
        numbers: [
          desiredNumber('+15551111111', { messageFlowId: C }),
          desiredNumber('+15552222222', { callFlowId: UNLISTED }),
        ],
        policy: policy(),
      },
      [currentNumber('+15551111111', { callFlowId: B }), currentNumber('+15550000000', { messageFlowId: A })],
    );
    const flows = [
      { id: C, name: 'Chat', detail: '' },
      { id: B, name: 'Billing', detail: '' },
      { id: A, name: 'Alpha', detail: '' },
      { id: FLOW, name: 'Not referenced', detail: '' },
    ];
    expect(Object.entries(nameReferencedFlows(plan.changes, flows))).toEqual([
      [A, 'Alpha'],
      [B, 'Billing'],
      [C, 'Chat'],
    ]);
  });

  it('names no flows without the account flows, and never the nil UUID', () => {
    const plan = buildPlan(
      { numbers: [desiredNumber('+15551111111', { callFlowId: FLOW })], policy: policy() },
      [],
    );
    expect(nameReferencedFlows(plan.changes, [])).toEqual({});
    const nil = buildPlan({ numbers: [desiredNumber('+15551111111', { name: 'x' })], policy: policy() }, []);
    expect(nameReferencedFlows(nil.changes, [{ id: NIL_UUID, name: 'Nothing', detail: '' }])).toEqual({});
  });
});
