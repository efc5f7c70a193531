import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml } from '../support/workspace.ts';

const TSX = resolve('node_modules/.bin/tsx');
const MAIN = resolve('src/cli/main.ts');

describe('numform as a process, cancelled by a CI runner', () => {
  it(
    'on SIGTERM starts nothing new, reports the purchase it made, and exits 143',
    { timeout: 30_000 },
    async () => {
      const sim = await useSimulator({
        purchaseDelayMs: 20_000,
        seed: { numbers: [{ number: '+899100000009' }, { number: '+899100000002' }] },
      });
      const { dir } = makeWorkspace({
        'numbers.yaml': numbersYaml([{ number: '+15551234567' }, { number: '+899100000002' }]),
      });
      const child = spawn(TSX, [MAIN, 'apply', '--auto-approve'], {
        cwd: dir,
        env: { ...process.env, VOIPBIN_ENDPOINT: sim.url, VOIPBIN_ACCESSKEY: 'vb_simulator', NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('Purchase pending')) child.kill('SIGTERM');
      });
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(code).toBe(143);
      expect(stderr).toContain('Termination requested');
      expect(stdout).toContain(
        'Apply interrupted (0 created, 0 updated, 0 deleted; 1 bought, still pending).',
      );
      const [, id] = /Purchase pending \[id=([^\]]+)\]/.exec(stderr)!;
      expect(stdout).toContain(`+15551234567: [id=${id}] status "purchase-pending"`);
      expect(stdout).toContain('Not done:\n  +899100000009: not started: interrupted\n');
      expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
      expect(sim.stats.get('POST /numbers') ?? 0).toBe(1);
    },
  );
});
