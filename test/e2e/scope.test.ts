import { describe, expect, it } from 'vitest';
import type { SimSeed } from '../../src/sim/seed.ts';
import type { RunningSimulator } from '../../src/sim/server.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

/** One account shared by two teams, each with its own repository and scope. */
const shared: SimSeed = {
  numbers: [
    { number: '+15550000001', name: 'A one' },
    { number: '+15550000002', name: 'A two' },
    { number: '+899100000001', name: 'A agent' },
    { number: '+16660000001', name: 'B one' },
    { number: '+16660000002', name: 'B two' },
    { number: '+899200000001', name: 'B agent' },
  ],
};

const SCOPE_A = 'policy:\n  scope: ["+1555*", "+8991*"]\n';
const SCOPE_B = 'policy:\n  scope: ["+1666*", "+8992*"]\n';

/** The account's live numbers with their names, by number. */
function liveNames(sim: RunningSimulator): Record<string, string> {
  const live = sim.account.state.numbers.filter((n) => n.tmDelete === null && n.status !== 'deleted');
  const pairs = live.map((n): [string, string] => [n.number, n.name]);
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}

describe('policy.scope with the real CLI', () => {
  it("two configurations with disjoint scopes share one account and never touch each other's numbers", async () => {
    const sim = await useSimulator({ seed: shared });
    // Team A renames one number, drops another (the default prune releases it) and adds one.
    const a = makeWorkspace({
      'numbers.yaml': numbersYaml(
        [
          { number: '+15550000001', name: 'A one, renamed' },
          { number: '+899100000001', name: 'A agent' },
          { number: '+899100000002', name: 'A new agent' },
        ],
        SCOPE_A,
      ),
    });
    // Team B does the same in its own scope.
    const b = makeWorkspace({
      'numbers.yaml': numbersYaml(
        [
          { number: '+16660000002', name: 'B two, renamed' },
          { number: '+899200000001', name: 'B agent' },
          { number: '+899200000002', name: 'B new agent' },
        ],
        SCOPE_B,
      ),
    });
    const numformA = numformAgainst(sim, a.dir);
    const numformB = numformAgainst(sim, b.dir);

    const planA = await numformA(['plan']);
    expect(planA.code).toBe(0);
    expect(planA.stdout).not.toMatch(/\+1666|\+8992/);
    expect(planA.stdout).toContain(
      '3 numbers outside policy.scope (+1555*, +8991*) were not considered: never updated or released by this configuration.',
    );
    expect(planA.stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');
    expect((await numformA(['apply', '--auto-approve'])).code).toBe(0);
    expect(liveNames(sim)).toEqual({
      '+15550000001': 'A one, renamed',
      '+16660000001': 'B one',
      '+16660000002': 'B two',
      '+899100000001': 'A agent',
      '+899100000002': 'A new agent',
      '+899200000001': 'B agent',
    });

    const planB = await numformB(['plan']);
    expect(planB.stdout).not.toMatch(/\+1555|\+8991/);
    expect(planB.stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');
    expect((await numformB(['apply', '--auto-approve'])).code).toBe(0);
    expect(liveNames(sim)).toEqual({
      '+15550000001': 'A one, renamed',
      '+16660000002': 'B two, renamed',
      '+899100000001': 'A agent',
      '+899100000002': 'A new agent',
      '+899200000001': 'B agent',
      '+899200000002': 'B new agent',
    });

    // Each converged, whatever the other did.
    for (const numform of [numformA, numformB]) {
      const again = await numform(['plan', '--detailed-exitcode']);
      expect(again.stdout).toContain('No changes.');
      expect(again.code).toBe(0);
    }
  });

  it('a saved plan stays valid when only numbers outside its scope change, and applies only its scope', async () => {
    const sim = await useSimulator({ seed: shared });
    const a = makeWorkspace({
      'numbers.yaml': numbersYaml(
        [
          { number: '+15550000001', name: 'A one, renamed' },
          { number: '+15550000002', name: 'A two' },
          { number: '+899100000001', name: 'A agent' },
        ],
        SCOPE_A,
      ),
    });
    const b = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+16660000001', name: 'B one, renamed' }], SCOPE_B),
    });
    const numformA = numformAgainst(sim, a.dir);
    expect((await numformA(['plan', '--out', 'plan.json'])).code).toBe(0);
    // Team B applies meanwhile: it renames one number and releases two in its own scope.
    expect((await numformAgainst(sim, b.dir)(['apply', '--auto-approve', '--allow-mass-delete'])).code).toBe(
      0,
    );

    const applied = await numformA(['apply', '--plan', 'plan.json']);
    expect(applied.code).toBe(0);
    expect(liveNames(sim)).toEqual({
      '+15550000001': 'A one, renamed',
      '+15550000002': 'A two',
      '+16660000001': 'B one, renamed',
      '+899100000001': 'A agent',
    });

    // A change inside the scope does make a saved plan stale.
    a.write(
      'numbers.yaml',
      numbersYaml(
        [
          { number: '+15550000001', name: 'A one, renamed again' },
          { number: '+15550000002', name: 'A two' },
          { number: '+899100000001', name: 'A agent' },
        ],
        SCOPE_A,
      ),
    );
    expect((await numformA(['plan', '--out', 'plan.json'])).code).toBe(0);
    const number = sim.account.state.numbers.find((n) => n.number === '+15550000002')!;
    number.name = 'changed in the console';
    const stale = await numformA(['apply', '--plan', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('The saved plan is stale');
    expect(stale.stderr).toContain('Differing: +15550000002.');
  });

  it('refuses a declaration or a --target outside the scope, saying where and why', async () => {
    const sim = await useSimulator({ seed: shared });
    const { dir, write } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15550000001' }, { number: '+16660000001' }], SCOPE_A),
    });
    const numform = numformAgainst(sim, dir);
    const validate = await numform(['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain(
      'numbers.yaml:5:13: +16660000001 is declared here, but it is outside policy.scope ("+1555*", "+8991*", at numbers.yaml:2:11), so this configuration may not manage it [OUT_OF_SCOPE_DECLARED]',
    );

    write(
      'numbers.yaml',
      numbersYaml([{ number: '+15550000001' }], 'policy:\n  prune: false\n  scope: ["+1555*"]\n'),
    );
    const target = await numform(['plan', '--target', '+16660000001']);
    expect(target.code).toBe(1);
    expect(target.stderr).toContain(
      '--target +16660000001 is outside policy.scope (+1555*), so this configuration never plans it.',
    );
  });

  it('export --scope writes only the numbers in the scope, and the scope, so it plans to No changes', async () => {
    const sim = await useSimulator({ seed: shared });
    const { dir } = makeWorkspace();
    const numform = numformAgainst(sim, dir);
    const exported = await numform([
      'export',
      '--scope',
      '+1666*',
      '--scope',
      '+8992*',
      '--out',
      'numbers.yaml',
      '--schema',
      'numbers.schema.json',
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(
      'Wrote 3 numbers to numbers.yaml.\nLeft out 3 numbers outside --scope (+1666*, +8992*).\n',
    );
    const plan = await numform(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.stdout).toContain('3 numbers outside policy.scope (+1666*, +8992*) were not considered');
    expect(plan.code).toBe(0);
    const text = (await numform(['export', '--scope', '+1666*', '--scope', '+8992*'])).stdout;
    expect(text).toContain("policy:\n  scope:\n    - '+1666*'\n    - '+8992*'\n");
    expect(text).not.toMatch(/\+1555|\+8991/);

    const bad = await numform(['export', '--scope', '+1555x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--scope "+1555x" is not a valid pattern');
    const both = await numform(['export', '--unmanaged-only', '--scope', '+1555*', 'numbers.yaml']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--scope cannot be combined with --unmanaged-only.');
  });

  it('export --unmanaged-only offers only what the scope holds and the configuration does not declare', async () => {
    const sim = await useSimulator({ seed: shared });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15550000001', name: 'A one' }], `${SCOPE_A}  prune: false\n`),
    });
    const run = await numformAgainst(sim, dir)(['export', '--unmanaged-only', 'numbers.yaml']);
    expect(run.code).toBe(0);
    const listed = [...run.stdout.matchAll(/number: '(\+\d+)'/g)].map((m) => m[1]);
    expect(listed).toEqual(['+15550000002', '+899100000001']);
    expect(run.stderr).toBe('Left out 3 numbers outside policy.scope (+1555*, +8991*).\n');
  });
});
