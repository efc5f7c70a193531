import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim/server.ts';
import type { CliRun } from '../support/cli.ts';
import { useSimulator } from '../support/simulator.ts';
import { createVirtualClock, type VirtualClock } from '../support/virtual-clock.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

// The simulator keeps VoIPBIN's per-customer limit (17/s, burst 33) on the same virtual clock as
// the CLI, and counts every request it refuses with 429: that count is the judge, not the time.

function virtual(i: number): string {
  return `+899100${String(i).padStart(6, '0')}`;
}

/** Runs `runs` to the end, moving the shared clock 2 ms whenever a few turns of the loop pass. */
async function drive(clock: VirtualClock, runs: Promise<CliRun>[]): Promise<CliRun[]> {
  let finished = false;
  const all = Promise.all(runs).finally(() => {
    finished = true;
  });
  while (!finished) {
    // A few turns let answers on the wire arrive before time moves on.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(2);
  }
  return all;
}

/** An account of `count` numbers named `old`, on the API's limit, and a clock shared with it. */
async function account(count: number): Promise<{ sim: RunningSimulator; clock: VirtualClock }> {
  const clock = createVirtualClock(Date.parse('2026-03-12T10:00:00Z'));
  const numbers = Array.from({ length: count }, (_, i) => ({ number: virtual(i + 1), name: 'old' }));
  const sim = await useSimulator({
    seed: { numbers },
    rateLimit: { perSecond: 17, burst: 33 },
    timing: { now: clock.now, sleep: (ms) => clock.sleep(ms) },
  });
  return { sim, clock };
}

function served(sim: RunningSimulator): number {
  return [...sim.stats.values()].reduce((a, b) => a + b, 0);
}

describe("the API's rate budget", () => {
  it('a lone apply of 200 updates keeps to the limit: no 429 at all', async () => {
    const { sim, clock } = await account(200);
    const desired = Array.from({ length: 200 }, (_, i) => ({ number: virtual(i + 1), name: 'new' }));
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(desired) });
    const [run] = await drive(clock, [
      numformAgainst(sim, dir)(['apply', '--auto-approve'], { timing: clock }),
    ]);
    expect(run!.code).toBe(0);
    expect(run!.stdout).toContain('Apply complete: 0 created, 200 updated, 0 deleted.');
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(200);
    expect(sim.rateLimited).toBe(0);
  });

  it('two plans of 10,000 numbers at once on one account both succeed, at most 2% refused', async () => {
    const { sim, clock } = await account(10_000);
    const desired = Array.from({ length: 10_000 }, (_, i) => ({ number: virtual(i + 1), name: 'old' }));
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(desired) });
    const numform = numformAgainst(sim, dir);
    const runs = await drive(clock, [
      numform(['plan'], { timing: clock }),
      numform(['plan'], { timing: clock }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // Each reads at least 100 pages of numbers and an empty one, the flows, the customer, the
    // billing account and the keys, plus one request again for each 429.
    expect(served(sim) - sim.rateLimited).toBeGreaterThanOrEqual(2 * 105);
    expect(sim.rateLimited).toBeGreaterThan(0);
    expect(sim.rateLimited / served(sim)).toBeLessThanOrEqual(0.02);
  });
});
