import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/model/desired.ts';
import type { CurrentNumber } from '../../src/model/number.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { summarizePlan } from '../../src/plan/plan-types.ts';
import type { ResolvedNumber } from '../../src/plan/resolve-flows.ts';
import {
  checkGuards,
  MASS_RELEASE_MAX_FRACTION,
  MASS_RELEASE_MIN_MANAGED,
} from '../../src/plan/check-guards.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';

function numbersFrom(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
}

function account(count: number, prefix = '+899100'): CurrentNumber[] {
  return numbersFrom(prefix, count).map((n) => currentNumber(n));
}

/** Declares all but `releases` of the account's numbers, so the plan releases that many. */
function guardsFor(count: number, releases: number, allowMassDelete = false) {
  const current = account(count);
  const numbers = current.slice(releases).map((n) => desiredNumber(n.number));
  const p = policy();
  return checkGuards(buildPlan({ numbers, policy: p }, current), current, p, { allowMassDelete });
}

function guards(
  numbers: readonly ResolvedNumber[],
  current: readonly CurrentNumber[],
  p: Policy,
  options?: { allowMassDelete?: boolean },
) {
  return checkGuards(buildPlan({ numbers, policy: p }, current), current, p, options);
}

const MASS_HINT =
  'If that is intended, run again with --allow-mass-delete. Released normal numbers may be lost for good.';

describe('mass-release guard', () => {
  it('keeps the octoDNS thresholds: at least 10 managed numbers, more than 30%', () => {
    expect(MASS_RELEASE_MIN_MANAGED).toBe(10);
    expect(MASS_RELEASE_MAX_FRACTION).toBe(0.3);
  });

  it('does not apply under 10 managed numbers', () => {
    expect(guardsFor(9, 8)).toEqual([]);
  });

  it('allows exactly 30% of 10 and refuses 4 of 10, with the counts and the way out', () => {
    expect(guardsFor(10, 3)).toEqual([]);
    expect(guardsFor(10, 4)).toEqual([
      {
        severity: 'error',
        code: 'MASS_RELEASE',
        message: 'The plan would release 4 of 10 managed numbers (40%, more than 30%).',
        hint: MASS_HINT,
      },
    ]);
  });

  it('refuses 31%', () => {
    expect(guardsFor(100, 31)).toEqual([expect.objectContaining({ code: 'MASS_RELEASE' })]);
    expect(guardsFor(100, 30)).toEqual([]);
  });

  it('rounds the percentage it reports to the nearest whole number', () => {
    expect(guardsFor(14, 5)[0]!.message).toBe(
      'The plan would release 5 of 14 managed numbers (36%, more than 30%).',
    );
  });

  it('gives way to --allow-mass-delete, and applies when the option is not given', () => {
    expect(guardsFor(10, 10, true)).toEqual([]);
    const current = account(10);
    const p = policy();
    const plan = buildPlan(
      { numbers: current.slice(6).map((n) => desiredNumber(n.number)), policy: p },
      current,
    );
    expect(checkGuards(plan, current, p).map((v) => v.code)).toEqual(['MASS_RELEASE']);
    expect(checkGuards(plan, current, p, {}).map((v) => v.code)).toEqual(['MASS_RELEASE']);
  });

  it('counts only managed numbers: 4 of 10 managed is refused however many unmanaged there are', () => {
    // The 10 unmanaged numbers would make 4 releases only 20% of the account.
    const managed = account(10);
    const current = [...managed, ...account(10, '+899200')];
    const p = policy({ unmanaged: ['+8992*'] });
    const keep = managed.slice(4).map((n) => desiredNumber(n.number));
    expect(guards(keep, current, p)).toEqual([
      {
        severity: 'error',
        code: 'MASS_RELEASE',
        message: 'The plan would release 4 of 10 managed numbers (40%, more than 30%).',
        hint: MASS_HINT,
      },
    ]);
    expect(
      guards(
        managed.slice(3).map((n) => desiredNumber(n.number)),
        current,
        p,
      ),
    ).toEqual([]);
  });

  it('does not count unmanaged numbers towards the 10-number floor', () => {
    const managed = account(9);
    const current = [...managed, ...account(10, '+899200')];
    const p = policy({ unmanaged: ['+8992*'] });
    expect(guards([desiredNumber(managed[0]!.number)], current, p)).toEqual([]);
  });

  it('counts only releases in a plan that also creates and updates', () => {
    const current = account(10);
    const p = policy({ maxPurchases: 10 });
    const creates = numbersFrom('+155500', 5).map((n) => desiredNumber(n));
    const updates = current.slice(3, 8).map((n) => desiredNumber(n.number, { name: 'changed' }));
    const unchanged = current.slice(8).map((n) => desiredNumber(n.number));
    // 3 releases with 10 other changes: 30% of 10, allowed.
    expect(guards([...creates, ...updates, ...unchanged], current, p)).toEqual([]);
    // 4 releases with 9 other changes: refused, and the message counts releases only.
    const oneLess = updates.slice(1);
    expect(guards([...creates, ...oneLess, ...unchanged], current, p)).toEqual([
      {
        severity: 'error',
        code: 'MASS_RELEASE',
        message: 'The plan would release 4 of 10 managed numbers (40%, more than 30%).',
        hint: MASS_HINT,
      },
    ]);
  });
});

const PROTECT_HINT =
  'Declare them in a file, list them in policy.unmanaged, or set policy.prune to false. numform never releases a protected number.';

describe('protect guard', () => {
  it('refuses a plan that would release a protected number, naming it and the patterns', () => {
    const current = [
      currentNumber('+15551230000'),
      currentNumber('+15559990000'),
      currentNumber('+15550000001'),
    ];
    const p = policy({ protect: ['+1555123*', '+1666*'] });
    expect(guards([desiredNumber('+15550000001')], current, p)).toEqual([
      {
        severity: 'error',
        code: 'PROTECTED_RELEASE',
        message: 'The plan would release protected number +15551230000 (policy.protect: +1555123*, +1666*).',
        hint: PROTECT_HINT,
      },
    ]);
  });

  it('names every protected number a plan would release', () => {
    const current = [
      currentNumber('+15551230000'),
      currentNumber('+15551230001'),
      currentNumber('+15559990000'),
    ];
    const p = policy({ protect: ['+1555123*'] });
    expect(guards([desiredNumber('+15559990000')], current, p)[0]!.message).toBe(
      'The plan would release protected numbers +15551230000, +15551230001 (policy.protect: +1555123*).',
    );
  });

  it('still refuses with --allow-mass-delete', () => {
    const current = [currentNumber('+15551230000')];
    const p = policy({ protect: ['+1555*'] });
    expect(guards([], current, p, { allowMassDelete: true }).map((v) => v.code)).toEqual([
      'PROTECTED_RELEASE',
    ]);
  });

  it('allows creating and updating a protected number', () => {
    const current = [currentNumber('+15551230000')];
    const p = policy({ protect: ['+1555*'] });
    const numbers = [desiredNumber('+15551230000', { name: 'renamed' }), desiredNumber('+15551239999')];
    const plan = buildPlan({ numbers, policy: p }, current);
    expect(plan.changes.map((c) => `${c.action} ${c.number}`)).toEqual([
      'create +15551239999',
      'update +15551230000',
    ]);
    expect(checkGuards(plan, current, p)).toEqual([]);
  });
});

describe('purchase guard', () => {
  it('refuses more normal purchases than policy.max_purchases; virtual numbers are free', () => {
    const numbers = ['+15550000001', '+15550000002', '+15550000003', '+899100000001'].map((n) =>
      desiredNumber(n),
    );
    const p = policy({ maxPurchases: 2 });
    expect(guards(numbers, [], p)).toEqual([
      {
        severity: 'error',
        code: 'TOO_MANY_PURCHASES',
        message: 'The plan would buy 3 normal numbers; policy.max_purchases allows 2.',
        hint: 'Raise policy.max_purchases if these purchases are intended (each costs money), or apply in steps with --target.',
      },
    ]);
    expect(guards(numbers, [], policy({ maxPurchases: 3 }))).toEqual([]);
  });

  it('counts only creates: 25 updates and releases of normal numbers are no purchase', () => {
    const current = account(60, '+155500');
    const p = policy({ maxPurchases: 1 });
    const updates = current.slice(0, 20).map((n) => desiredNumber(n.number, { name: 'changed' }));
    const unchanged = current.slice(25).map((n) => desiredNumber(n.number));
    const oneCreate = desiredNumber('+15560000001');
    const plan = buildPlan({ numbers: [...updates, ...unchanged, oneCreate], policy: p }, current);
    expect(summarizePlan(plan)).toEqual({ create: 1, update: 20, delete: 5 });
    expect(checkGuards(plan, current, p)).toEqual([]);
    const twoCreates = [...updates, ...unchanged, oneCreate, desiredNumber('+15560000002')];
    expect(guards(twoCreates, current, p).map((v) => v.message)).toEqual([
      'The plan would buy 2 normal numbers; policy.max_purchases allows 1.',
    ]);
  });

  it('reports every guard a plan breaks, in a fixed order', () => {
    const current = account(10, '+155512');
    const p = policy({ protect: ['+1555120*'], maxPurchases: 0 });
    expect(guards([desiredNumber('+15560000001')], current, p).map((v) => v.code)).toEqual([
      'PROTECTED_RELEASE',
      'RELEASE_ALL',
      'TOO_MANY_PURCHASES',
    ]);
    const some = current.slice(5).map((n) => desiredNumber(n.number));
    expect(guards([...some, desiredNumber('+15560000001')], current, p).map((v) => v.code)).toEqual([
      'PROTECTED_RELEASE',
      'MASS_RELEASE',
      'TOO_MANY_PURCHASES',
    ]);
  });
});

describe('releasing everything', () => {
  it('refuses a plan that releases every managed number, at any account size', () => {
    for (const size of [1, 2, 9, 10, 50]) {
      expect(guardsFor(size, size), `${size}`).toEqual([
        {
          severity: 'error',
          code: 'RELEASE_ALL',
          message: `The plan would release every managed number of the account (${size}).`,
          hint: MASS_HINT,
        },
      ]);
      expect(guardsFor(size, size, true), `${size} allowed`).toEqual([]);
    }
    // Unmanaged numbers left standing do not make it less than everything.
    const current = [...account(3), ...account(5, '+899200')];
    const p = policy({ unmanaged: ['+8992*'] });
    expect(guards([], current, p).map((v) => v.code)).toEqual(['RELEASE_ALL']);
  });

  it('refuses any release from a configuration that declares no numbers, saying why', () => {
    const current = account(12);
    const p = policy({ unmanaged: ['+89910000000[0-5]'] });
    const plan = buildPlan({ numbers: [], policy: p }, current);
    const violations = checkGuards(plan, current, p, { declared: 0 });
    expect(violations).toEqual([
      {
        severity: 'error',
        code: 'EMPTY_CONFIGURATION',
        message:
          'The configuration declares no numbers, so the plan would release 6 numbers of the account. An empty or truncated file (a failed export, say) reads like this.',
        hint: `Check the files you passed. ${MASS_HINT}`,
      },
    ]);
    expect(checkGuards(plan, current, p, { declared: 0, allowMassDelete: true })).toEqual([]);
    // Nothing to release: an empty configuration of an account with only unmanaged numbers is fine.
    const onlyUnmanaged = account(3);
    const q = policy({ unmanaged: ['+899*'] });
    expect(
      checkGuards(buildPlan({ numbers: [], policy: q }, onlyUnmanaged), onlyUnmanaged, q, { declared: 0 }),
    ).toEqual([]);
  });
});

describe('the monthly cost guard', () => {
  const normals = (count: number) => account(count, '+155500');
  const COST_HINT =
    'Raise policy.max_monthly_cost if these purchases are intended, release normal numbers you no longer need, or buy fewer (--target). --allow-mass-delete does not lift this limit.';

  it('refuses purchases that leave the account costing more a month than policy.max_monthly_cost', () => {
    const current = normals(2);
    const numbers = [
      ...current.map((n) => desiredNumber(n.number)),
      desiredNumber('+16660000001'),
      desiredNumber('+16660000002'),
    ];
    // 2 held + 2 bought = 4 normal numbers: $20.00 a month.
    const p = policy({ maxMonthlyCostMicros: 15_000_000 });
    expect(guards(numbers, current, p)).toEqual([
      {
        severity: 'error',
        code: 'MONTHLY_COST_LIMIT',
        message:
          "After this plan the account's 4 normal numbers would cost $20.00 a month; policy.max_monthly_cost allows $15.00.",
        hint: COST_HINT,
      },
    ]);
    expect(guards(numbers, current, p, { allowMassDelete: true }).map((v) => v.code)).toEqual([
      'MONTHLY_COST_LIMIT',
    ]);
    expect(guards(numbers, current, policy({ maxMonthlyCostMicros: 20_000_000 }))).toEqual([]);
    expect(guards(numbers, current, policy())).toEqual([]);
  });

  it('holds a plan that buys and releases to what a month costs while its releases wait, and never refuses a plan that buys nothing', () => {
    const current = normals(4);
    // Release two, buy one: 3 normal numbers after ($15.00 a month), but 5 ($25.00) while the
    // releases wait for the purchase, which VoIPBIN may never confirm.
    const numbers = [
      ...current.slice(0, 2).map((n) => desiredNumber(n.number)),
      desiredNumber('+16660000001'),
    ];
    expect(guards(numbers, current, policy({ maxMonthlyCostMicros: 25_000_000 }))).toEqual([]);
    const refused = guards(numbers, current, policy({ maxMonthlyCostMicros: 24_999_999 }));
    expect(refused.map((v) => v.code)).toEqual(['MONTHLY_COST_LIMIT']);
    expect(refused[0]!.message).toBe(
      "After this plan the account's 5 normal numbers would cost $25.00 a month while its releases wait for its purchases to be confirmed; policy.max_monthly_cost allows $24.999999.",
    );
    // Buying without releasing: the cost after apply is all there is.
    const buyOnly = [...current.map((n) => desiredNumber(n.number)), desiredNumber('+16660000001')];
    expect(guards(buyOnly, current, policy({ maxMonthlyCostMicros: 25_000_000 }))).toEqual([]);
    expect(guards(buyOnly, current, policy({ maxMonthlyCostMicros: 24_999_999 }))[0]!.message).toBe(
      "After this plan the account's 5 normal numbers would cost $25.00 a month; policy.max_monthly_cost allows $24.999999.",
    );
    // Already over the limit, but buying nothing (virtual numbers are free): no refusal.
    const keep = [...current.map((n) => desiredNumber(n.number)), desiredNumber('+899100000001')];
    expect(guards(keep, current, policy({ maxMonthlyCostMicros: 0 }))).toEqual([]);
  });
});
