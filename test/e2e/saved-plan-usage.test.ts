import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

describe('apply --plan takes the plan as reviewed', () => {
  it.each([[['--target', '+899100000001']], [['--allow-mass-delete']], [['numbers.yaml']]])(
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
        /^Error: (--target and --allow-mass-delete belong to the plan|Give either)/m,
      );
      expect(run.stdout).toBe('');
      expect(requests()).toBe(sent);
      expect(sim.account.state.numbers.map((n) => n.number)).toEqual(['+899100000009', '+899100000002']);
    },
  );
});
