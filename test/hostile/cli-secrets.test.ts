import { describe, expect, it } from 'vitest';
import { runNumform, type CliRun } from '../support/cli.ts';
import {
  accountReadAnswer,
  SCRIPTED_WEBHOOK_SECRET,
  useScriptedServer,
  type SeenRequest,
} from '../support/scripted-server.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const KEY = 'vb_live_4f8a9c2e7d1b';

function expectNoKey(run: CliRun, key = KEY): void {
  expect(run.stdout).not.toContain(key);
  expect(run.stderr).not.toContain(key);
}

describe('an endpoint that is not a URL (often the key, pasted into the wrong variable)', () => {
  const config = { 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) };

  it.each([
    ['the key in VOIPBIN_ENDPOINT, another key in VOIPBIN_ACCESSKEY', { VOIPBIN_ACCESSKEY: 'vb_other_key' }],
    ['the key in VOIPBIN_ENDPOINT and no access key at all', {}],
    ['the key in VOIPBIN_ENDPOINT and in VN_ACCESS_KEY', { VN_ACCESS_KEY: KEY }],
  ])('is refused without quoting it: %s', async (_, env) => {
    const { dir } = makeWorkspace(config);
    const run = await runNumform(['plan'], { cwd: dir, env: { VOIPBIN_ENDPOINT: KEY, ...env } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Error: The endpoint given in VOIPBIN_ENDPOINT is not an http(s) URL (its value is not shown: it may be a secret).',
    );
    expect(run.stderr).toContain('Hint: Use the form https://api.voipbin.net/v1.0;');
    expectNoKey(run);
  });

  it('names --endpoint when the flag holds it, and refuses a value that parses with a scheme', async () => {
    // "vb_live:…" is a URL to the URL parser, with the scheme "vb_live:".
    const key = 'vb_live:4f8a9c2e7d1b';
    const { dir } = makeWorkspace(config);
    const run = await runNumform(['--endpoint', key, 'export'], {
      cwd: dir,
      env: { VOIPBIN_ACCESSKEY: 'vb_other_key' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: The endpoint given in --endpoint is not an http(s) URL');
    expectNoKey(run, key);
  });
});

describe('whatever numform prints, on stdout as on stderr, never carries the key', () => {
  it('apply: a failure whose reason and request id echo the key is printed redacted', async () => {
    const echo = {
      error: { status: 'INVALID_ARGUMENT', reason: `BAD_${KEY}`, message: 'no', request_id: KEY },
    };
    // Planning reads the account (empty lists, a plain customer); the POST gets the echo.
    const read = {
      body: (seen: SeenRequest) => accountReadAnswer(seen) ?? { result: [], next_page_token: '' },
    };
    const server = await useScriptedServer([read, read, read, read, read, { status: 400, body: echo }]);
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([{ number: '+899100000001' }]) });
    const run = await runNumform(['apply', '--auto-approve'], {
      cwd: dir,
      env: { VOIPBIN_ENDPOINT: server.url, VOIPBIN_ACCESSKEY: KEY },
    });
    expect(run.code).toBe(1);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'GET', 'POST']);
    expect(run.stdout).toContain('Apply failed: 1 of 1 changes failed');
    expect(run.stdout).toMatch(/\+899100000001: .*BAD_\[REDACTED\].*request_id \[REDACTED\]/);
    expect(run.stderr).toMatch(/\+899100000001: Creation failed: .*\[REDACTED\]/);
    expectNoKey(run);
    expectNoKey(run, SCRIPTED_WEBHOOK_SECRET);
  });

  it('plan redacts account data holding the key; export refuses to write it', async () => {
    const sim = await useSimulator({
      accessKey: KEY,
      seed: { numbers: [{ number: '+899100000001', name: `copy of ${KEY}` }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+899100000001', name: 'renamed' }]),
    });
    const numform = numformAgainst(sim, dir);
    const env = { VOIPBIN_ACCESSKEY: KEY };
    const plan = await numform(['plan'], { env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('copy of [REDACTED]');
    expectNoKey(plan);
    // A configuration with the key redacted would mean something else: export refuses instead.
    const exported = await numform(['export'], { env });
    expect(exported.code).toBe(1);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain('A value in the account holds the access key');
    expectNoKey(exported);
  });
});
