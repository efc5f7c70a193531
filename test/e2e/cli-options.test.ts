import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runNumform } from '../support/cli.ts';
import { resolveApiSettings } from '../../src/cli/context.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

function virtual(i: number): string {
  return `+899100${String(i).padStart(6, '0')}`;
}

/** An account of `count` numbers and a configuration that renames each: one PUT per number. */
async function renameAll(count: number, simOptions: Parameters<typeof useSimulator>[0] = {}) {
  const numbers = Array.from({ length: count }, (_, i) => ({ number: virtual(i + 1), name: 'old' }));
  const sim = await useSimulator({ ...simOptions, seed: { numbers } });
  const { dir } = makeWorkspace({
    'numbers.yaml': numbersYaml(numbers.map((n) => ({ ...n, name: 'new' }))),
  });
  return { sim, numform: numformAgainst(sim, dir) };
}

function requestsServed(sim: { stats: Map<string, number> }): number {
  return [...sim.stats.values()].reduce((a, b) => a + b, 0);
}

describe('API settings', () => {
  it("limits the client to the server's 16.7 requests/s unless told otherwise; 0 turns the limit off", () => {
    const env = { VOIPBIN_ACCESSKEY: 'vb_key' };
    expect(resolveApiSettings({}, env).ratePerSecond).toBe(16.7);
    expect(resolveApiSettings({ rateLimit: 2.5 }, env).ratePerSecond).toBe(2.5);
    expect(resolveApiSettings({ rateLimit: 0 }, env).ratePerSecond).toBe(0);
  });
});

// The simulator's per-customer limit is the judge: a 429 makes the client send the request again,
// which the simulator counts. A client that keeps to its limit is never answered 429, however slow
// the machine; one that does not keep to it sends its burst within a few milliseconds.
describe('client-side rate limit through the CLI', () => {
  it("keeps to the API's own 17 requests/s, burst 33, by default: 40 requests and no 429", async () => {
    const { sim, numform } = await renameAll(35, { rateLimit: { perSecond: 17, burst: 33 } });
    const run = await numform(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 0 created, 35 updated, 0 deleted.');
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(35);
    // 35 PUTs, and planning's 5 reads: numbers, flows, customer, billing account, access keys.
    expect(requestsServed(sim)).toBe(40);
    expect(sim.rateLimited).toBe(0);
  });

  it('keeps to --rate-limit 4 (burst 6) under a 5/s, burst-10 limit the default would break', async () => {
    const { sim, numform } = await renameAll(6, { rateLimit: { perSecond: 5, burst: 10 } });
    const run = await numform(['--rate-limit', '4', 'apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(6);
    expect(requestsServed(sim)).toBe(11);
    expect(sim.rateLimited).toBe(0);
  });
});

describe('--parallelism through the CLI', () => {
  it('keeps at most that many requests in flight', async () => {
    const { sim, numform } = await renameAll(8, { latencyMs: 30 });
    const run = await numform(['apply', '--auto-approve', '--parallelism', '2']);
    expect(run.code).toBe(0);
    expect(sim.stats.get('PUT /numbers/{id}')).toBe(8);
    // Writes keep to it exactly (planning's five reads go out together, before any write).
    expect(sim.maxInFlightOf('PUT')).toBe(2);
  });
});

describe('numeric options', () => {
  const cases: [string[], string][] = [
    [
      ['apply', '--parallelism', '0'],
      "option '--parallelism <n>' argument '0' is invalid. expected a whole number from 1 to 100.",
    ],
    [['apply', '--parallelism', '1.5'], "argument '1.5' is invalid. expected a whole number from 1 to 100."],
    [['apply', '--parallelism', 'ten'], "argument 'ten' is invalid. expected a whole number from 1 to 100."],
    [
      ['--rate-limit', '-1', 'plan'],
      "option '--rate-limit <rps>' argument '-1' is invalid. expected 0 (no limit) or requests per second from 0.1 to 1000.",
    ],
    [['--rate-limit', 'fast', 'plan'], "argument 'fast' is invalid. expected 0 (no limit) or requests"],
    [
      ['--rate-limit', 'Infinity', 'plan'],
      "argument 'Infinity' is invalid. expected 0 (no limit) or requests",
    ],
    [['apply', '--wait-timeout', '10x'], '"10x" is not a duration; write it like 30s, 10m or 1h.'],
    [['--request-timeout', '10', 'plan'], '"10" is not a duration; write it like 30s, 10m or 1h.'],
    [
      ['--request-timeout', '10ms', 'plan'],
      "argument '10ms' is invalid. expected a duration from 100ms to 1h",
    ],
  ];
  it.each(cases)('refuses %j before sending anything', async (args, message) => {
    const { sim, numform } = await renameAll(1);
    const run = await numform([...args, '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('(run with --help for usage)');
    expect(requestsServed(sim)).toBe(0);
  });
});

describe('--request-timeout through the CLI', () => {
  it('gives up on a server that never answers after a few tries of that long, naming the option', async () => {
    // A server that takes connections and never says a word: without the option, each try would
    // wait 30 s for headers.
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([]) });
      const run = await runNumform(['--request-timeout', '200ms', 'export'], {
        cwd: dir,
        env: { VOIPBIN_ACCESSKEY: 'vb_never_shown_key', VOIPBIN_ENDPOINT: `http://127.0.0.1:${port}/v1.0` },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/no complete answer within 200 ms, the deadline of one request/);
      expect(run.stderr).toContain('--request-timeout allows a slow server more time');
      expect(run.stderr).not.toContain('vb_never_shown_key');
      // Retried, then given up on: a handful of connections, not one and not endless.
      expect(sockets.length).toBeGreaterThan(3);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
