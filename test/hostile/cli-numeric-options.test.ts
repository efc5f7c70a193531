import { describe, expect, it, vi } from 'vitest';
import type { ClientOptions } from '../../src/api/client.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';
import { runNumform } from '../support/cli.ts';

// The real client, watched for the options the CLI builds it with.
const built = vi.hoisted(() => [] as ClientOptions[]);
vi.mock('../../src/api/client.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/api/client.ts')>();
  class WatchedClient extends real.VoipbinClient {
    constructor(options: ClientOptions) {
      built.push(options);
      super(options);
    }
  }
  return { ...real, VoipbinClient: WatchedClient };
});

async function workspace() {
  const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001', name: 'old' }] } });
  const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001', name: 'new' }]) });
  return { sim, numform: numformAgainst(sim, dir) };
}

function requestsServed(sim: { stats: Map<string, number> }): number {
  return [...sim.stats.values()].reduce((a, b) => a + b, 0);
}

const RATE = 'expected 0 (no limit) or requests per second from 0.1 to 1000.';
const PARALLELISM = 'expected a whole number from 1 to 100.';
const WAIT = 'expected a duration from 1ms to 24h; write it like 30s, 10m or 1h.';
const MAX_NUMBERS = 'expected a whole number from 1 to 10000000.';

describe('numeric options out of range are usage errors, before any request', () => {
  const cases: [string[], string][] = [
    // A rate this low made the first request wait for ever.
    [['--rate-limit', '1e-300', 'apply'], RATE],
    [['--rate-limit', '0.05', 'apply'], RATE],
    [['--rate-limit', '1001', 'apply'], RATE],
    [['--rate-limit', '', 'apply'], RATE],
    [['--rate-limit', '0x10', 'apply'], RATE],
    [['--rate-limit', 'NaN', 'apply'], RATE],
    [['apply', '--parallelism', '101'], PARALLELISM],
    [['apply', '--parallelism', '1e1'], PARALLELISM],
    [['apply', '--parallelism', ''], PARALLELISM],
    [['apply', '--wait-timeout', '0'], WAIT],
    [['apply', '--wait-timeout', '25h'], WAIT],
    [['apply', '--wait-timeout', '99999999999999999999h'], WAIT],
    [['apply', '--wait-timeout', '600'], '"600" is not a duration; write it like 30s, 10m or 1h.'],
    [['--max-numbers', '0', 'apply'], MAX_NUMBERS],
    [['--max-numbers', '10000001', 'apply'], MAX_NUMBERS],
    [['--max-numbers', '1.5', 'apply'], MAX_NUMBERS],
    [['--max-numbers', 'lots', 'apply'], MAX_NUMBERS],
  ];
  it.each(cases)('refuses %j', async (args, message) => {
    const { sim, numform } = await workspace();
    const run = await numform([...args, '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('(run with --help for usage)');
    expect(run.stderr).not.toContain('bug in numform');
    expect(requestsServed(sim)).toBe(0);
  });

  // An already aborted signal: a simulator started by mistake would stop at once, exiting 0.
  const simCases: [string[], string][] = [
    [['--port', '65536'], 'expected a whole number from 0 to 65535.'],
    [['--fault-rate', '1.5'], 'expected a number from 0 to 1.'],
    [['--limit-rps', '1e9'], 'expected a number from 0 to 1000.'],
    [['--limit-burst', '0'], 'expected a whole number from 1 to 10000.'],
    [['--latency', '11m'], 'expected a duration from 0 to 10m;'],
    [['--purchase-delay', '2h'], 'expected a duration from 0 to 1h;'],
    [['--fault-seed', '-1'], 'expected a whole number from 0 to 4294967295.'],
  ];
  it.each(simCases)('sim refuses %j', async (args, message) => {
    const run = await runNumform(['sim', ...args], { signal: AbortSignal.abort() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});

describe('numeric options in range', () => {
  it('accepts the bounds and passes them on', async () => {
    const { sim, numform } = await workspace();
    built.length = 0;
    const args = ['--rate-limit', '1000', '--max-numbers', '10000000', 'apply', '--auto-approve'];
    const run = await numform([...args, '--parallelism', '100', '--wait-timeout', '24h']);
    expect(run.code).toBe(0);
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(1);
    expect(built).toHaveLength(1);
    expect(built[0]).toMatchObject({ ratePerSecond: 1000, maxListed: 10_000_000 });
  });

  it('lists at most 100000 numbers unless --max-numbers says otherwise; 0 turns the rate limit off', async () => {
    const { numform } = await workspace();
    built.length = 0;
    expect((await numform(['--rate-limit', '0', 'plan'])).code).toBe(0);
    expect((await numform(['--rate-limit', '0', '--max-numbers', '1', 'plan'])).code).toBe(0);
    expect(built.map((o) => [o.ratePerSecond, o.maxListed])).toEqual([
      [0, 100_000],
      [0, 1],
    ]);
  });

  it('accepts the lowest rate, 0.1 requests per second', async () => {
    // validate sends nothing, so the slow rate is parsed but never waited for.
    const { numform } = await workspace();
    const run = await numform(['--rate-limit', '0.1', 'validate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Valid: 1 number in 1 file.');
  });
});

describe('habits from other tools, and bad simulator inputs', () => {
  it("answers Terraform's -out=FILE with the spelling numform takes", async () => {
    const { dir } = makeWorkspace();
    const run = await runNumform(['plan', '-out=saved.plan'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: unknown option '-out=saved.plan'");
    expect(run.stderr).toContain("Hint: did you mean `--out saved.plan`? numform's options take two dashes.");
    const bare = await runNumform(['plan', '-detailed-exitcode'], { cwd: dir });
    expect(bare.stderr).toContain('Hint: did you mean `--detailed-exitcode`?');
  });

  it.each([
    ['a missing seed file', 'missing.yaml', /ENOENT/],
    ['a seed that is not YAML', 'broken.yaml', /Flow sequence/],
  ])('refuses %s as a user error, not a bug', async (_, seed, why) => {
    const { dir } = makeWorkspace({ 'broken.yaml': 'numbers: [\n' });
    const run = await runNumform(['sim', '--seed', seed], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: Could not read the seed file ${seed}: `);
    expect(run.stderr).toMatch(why);
    expect(run.stderr).not.toContain('bug in numform');
  });
});
