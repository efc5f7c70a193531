import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.ts';
import type { CreateNumberInput } from '../../src/api/client.ts';
import { VIRTUAL_NUMBER_LIMITS, type AccountFacts } from '../../src/model/account.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { orderForLimits } from '../../src/plan/order-for-limits.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { predictFailures } from '../../src/plan/predict-failures.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi, type RecordedCall } from '../support/fake-numbers-api.ts';

const LIMIT = VIRTUAL_NUMBER_LIMITS.free!;
const FREE: AccountFacts = {
  customer: { id: '5e4a0680-804e-11ec-8477-2fea5968d85b', name: 'Acme', identityVerification: 'verified' },
  billing: { planType: 'free', balanceMicros: 0 },
};

const held = (i: number) => `+899100${String(i).padStart(6, '0')}`;
const added = (i: number) => `+899200${String(i).padStart(6, '0')}`;
const isVirtual = (n: CurrentNumber) => n.type === 'virtual';

/**
 * A fake account that refuses a virtual create once it holds LIMIT virtual numbers, counting the
 * creates it has accepted but not yet stored, as VoIPBIN's check before each create does.
 */
function limitedAccount(current: CurrentNumber[], before?: (call: RecordedCall) => Promise<void> | void) {
  let accepted = 0;
  const fake: FakeNumbersApi = new FakeNumbersApi({
    numbers: current,
    before: async (call) => {
      await before?.(call);
      if (call.op !== 'create' || (call.args as CreateNumberInput).type !== 'virtual') return;
      const count = [...fake.numbers.values()].filter(isVirtual).length + accepted;
      if (count >= LIMIT) throw new Error(`resource limit exceeded (${count} of ${LIMIT})`);
      accepted++;
    },
    onCreate: (_input, made) => {
      if (made.type === 'virtual') accepted--;
      return { number: made, adopted: false };
    },
  });
  return fake;
}

/** The account's first `count` virtual numbers. */
const account = (count: number, extra: CurrentNumber[] = []) => [
  ...Array.from({ length: count }, (_, i) => currentNumber(held(i + 1))),
  ...extra,
];

/** Keeps the first `keep` numbers of the account and declares `add` new virtual numbers. */
function swapPlan(current: CurrentNumber[], keep: number, add: number, extra: ResolvedNumber[] = []): Plan {
  const numbers = [
    ...current.slice(0, keep).map((n) => desiredNumber(n.number)),
    ...Array.from({ length: add }, (_, i) => desiredNumber(added(i + 1))),
    ...extra,
  ];
  return buildPlan({ numbers, policy: policy() }, current);
}

/** Lets every promise that can move, move. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('applyPlan: releases first under the limit on virtual numbers', () => {
  it('swaps at the limit in one apply: the releases go first, the creates follow', async () => {
    const current = account(5);
    const plan = orderForLimits(swapPlan(current, 3, 2), current, FREE);
    const fake = limitedAccount(current);
    const result = await applyPlan(plan, fake);
    expect(result.failed).toEqual([]);
    expect(result.completed).toHaveLength(4);
    const [id4, id5] = [current[3]!.id, current[4]!.id];
    expect(fake.log).toEqual([`delete ${id4}`, `delete ${id5}`, `create ${added(1)}`, `create ${added(2)}`]);
    const left = [...fake.numbers.values()].map((n) => n.number).sort();
    expect(left).toEqual([held(1), held(2), held(3), added(1), added(2)]);
  });

  it('fails the same swap with creates first (the fake holds the limit as VoIPBIN does)', async () => {
    const current = account(5);
    const fake = limitedAccount(current);
    const result = await applyPlan(swapPlan(current, 3, 2), fake);
    expect(result.failed.map((f) => f.change.number)).toEqual([added(1), added(2)]);
    // A failed create holds back every other release, as before.
    expect(result.skipped.map((s) => [s.change.number, s.reason])).toEqual([
      [held(4), 'release skipped because 2 earlier changes failed'],
      [held(5), 'release skipped because 2 earlier changes failed'],
    ]);
  });

  it('starts the creates that have room at once, and only the others wait for their releases', async () => {
    const current = account(4);
    const plan = orderForLimits(swapPlan(current, 2, 3), current, FREE);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const fake = limitedAccount(current, (call) => (call.op === 'delete' ? gate : undefined));
    const done = applyPlan(plan, fake);
    await settle();
    expect(fake.log).toEqual([`delete ${current[2]!.id}`, `delete ${current[3]!.id}`, `create ${added(1)}`]);
    open();
    const result = await done;
    expect(result.failed).toEqual([]);
    expect(fake.log.slice(3).sort()).toEqual([`create ${added(2)}`, `create ${added(3)}`]);
  });

  it('skips only the create a failed release made room for, and every later release', async () => {
    const current = account(5, [currentNumber('+15550000001')]);
    const plan = orderForLimits(swapPlan(current, 3, 2), current, FREE);
    expect(plan.changes.map((c) => `${c.action} ${c.number}`)).toEqual([
      `delete ${held(4)}`,
      `delete ${held(5)}`,
      `create ${added(1)}`,
      `create ${added(2)}`,
      'delete +15550000001',
    ]);
    const fake = limitedAccount(current, (call) => {
      if (call.target === current[3]!.id) throw new Error('carrier release failed');
    });
    const result = await applyPlan(plan, fake);
    expect(result.failed.map((f) => f.change.number)).toEqual([held(4)]);
    expect(result.completed.map((c) => c.change.number).sort()).toEqual([held(5), added(2)]);
    expect(result.skipped.map((s) => [s.change.number, s.reason])).toEqual([
      [added(1), `not created: the release of ${held(4)}, which makes room for it, did not succeed`],
      ['+15550000001', 'release skipped because 1 earlier change failed'],
    ]);
    expect(fake.log).not.toContain(`create ${added(1)}`);
  });

  it('keeps held releases for the end, where they stay held', async () => {
    const pending = currentNumber('+15559999999', { status: 'purchase-pending' });
    const current = account(3, [pending]);
    const plan = orderForLimits(swapPlan(current, 2, 1, [desiredNumber(pending.number)]), current, FREE);
    // 3 held + 1 created fits: nothing goes first, and the release stays held.
    expect(plan.changes.map((c) => c.reason?.code ?? c.action)).toEqual(['create', 'HELD']);
    const result = await applyPlan(plan, limitedAccount(current));
    expect(result.held.map((h) => h.change.number)).toEqual([held(3)]);
  });
});

describe('the limit law', () => {
  it('a plan predicted to fit applies without a refusal, in any order of answers; one predicted not to fit is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 10 }),
        fc.scheduler(),
        async (holds, keepRaw, add, pendingPurchase, parallelism, s) => {
          const keep = Math.min(keepRaw, holds);
          const pending = currentNumber('+15559999999', {
            status: pendingPurchase ? 'purchase-pending' : 'active',
          });
          const current = account(holds, [pending]);
          const plan = orderForLimits(
            swapPlan(current, keep, add, [desiredNumber(pending.number)]),
            current,
            FREE,
          );
          const predicted = predictFailures(plan, current, FREE).filter(
            (d) => d.code === 'VIRTUAL_NUMBER_LIMIT',
          );
          const fake = limitedAccount(current, async (call) => {
            await s.schedule(Promise.resolve(`${call.op} ${call.target}`));
          });
          const result = await s.waitFor(applyPlan(plan, fake, { parallelism }));
          const refused = result.failed.filter((f) => f.message.includes('resource limit exceeded'));
          if (predicted.length === 0) {
            expect(refused).toEqual([]);
            expect(result.failed).toEqual([]);
            const virtuals = [...fake.numbers.values()].filter(isVirtual).length;
            const heldReleases = plan.changes.filter((c) => c.reason?.code === 'HELD').length;
            expect(virtuals).toBe(keep + add + heldReleases);
          } else {
            expect(refused.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
