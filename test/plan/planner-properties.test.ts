import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NORMAL_NUMBER_PRICE_MICROS } from '../../src/model/account.ts';
import { compareText } from '../../src/model/compare-text.ts';
import { createGlobMatcher } from '../../src/model/glob.ts';
import { NIL_UUID, type CurrentNumber } from '../../src/model/number.ts';
import { pickManaged } from '../../src/model/number-fields.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { checkGuards } from '../../src/plan/check-guards.ts';
import { estimateCost } from '../../src/plan/estimate-cost.ts';
import { orderForLimits } from '../../src/plan/order-for-limits.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

const NUMBERS = [
  '+15550000001',
  '+15550000002',
  '+15551230001',
  '+15551230002',
  '+899100000001',
  '+899100000002',
  '+899200000001',
];
const FLOWS = [NIL_UUID, 'd157ce07-0360-4cad-9007-c8ab89fccf9c', 'ff8e4528-a743-4913-948c-81abaf563f80'];

const fields = fc.record({
  name: fc.constantFrom('', 'Support', 'Sales', 'Sales EMEA'),
  detail: fc.constantFrom('', 'one line', 'two\nlines'),
  callFlowId: fc.constantFrom(...FLOWS),
  messageFlowId: fc.constantFrom(...FLOWS),
  rtpDebug: fc.boolean(),
});

const desiredArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...NUMBERS), fields), {
    selector: ([n]) => n,
    maxLength: NUMBERS.length,
  })
  .map((entries) => entries.map(([n, f]) => desiredNumber(n, f)));
const currentArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...NUMBERS), fields), {
    selector: ([n]) => n,
    maxLength: NUMBERS.length,
  })
  .map((entries) => entries.map(([n, f]) => currentNumber(n, f)));
const policyArb = fc.record({
  prune: fc.boolean(),
  unmanaged: fc.subarray(['+899*', '+1555000000*', '+8992*']),
  protect: fc.subarray(['+1555123*', '+899100000001']),
  maxPurchases: fc.constant(20),
});

/** A model of the account that applies a plan the way the API would. */
function applyToModel(plan: Plan, current: readonly CurrentNumber[]): CurrentNumber[] {
  const byNumber = new Map(current.map((n) => [n.number, { ...n }]));
  for (const c of plan.changes) {
    if (c.action === 'delete') byNumber.delete(c.number);
    else {
      const base = byNumber.get(c.number) ?? currentNumber(c.number);
      byNumber.set(c.number, { ...base, ...c.after });
    }
  }
  return [...byNumber.values()];
}

describe('planner laws', () => {
  it('plan(x, x) is empty', () => {
    fc.assert(
      fc.property(currentArb, policyArb, (current, p) => {
        const desired = current.map(({ type: _type, ...n }) => desiredNumber(n.number, n));
        expect(buildPlan({ numbers: desired, policy: p }, current).changes).toEqual([]);
      }),
    );
  });

  it('applying plan(d, c) to a model of c yields d on the managed fields, and then plans nothing', () => {
    fc.assert(
      fc.property(desiredArb, currentArb, policyArb, (desired, current, p) => {
        const plan = buildPlan({ numbers: desired, policy: p }, current);
        const after = applyToModel(plan, current);
        for (const d of desired) {
          const got = after.find((n) => n.number === d.number);
          expect(got && pickManaged(got)).toEqual({
            name: d.name,
            detail: d.detail,
            callFlowId: d.callFlowId,
            messageFlowId: d.messageFlowId,
            rtpDebug: d.rtpDebug,
          });
        }
        expect(buildPlan({ numbers: desired, policy: p }, after).changes).toEqual([]);
      }),
    );
  });

  it('never deletes unmanaged numbers, and never lets a protected release through the guards', () => {
    fc.assert(
      fc.property(desiredArb, currentArb, policyArb, (desired, current, p) => {
        const plan = buildPlan({ numbers: desired, policy: p }, current);
        const isUnmanaged = createGlobMatcher(p.unmanaged);
        const isProtected = createGlobMatcher(p.protect);
        const deletes = plan.changes.filter((c) => c.action === 'delete');
        expect(deletes.filter((c) => isUnmanaged(c.number))).toEqual([]);
        const violations = checkGuards(plan, current, p, { allowMassDelete: true });
        if (deletes.some((c) => isProtected(c.number))) {
          expect(violations.map((v) => v.code)).toContain('PROTECTED_RELEASE');
        }
      }),
    );
  });

  it('costs $5.00 now per normal number bought and $5.00 a month per normal number held after apply', () => {
    fc.assert(
      fc.property(desiredArb, currentArb, policyArb, (desired, current, p) => {
        const plan = buildPlan({ numbers: desired, policy: p }, current);
        const after = applyToModel(plan, current);
        const normal = (list: readonly CurrentNumber[]) => list.filter((n) => n.type === 'normal');
        const gained = normal(after).filter((n) => !current.some((c) => c.number === n.number)).length;
        const cost = estimateCost(plan, current);
        expect(cost.nowMicros).toBe(gained * NORMAL_NUMBER_PRICE_MICROS);
        expect(cost.monthlyMicros).toBe(normal(after).length * NORMAL_NUMBER_PRICE_MICROS);
        // While releases wait for purchases: every number held before, and every one bought.
        const peak = (normal(current).length + gained) * NORMAL_NUMBER_PRICE_MICROS;
        expect(cost.untilReleasedMicros ?? cost.monthlyMicros).toBe(
          gained > 0 && peak !== cost.monthlyMicros ? peak : cost.monthlyMicros,
        );
      }),
    );
  });

  it('ordering for the limit on virtual numbers only moves and explains changes: the same account results', () => {
    const virtuals = Array.from({ length: 9 }, (_, i) => `+8991000000${String(i + 10)}`);
    const accountArb = fc.subarray(virtuals).map((list) => list.map((n) => currentNumber(n)));
    const wantedArb = fc.subarray(virtuals).map((list) => list.map((n) => desiredNumber(n)));
    const planTypeArb = fc.constantFrom('free', 'basic', 'unlimited');
    let reordered = 0;
    fc.assert(
      fc.property(wantedArb, accountArb, planTypeArb, (desired, current, planType) => {
        const plan = buildPlan({ numbers: desired, policy: policy() }, current);
        const ordered = orderForLimits(plan, current, {
          customer: { id: NIL_UUID, name: '', identityVerification: 'verified' },
          billing: { planType, balanceMicros: 0 },
        });
        if (ordered !== plan) reordered++;
        const strip = (q: Plan) =>
          q.changes.map(({ reason: _reason, ...c }) => c).sort((a, b) => compareText(a.number, b.number));
        expect(strip(ordered)).toEqual(strip(plan));
        expect(ordered.diagnostics).toEqual(plan.diagnostics);
        // New numbers get new ids in the model: compare what the account would hold.
        const held = (q: Plan) =>
          applyToModel(q, current)
            .map((n) => ({ number: n.number, ...pickManaged(n) }))
            .sort((a, b) => compareText(a.number, b.number));
        expect(held(ordered)).toEqual(held(plan));
      }),
      { numRuns: 200 },
    );
    expect(reordered).toBeGreaterThan(0);
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(desiredArb, currentArb, policyArb, (desired, current, p) => {
        const a = buildPlan({ numbers: desired, policy: p }, current);
        const b = buildPlan({ numbers: [...desired].reverse(), policy: p }, [...current].reverse());
        expect(b).toEqual(a);
      }),
    );
  });
});
