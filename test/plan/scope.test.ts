import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/config/load-config.ts';
import type { DesiredState } from '../../src/model/desired.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { checkGuards } from '../../src/plan/check-guards.ts';
import { digestConfig, preparePlan } from '../../src/reconcile/prepare-plan.ts';
import { currentNumber, desiredNumber, policy } from '../support/builders.ts';
import { FakeNumbersApi } from '../support/fake-numbers-api.ts';

function load(text: string, file = 'numbers.yaml') {
  return checkSources([{ file, text }]);
}

function desiredFrom(text: string): DesiredState {
  const { desired, issues } = load(text);
  if (!desired) throw new Error(JSON.stringify(issues));
  return desired;
}

describe('policy.scope in the configuration', () => {
  it('is read into the policy, and a configuration without it has none (every number in scope)', () => {
    expect(desiredFrom('policy:\n  scope: ["+1555*"]\n').policy.scope).toEqual(['+1555*']);
    expect(desiredFrom('policy:\n  prune: true\n').policy).not.toHaveProperty('scope');
  });

  it('changes the configuration digest, so a saved plan cannot switch scopes', () => {
    const scoped = digestConfig(desiredFrom('policy:\n  scope: ["+1555*"]\n'));
    expect(scoped).not.toBe(digestConfig(desiredFrom('policy:\n  scope: ["+1666*"]\n')));
    expect(digestConfig(desiredFrom('policy:\n  prune: true\n'))).toBe(digestConfig(desiredFrom('{}\n')));
  });

  it('refuses an empty scope, which would manage nothing', () => {
    expect(load('policy:\n  scope: []\n').issues).toMatchObject([
      {
        code: 'EMPTY_VALUE',
        source: { line: 2, col: 10 },
        hint: 'Remove "scope" instead of leaving it empty: without it, the configuration manages every number of the account.',
      },
    ]);
  });

  it('checks its patterns as globs', () => {
    const { issues } = load('policy:\n  scope: ["+1555*", "1555a"]\n');
    expect(issues).toMatchObject([{ code: 'BAD_GLOB', source: { line: 2, col: 21 } }]);
    expect(issues[0]!.message).toContain('"1555a"');
  });

  it('makes a declared number outside it an error at its file:line:col, across files', () => {
    const { issues } = checkSources([
      { file: 'policy.yaml', text: 'policy:\n  scope: ["+1555*", "+8991*"]\n' },
      {
        file: 'team.yaml',
        text: 'numbers:\n  - number: "+15550000001"\n  - number: "+16660000001"\n  - number: "+899200000001"\n',
      },
    ]);
    expect(issues.map((i) => [i.code, `${i.source?.file}:${i.source?.line}:${i.source?.col}`])).toEqual([
      ['OUT_OF_SCOPE_DECLARED', 'team.yaml:3:13'],
      ['OUT_OF_SCOPE_DECLARED', 'team.yaml:4:13'],
    ]);
    expect(issues[0]!.message).toBe(
      '+16660000001 is declared here, but it is outside policy.scope ("+1555*", "+8991*", at policy.yaml:2:11), so this configuration may not manage it',
    );
  });
});

describe('policy.scope in the planner', () => {
  const account = [
    currentNumber('+15550000001', { name: 'mine' }),
    currentNumber('+15550000002', { name: 'mine, dropped' }),
    currentNumber('+16660000001', { name: 'theirs' }),
    currentNumber('+16660000002', { name: 'theirs too' }),
  ];

  it('never updates or releases numbers outside it, and says how many it left out', () => {
    const plan = buildPlan(
      {
        numbers: [desiredNumber('+15550000001', { name: 'renamed' })],
        policy: policy({ scope: ['+1555*'] }),
      },
      account,
    );
    expect(plan.changes.map((c) => `${c.action} ${c.number}`)).toEqual([
      'update +15550000001',
      'delete +15550000002',
    ]);
    expect(plan.diagnostics).toEqual([
      {
        severity: 'note',
        code: 'OUT_OF_SCOPE',
        message:
          '2 numbers outside policy.scope (+1555*) were not considered: never updated or released by this configuration.',
      },
    ]);
  });

  it('puts the note, which is about no number, before the notes about numbers; one number "was"', () => {
    const plan = buildPlan(
      {
        numbers: [desiredNumber('+15550000001')],
        policy: policy({ scope: ['+1555000000*'] }),
      },
      [currentNumber('+15550000001', { status: 'purchase-pending' }), currentNumber('+16660000001')],
    );
    expect(plan.diagnostics.map((d) => [d.code, d.number])).toEqual([
      ['OUT_OF_SCOPE', undefined],
      ['PENDING_PURCHASE', '+15550000001'],
    ]);
    expect(plan.diagnostics[0]!.message).toBe(
      '1 number outside policy.scope (+1555000000*) was not considered: never updated or released by this configuration.',
    );
  });

  it('without a scope, plans the whole account as before, with no note', () => {
    const plan = buildPlan({ numbers: [desiredNumber('+15550000001')], policy: policy() }, account);
    expect(plan.changes.filter((c) => c.action === 'delete')).toHaveLength(3);
    expect(plan.diagnostics).toEqual([]);
  });

  it('counts only numbers in scope for the mass-release guard', () => {
    // 10 numbers in scope, 30 outside: releasing 4 in scope is 40% of what this configuration manages.
    const inside = Array.from({ length: 10 }, (_, i) => currentNumber(`+155500000${10 + i}`));
    const outside = Array.from({ length: 30 }, (_, i) => currentNumber(`+166600000${10 + i}`));
    const scoped = policy({ scope: ['+1555*'] });
    const keep = inside.slice(4).map((n) => desiredNumber(n.number));
    const plan = buildPlan({ numbers: keep, policy: scoped }, [...inside, ...outside]);
    expect(plan.changes).toHaveLength(4);
    expect(checkGuards(plan, [...inside, ...outside], scoped, { declared: keep.length })).toMatchObject([
      {
        code: 'MASS_RELEASE',
        message: 'The plan would release 4 of 10 managed numbers (40%, more than 30%).',
      },
    ]);
    // Releasing every number in scope is "release all", however many numbers others manage.
    const none = buildPlan({ numbers: [], policy: scoped }, [...inside.slice(0, 2), ...outside]);
    expect(checkGuards(none, [...inside.slice(0, 2), ...outside], scoped, { declared: 1 })).toMatchObject([
      { code: 'RELEASE_ALL', message: 'The plan would release every managed number in policy.scope (2).' },
    ]);
  });
});

describe('policy.scope when preparing a plan', () => {
  const text = 'policy:\n  scope: ["+1555*"]\nnumbers:\n  - number: "+15550000001"\n    name: mine\n';

  it('refuses a --target outside the scope before reading anything into the plan', async () => {
    const api = new FakeNumbersApi({
      numbers: [currentNumber('+15550000001'), currentNumber('+16660000001')],
    });
    await expect(
      preparePlan(api, desiredFrom(text), { endpoint: 'http://127.0.0.1:1', targets: ['+16660000001'] }),
    ).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE_TARGET',
      message:
        '--target +16660000001 is outside policy.scope (+1555*), so this configuration never plans it.',
    });
  });

  it('digests only the scoped part of the account: a change outside leaves the plan and state digests alone', async () => {
    const mine = currentNumber('+15550000001');
    const theirs = currentNumber('+16660000001', { name: 'before' });
    const prepare = (numbers: typeof account) =>
      preparePlan(new FakeNumbersApi({ numbers }), desiredFrom(text), { endpoint: 'http://127.0.0.1:1' });
    const account = [mine, theirs];
    const first = await prepare(account);
    const renamed = await prepare([mine, { ...theirs, name: 'after' }]);
    const grown = await prepare([mine, theirs, currentNumber('+16660000002')]);
    for (const other of [renamed, grown]) {
      expect(other.context.state_digest).toBe(first.context.state_digest);
      expect(other.context.plan_digest).toBe(first.context.plan_digest);
    }
    const inside = await prepare([{ ...mine, name: 'edited' }, theirs]);
    expect(inside.context.state_digest).not.toBe(first.context.state_digest);
  });
});
