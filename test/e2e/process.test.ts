import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedOfNumbers, useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml } from '../support/workspace.ts';

const TSX = resolve('node_modules/.bin/tsx');
const MAIN = resolve('src/cli/main.ts');

describe('numform as a process', () => {
  it(
    'on Ctrl-C finishes what is in flight, prints a summary and exits 130',
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
        if (stderr.includes('Purchase pending')) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(code).toBe(130);
      expect(stderr).toContain('Interrupt received');
      expect(stdout).toContain('Apply interrupted');
      expect(stdout).toContain('+899100000009: not started: interrupted');
      expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    },
  );

  it(
    'at --parallelism 100 prints no warning of a leak for its many waits on the stop signal',
    { timeout: 60_000 },
    async () => {
      const sim = await useSimulator({ seed: seedOfNumbers(120) });
      const entries = seedOfNumbers(120).numbers!.map((n, i) => ({ number: n.number, name: `renamed${i}` }));
      const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(entries) });
      const child = spawn(
        TSX,
        [MAIN, 'apply', '--auto-approve', '--parallelism', '100', '--rate-limit', '0'],
        {
          cwd: dir,
          env: {
            ...process.env,
            VOIPBIN_ENDPOINT: sim.url,
            VOIPBIN_ACCESSKEY: 'vb_simulator',
            NO_COLOR: '1',
          },
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(code).toBe(0);
      expect(stderr).not.toContain('Warning');
    },
  );
});
