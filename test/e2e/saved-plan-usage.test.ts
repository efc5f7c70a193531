import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

describe('apply --plan takes the plan as reviewed', () => {
  it.each([[['--target', '+899100000001']], [['--allow-mass-delete']], [['--release-while-pending']]])(
    'refuses %j beside --plan, before sending anything',
    async (extra) => {
      const sim = await useSimulator({
        seed: { numbers: [{ number: '+899100000009', name: 'Old' }, { number: '+899100000002' }] },
      });
      const { dir } = makeWorkspace({
        'numbers.yaml': numbersYaml([{ number: '+899100000001' }, { number: '+899100000002' }]),
      });
      const numform = numformAgainst(sim, dir);
      expect((await numform(['plan', '--out', 'plan.json'])).code).toBe(0);
      const requests = (): number => [...sim.stats.values()].reduce((a, b) => a + b, 0);
      const sent = requests();

      const run = await numform(['apply', '--plan', 'plan.json', ...extra]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^Error: --target, --allow-mass-delete and --release-while-pending belong to the plan/m,
      );
      expect(run.stdout).toBe('');
      expect(requests()).toBe(sent);
      expect(sim.account.state.numbers.map((n) => n.number)).toEqual(['+899100000009', '+899100000002']);
    },
  );

  it('applies a plan only to the files it was made from: an edited plan file cannot release a number', async () => {
    const sim = await useSimulator({
      seed: {
        numbers: [
          { number: '+899100000001', name: 'Keep' },
          { number: '+899100000002', name: 'Keep too' },
        ],
      },
    });
    const reviewed = numbersYaml([
      { number: '+899100000001', name: 'Keep' },
      { number: '+899100000002', name: 'Renamed' },
    ]);
    const { dir, write } = makeWorkspace({ 'numbers.yaml': reviewed });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['plan', '--out', 'plan.json'])).code).toBe(0);

    // The forger edits the embedded configuration to drop a number and recomputes every digest by
    // planning from the edited configuration with numform itself, then copies it into the plan file.
    const forged = numbersYaml([{ number: '+899100000002', name: 'Renamed' }]);
    const { dir: elsewhere } = makeWorkspace({ 'numbers.yaml': forged });
    expect((await numformAgainst(sim, elsewhere)(['plan', '--out', 'plan.json'])).code).toBe(0);
    write('plan.json', readFileSync(join(elsewhere, 'plan.json'), 'utf8'));

    const run = await numform(['apply', '--plan', 'plan.json', 'numbers.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Error: The plan plan.json was not made from the configuration given: numbers.yaml (changed). Nothing was changed.',
    );
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    expect(sim.stats.get('PUT /numbers/{id}') ?? 0).toBe(0);
    // The same check with no path reads numbers.yaml, as every command does.
    expect((await numform(['apply', '--plan', 'plan.json'])).code).toBe(1);

    // The reviewed plan, against the reviewed files, applies.
    expect((await numform(['plan', '--out', 'plan.json'])).code).toBe(0);
    const good = await numform(['apply', '--plan', 'plan.json', 'numbers.yaml']);
    expect(good.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted.');
  });

  it('names every file that differs from the plan, and a missing path, before sending anything', async () => {
    const sim = await useSimulator();
    const { dir, write } = makeWorkspace({
      'numbers/a.yaml': numbersYaml([{ number: '+899100000001' }]),
      'numbers/b.yaml': numbersYaml([{ number: '+899100000002' }]),
    });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['plan', 'numbers', '--out', 'plan.json'])).code).toBe(0);
    write('numbers/b.yaml', numbersYaml([{ number: '+899100000003' }]));
    write('numbers/c.yaml', numbersYaml([{ number: '+899100000004' }]));
    const sent = [...sim.stats.values()].reduce((a, b) => a + b, 0);
    const run = await numform(['apply', '--plan', 'plan.json', 'numbers']);
    expect(run.stderr).toContain('numbers/b.yaml (changed), numbers/c.yaml (not in the plan)');
    const missing = await numform(['apply', '--plan', 'plan.json', 'nowhere']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nowhere: no such file or folder');
    expect([...sim.stats.values()].reduce((a, b) => a + b, 0)).toBe(sent);
  });
});
