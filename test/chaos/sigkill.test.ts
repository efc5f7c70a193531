import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const TSX = resolve('node_modules/.bin/tsx');
const MAIN = resolve('src/cli/main.ts');

describe('an apply killed outright (SIGKILL)', () => {
  it(
    'leaves an account the next apply converges from, buying nothing twice',
    { timeout: 30_000 },
    async () => {
      const sim = await useSimulator({
        purchaseDelayMs: 300,
        seed: { numbers: [{ number: '+899100000009' }, { number: '+899100000002' }] },
      });
      const declared = [
        { number: '+15551234567', name: 'Support' },
        { number: '+15551234568', name: 'Sales' },
        { number: '+899100000002', name: 'Renamed' },
      ];
      const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(declared) });
      const child = spawn(TSX, [MAIN, 'apply', '--auto-approve', '--parallelism', '1'], {
        cwd: dir,
        env: { ...process.env, VOIPBIN_ENDPOINT: sim.url, VOIPBIN_ACCESSKEY: 'vb_simulator', NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Killed with no warning once the first purchase was sent, mid-run.
        if (stderr.includes('Purchase pending')) child.kill('SIGKILL');
      });
      const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_c, s) => done(s)));
      expect(signal).toBe('SIGKILL');
      expect(sim.stats.get('POST /numbers')).toBeGreaterThanOrEqual(1);

      const numform = numformAgainst(sim, dir);
      const again = await numform(['apply', '--auto-approve', '--release-while-pending']);
      expect(again.code).toBe(0);
      expect((await numform(['plan', '--detailed-exitcode'])).code).toBe(0);
      // Two numbers, two purchases in all, whatever the killed run had sent.
      expect(sim.stats.get('POST /numbers')).toBe(2);
      expect(sim.account.state.billing?.balanceMicros).toBe(1_000_000_000 - 2 * 5_000_000);
      const live = sim.account.state.numbers.filter((n) => n.tmDelete === null).map((n) => n.number);
      expect(live.sort()).toEqual(declared.map((d) => d.number).sort());
    },
  );
});
