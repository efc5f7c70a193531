import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useClient, useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

function virtual(i: number): string {
  return `+899100${String(i).padStart(6, '0')}`;
}

/** An account of `count` managed numbers and a configuration that releases `releases` of them. */
async function setUp(count: number, releases: number) {
  const numbers = Array.from({ length: count }, (_, i) => ({ number: virtual(i + 1) }));
  const sim = await useSimulator({ seed: { numbers } });
  const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(numbers.slice(releases)) });
  return { sim, dir, numform: numformAgainst(sim, dir) };
}

describe('mass-release guard, end to end', () => {
  it('lets 8 of 9 managed numbers be released (under the 10-number floor)', async () => {
    const { numform } = await setUp(9, 8);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 8 deleted.');
  });

  it('refuses to release every managed number, however few, unless --allow-mass-delete', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: virtual(1) }, { number: virtual(2) }] } });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: virtual(9) }]) });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The plan would release every managed number of the account (2). [RELEASE_ALL]',
    );
    expect(run.stderr).toContain('--allow-mass-delete');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    const allowed = await numform(['apply', '--auto-approve', '--allow-mass-delete']);
    expect(allowed.stdout).toContain('Apply complete: 1 created, 0 updated, 2 deleted.');
  });

  it.each([
    ['an empty file', ''],
    ['a comment-only file', '# exported by numform\n'],
    ['a null document', 'null\n'],
    ['an empty list', 'numbers: []\n'],
  ])('refuses to release anything from %s, saying why, and sends no change', async (_what, text) => {
    const numbers = Array.from({ length: 3 }, (_, i) => ({ number: virtual(i + 1) }));
    const sim = await useSimulator({ seed: { numbers } });
    const { dir } = makeWorkspace({ 'numbers.yaml': text });
    const numform = numformAgainst(sim, dir);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The configuration declares no numbers, so the plan would release 3 numbers',
    );
    expect(run.stderr).toContain('[EMPTY_CONFIGURATION]');
    expect(run.stderr).not.toMatch(/bug in numform/);
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    expect((await numform(['plan', '--out', 'plan.json'])).code).toBe(1);
  });

  it('allows exactly 30% of 10, releasing exactly the 3 undeclared numbers', async () => {
    const { sim, numform } = await setUp(10, 3);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 0 created, 0 updated, 3 deleted.');
    expect(sim.stats.get('DELETE /numbers/{id}')).toBe(3);
    const left = (await useClient(sim).listNumbers()).map((n) => n.number).sort();
    expect(left).toEqual(Array.from({ length: 7 }, (_, i) => virtual(i + 4)));
  });

  it('refuses 4 of 10 and changes nothing, unless --allow-mass-delete', async () => {
    const { sim, numform } = await setUp(10, 4);
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The plan would release 4 of 10 managed numbers (40%, more than 30%).');
    expect(run.stderr).toContain('--allow-mass-delete');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    expect((await numform(['apply', '--auto-approve', '--allow-mass-delete'])).code).toBe(0);
  });

  it('refuses 31% at plan time, so no plan can be saved', async () => {
    const { dir, numform } = await setUp(100, 31);
    const run = await numform(['plan', '--out', 'plan.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('31 of 100 managed numbers (31%');
    expect(run.stderr).not.toContain('Saved the plan');
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
    expect((await numform(['plan', '--allow-mass-delete'])).code).toBe(0);
  });
});

describe('protect and purchase guards, end to end', () => {
  it('refuses to release a protected number, naming it', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+15551230000' }, { number: '+899100000001' }] },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([], 'policy:\n  protect: ["+1555*"]\n') });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The plan would release protected number +15551230000');
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
  });

  it('refuses more purchases than policy.max_purchases', async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml(
        [{ number: '+15550000001' }, { number: '+15550000002' }],
        'policy:\n  max_purchases: 1\n',
      ),
    });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The plan would buy 2 normal numbers; policy.max_purchases allows 1.');
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
  });

  it('leaves unmanaged numbers alone', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+899100000001' }, { number: '+899200000001' }] },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([], 'policy:\n  unmanaged: ["+8992*"]\n') });
    const run = await numformAgainst(sim, dir)(['plan']);
    expect(run.stdout).toContain('- +899100000001 will be released');
    expect(run.stdout).not.toContain('+899200000001');
  });
});
