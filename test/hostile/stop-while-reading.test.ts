import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { StopRequest } from '../../src/cli/io.ts';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.ts';
import { runNumform } from '../support/cli.ts';
import { seedOfNumbers } from '../support/simulator.ts';

// Found by an attacker: Ctrl-C or SIGTERM while plan or export read the account was ignored. The
// CLI said "finishing requests in flight, starting nothing new...", then asked for every
// remaining page, printed the whole plan or export, and exited 0 (not 130 / 143).

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

for (const [command, stopSignal, code] of [
  ['plan', 'SIGINT', 130],
  ['plan', 'SIGTERM', 143],
  ['export', 'SIGINT', 130],
  ['export', 'SIGTERM', 143],
] as const) {
  it(`${stopSignal} while ${command} reads a 2,000-number account exits ${code} without finishing the reads`, async () => {
    const sim: RunningSimulator = await startSimulator({ seed: seedOfNumbers(2000), latencyMs: 50 });
    cleanup.push(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'numform-stop-'));
    writeFileSync(
      join(dir, 'numbers.yaml'),
      "policy:\n  prune: false\nnumbers:\n  - number: '+15551000000'\n    name: n0\n",
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new StopRequest(stopSignal)), 300);
    const run = await runNumform(command === 'plan' ? ['plan', 'numbers.yaml'] : ['export'], {
      env: { VOIPBIN_ACCESSKEY: 'vb_simulator', VOIPBIN_ENDPOINT: sim.url },
      cwd: dir,
      signal: controller.signal,
    });
    const pages = sim.requests.filter((r) => r.url.startsWith('/v1.0/numbers')).length;
    expect(run.code).toBe(code);
    // 20 pages at 50 ms each take over a second: a stop at 0.3 s should leave most unread.
    expect(pages).toBeLessThan(20);
    expect(run.stderr).toContain('Interrupted; nothing was changed.');
  }, 60_000);
}
