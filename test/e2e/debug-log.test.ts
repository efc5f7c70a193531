import { describe, expect, it } from 'vitest';
import { describeTarget } from '../../src/api/http.ts';
import type { CliRun } from '../support/cli.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const KEY = 'vb_live_4f8a9c2e7d1b';
const WEBHOOK_SECRET = 'whsec_0123456789abcdefghij';

function expectNoSecrets(run: CliRun): void {
  const all = run.stdout + run.stderr;
  for (const secret of [KEY, encodeURIComponent(KEY), WEBHOOK_SECRET]) expect(all).not.toContain(secret);
  expect(all.toLowerCase()).not.toContain('cookie:');
}

/** The `[DEBUG]` lines of a run, without their timestamps. */
function debugLines(run: CliRun): string[] {
  return run.stderr
    .split('\n')
    .filter((l) => l.startsWith('[DEBUG] '))
    .map((l) => l.replace(/^\[DEBUG\] \d{4}-\d\d-\d\dT[\d:.]+Z /, ''));
}

async function setUp() {
  const sim = await useSimulator({
    accessKey: KEY,
    webhookSecret: WEBHOOK_SECRET,
    seed: { numbers: [{ number: '+899100000001', name: 'old' }] },
  });
  const config = numbersYaml([{ number: '+899100000001', name: 'new' }]);
  const { dir } = makeWorkspace({ 'numbers.yaml': config });
  const numform = numformAgainst(sim, dir);
  return {
    sim,
    configBytes: Buffer.byteLength(config),
    numform: (args: string[], env: Record<string, string | undefined>) =>
      numform(args, { env: { VOIPBIN_ACCESSKEY: KEY, ...env } }),
  };
}

describe('NUMFORM_LOG=debug', () => {
  it('logs the files read, each request with its id, status and time, retries and the plan, never a secret', async () => {
    const { sim, numform, configBytes } = await setUp();
    sim.faults.add({ kind: '503', method: 'GET', path: '/numbers' });
    const run = await numform(['plan'], { NUMFORM_LOG: 'debug' });
    expect(run.code).toBe(0);
    const lines = debugLines(run);
    expect(lines[0]).toMatch(/^numform \S+ on Node\.js \S+$/);
    expect(lines).toContain(`config: read 1 file: numbers.yaml (${configBytes} bytes)`);
    expect(lines).toContain(
      `api: endpoint ${sim.url}, access key from VOIPBIN_ACCESSKEY, rate limit 16.7/s, at most 100000 numbers`,
    );
    const request =
      /^http: (GET|PUT|POST|DELETE) (\S+) -> (\d{3}) in \d+ms \(([a-z ]+)\) \[request numform-[A-Z2-7]{16}-(\d)\]$/;
    const requests = lines.filter((l) => l.startsWith('http: ') && !l.startsWith('http: retrying'));
    expect(requests.map((l) => l.replace(request, '$1 $2 $3 $5'))).toEqual(
      expect.arrayContaining([
        'GET /v1.0/numbers?page_size=100 503 1',
        'GET /v1.0/numbers?page_size=100 200 2',
        'GET /v1.0/flows?page_size=100 200 1',
        'GET /v1.0/customer 200 1',
        'GET /v1.0/billing_account 200 1',
        'GET /v1.0/accesskeys?page_size=100 200 1',
      ]),
    );
    // One line per request the simulator served.
    expect(requests).toHaveLength([...sim.stats.values()].reduce((a, b) => a + b, 0));
    expect(lines).toContainEqual(expect.stringMatching(/^http: retrying list numbers in \d+ms: HTTP 503$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^plan: 0 to create, 1 to update, 0 to delete \(0 held\); 0 errors, /),
    );
    // The plan itself is still on stdout, untouched by the log.
    expect(run.stdout).toContain('~ +899100000001 will be updated in place');
    expectNoSecrets(run);
  });

  it('keeps the key out when a gateway echoes it back during apply', async () => {
    const { sim, numform } = await setUp();
    sim.faults.add({ kind: 'echo', method: 'PUT', path: '/numbers' });
    const run = await numform(['apply', '--auto-approve'], { NUMFORM_LOG: 'debug' });
    expect(run.code).toBe(1);
    expect(debugLines(run)).toContainEqual(
      expect.stringMatching(/^http: PUT \/v1\.0\/numbers\/[0-9a-f-]{36} -> 400 /),
    );
    expect(run.stderr).toContain('[REDACTED]');
    expectNoSecrets(run);
  });

  it('is off by default and with "off"; an unknown level gets a warning and no log', async () => {
    const { numform } = await setUp();
    for (const level of [undefined, '', 'off']) {
      const run = await numform(['plan'], { NUMFORM_LOG: level });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
    const run = await numform(['plan'], { NUMFORM_LOG: 'verbose' });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'Warning: NUMFORM_LOG has a value numform does not know (its levels: debug, off); no debug log is written.\n',
    );
  });
});

describe('request targets in the log', () => {
  it('hide the values of query parameters that look secret, and keep the rest', () => {
    const url = new URL('http://127.0.0.1/v1.0/numbers?page_size=100&accesskey=abc&page_token=t1&Auth=x');
    expect(describeTarget(url)).toBe(
      '/v1.0/numbers?page_size=100&accesskey=%5BREDACTED%5D&page_token=%5BREDACTED%5D&Auth=%5BREDACTED%5D',
    );
    expect(describeTarget(new URL('http://127.0.0.1/v1.0/customer'))).toBe('/v1.0/customer');
  });
});
