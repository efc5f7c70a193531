import { describe, expect, it } from 'vitest';
import { SIM_CUSTOMER_ID } from '../../src/sim/seed.ts';
import { useClient, useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const SALES = 'ff8e4528-a743-4913-948c-81abaf563f80';
const seed = {
  flows: [
    { id: MAIN, name: 'Main IVR' },
    { id: SALES, name: 'Sales queue' },
  ],
  numbers: [
    { number: '+15557654321', name: 'Sales', call_flow: 'Sales queue' },
    { number: '+899100000009', name: 'Old test line' },
  ],
};
const config = numbersYaml([
  { number: '+15551234567', name: 'Support line', call_flow: 'Main IVR', rtp_debug: true },
  { number: '+15557654321', name: 'Sales EMEA', call_flow_id: SALES.toUpperCase() },
  { number: '+899100000001', name: 'AI agent', detail: 'line one\nline two' },
]);

describe('plan -> apply -> plan', () => {
  it('converges, and the plan after apply says No changes (exit 0, also with --detailed-exitcode)', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);

    const plan = await numform(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+ +15551234567 will be purchased (normal)');
    expect(plan.stdout).toContain('~ +15557654321 will be updated in place');
    expect(plan.stdout).toContain('- +899100000009 will be released (virtual)');
    expect(plan.stdout).toContain('Plan: 2 to create, 1 to update, 1 to delete.');
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);

    const apply = await numform(['apply', '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 2 created, 1 updated, 1 deleted.');
    expect(apply.stderr).toMatch(/\+15551234567: Purchasing\.\.\./);
    expect(apply.stderr).toMatch(/^\+15551234567: Purchase complete after \d+s \[id=[0-9a-f-]{36}\]$/m);
    expect(apply.stderr).toMatch(/^\+899100000009: Release complete after \d+s \[id=[0-9a-f-]{36}\]$/m);
    expect(apply.stderr).not.toContain('bought once');

    const again = await numform(['plan']);
    expect(again).toMatchObject({
      code: 0,
      stdout: `Account: Simulated customer (${SIM_CUSTOMER_ID}) at ${sim.url}\n\nNo changes. The account matches the configuration.\n`,
    });
    expect((await numform(['plan', '--detailed-exitcode'])).code).toBe(0);

    const client = useClient(sim);
    const support = (await client.listNumbers()).find((n) => n.number === '+15551234567')!;
    expect(support).toMatchObject({ name: 'Support line', callFlowId: MAIN, rtpDebug: true });
  });

  it('detects drift made behind its back (exit 2) and repairs it', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);

    const client = useClient(sim);
    const sales = (await client.listNumbers()).find((n) => n.number === '+15557654321')!;
    await client.updateNumber(sales.id, {
      name: 'Changed by hand',
      detail: '',
      callFlowId: MAIN,
      messageFlowId: sales.messageFlowId,
    });

    const drift = await numform(['plan', '--detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('~ name      = "Changed by hand" -> "Sales EMEA"');
    expect(drift.stdout).toContain(
      '~ call_flow = "Main IVR" (d157ce07-0360-4cad-9007-c8ab89fccf9c) -> "Sales queue"',
    );
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);
    expect((await numform(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('reports read-only drift as a warning that counts for --detailed-exitcode', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+15551234567', emergency_enabled: false }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', emergency_enabled: true }]),
    });
    const run = await numformAgainst(sim, dir)(['plan', '--detailed-exitcode']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /Warning: \+15551234567: emergency_enabled is false but the configuration expects true/,
    );
    expect(run.stdout).toMatch(/No changes that apply can make/);
  });

  it('waits out a pending purchase', async () => {
    // The purchase completes only once apply is seen waiting for it, so no timing is involved.
    const sim = await useSimulator({ purchaseDelayMs: 3_600_000, pendingStatus: 'purchase_pending' });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support' }]),
    });
    const numform = numformAgainst(sim, dir);
    const apply = await numform(['apply', '--auto-approve'], {
      onStderr: (text) => {
        if (text.includes('Purchase pending')) for (const n of sim.account.state.numbers) n.settlesAt = 0;
      },
    });
    expect(apply.code).toBe(0);
    expect(apply.stderr).toMatch(
      /^\+15551234567: Purchase pending \[id=[0-9a-f-]{36}\]; waiting for it to become active\.\.\.$/m,
    );
    expect(apply.stderr).toMatch(/^\+15551234567: Purchase complete after \d+s \[id=[0-9a-f-]{36}\]$/m);
    // Planning's page of the empty account, and one poll: a page of the newest numbers.
    expect(sim.stats.get('GET /numbers')).toBe(2);
    expect(sim.stats.get('GET /numbers/{id}')).toBeUndefined();
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it('changes only rtp_debug on an existing number with one PUT .../metadata, then plans No changes', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+15551234567', name: 'Support' }] } });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([{ number: '+15551234567', name: 'Support', rtp_debug: true }]),
    });
    const numform = numformAgainst(sim, dir);
    const apply = await numform(['apply', '--auto-approve']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted.');
    expect(sim.stats.get('PUT /numbers/{id}/metadata')).toBe(1);
    expect(sim.stats.get('PUT /numbers/{id}') ?? 0).toBe(0);
    expect(sim.account.state.numbers[0]).toMatchObject({ name: 'Support', rtpDebug: true });
    expect(await numform(['plan', '--detailed-exitcode'])).toMatchObject({
      code: 0,
      stdout: `Account: Simulated customer (${SIM_CUSTOMER_ID}) at ${sim.url}\n\nNo changes. The account matches the configuration.\n`,
    });
  });

  it('limits plan and apply to --target numbers', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    const plan = await numform(['plan', '--target', '+899100000001', '--target', '+899100000009']);
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to update, 1 to delete.');
    expect((await numform(['apply', '--auto-approve', '--target', '+899100000001'])).code).toBe(0);
    expect((await numform(['plan'])).stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');
  });

  it('prints JSON and markdown plans', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    const json = JSON.parse((await numform(['plan', '--format', 'json'])).stdout) as {
      summary: object;
      endpoint: string;
    };
    expect(json.summary).toEqual({ create: 2, update: 1, delete: 1 });
    expect(json.endpoint).toBe(sim.url);
    const md = (await numform(['plan', '--format', 'markdown'])).stdout;
    expect(md).toContain('| 2 | 1 | 1 | 0 |');
    expect(md).toContain('```text');
  });

  it('refuses an unknown or ambiguous flow at plan time, naming candidates', async () => {
    const sim = await useSimulator({
      seed: { flows: [{ name: 'Main IVR' }, { name: 'Dup' }, { name: 'Dup' }] },
    });
    const { dir } = makeWorkspace({
      'numbers.yaml': numbersYaml([
        { number: '+15551234567', call_flow: 'Main' },
        { number: '+15551234568', call_flow: 'Dup' },
      ]),
    });
    const run = await numformAgainst(sim, dir)(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /numbers\.yaml:2:5: call_flow "Main" of \+15551234567 matches no flow; similar: "Main IVR"/,
    );
    expect(run.stderr).toMatch(/call_flow "Dup" of \+15551234568 names 2 flows/);
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
  });

  it('refuses to apply without a terminal or --auto-approve, changing nothing', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const run = await numformAgainst(sim, dir)(['apply']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Refusing to apply: there is no terminal/);
    expect(run.stderr).toMatch(/--auto-approve/);
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
  });

  it('asks on a terminal and applies only on "yes"', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    const no = await numform(['apply'], { answers: ['no'] });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('Apply cancelled; nothing was changed.');
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
    const yes = await numform(['apply'], { answers: ['yes'] });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('Apply complete');
  });

  it('validates before any request, printing every problem', async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({
      'numbers.yaml': 'numbers:\n  - number: +15551234567\n  - number: "+899000123456"\n',
    });
    const run = await numformAgainst(sim, dir)(['plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('numbers.yaml:2:13:');
    expect(run.stderr).toContain('numbers.yaml:3:13:');
    expect([...sim.stats.values()].reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('never prints the access key, even when the API refuses it', async () => {
    const sim = await useSimulator({ accessKey: 'vb_right_key' });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const run = await numformAgainst(sim, dir)(['plan', '--accesskey', 'vb_wrong_key_value']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 401 INVALID_CREDENTIALS/);
    expect(run.stderr + run.stdout).not.toContain('vb_wrong_key_value');
  });

  it('says where to put a key when none is given', async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const run = await numformAgainst(sim, dir)(['plan'], { env: { VOIPBIN_ACCESSKEY: undefined } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No VoIPBIN access key was given[\s\S]*VOIPBIN_ACCESSKEY/);
  });

  it("accepts the official CLI's VN_ACCESS_KEY", async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml([]) });
    const run = await numformAgainst(sim, dir)(['plan'], {
      env: { VOIPBIN_ACCESSKEY: undefined, VN_ACCESS_KEY: 'vb_simulator' },
    });
    expect(run.code).toBe(0);
  });
});

describe('bad options', () => {
  it('refuses a --target that matches nothing, so a typo never plans silently', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const run = await numformAgainst(sim, dir)(['plan', '--target', '+1555123456']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '--target +1555123456 matches no declared number and no number of the account.',
    );
  });

  it('refuses an endpoint that carries the key in its URL', async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const run = await numformAgainst(sim, dir)(['plan'], {
      env: { VOIPBIN_ENDPOINT: `${sim.url}?accesskey=vb_simulator` },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The endpoint must not carry credentials, a query string or a fragment');
    expect(run.stderr).not.toContain('vb_simulator');
    expect(sim.stats.size).toBe(0);
  });

  // The account's reads leave before the planner's code is loaded, but only once the files are
  // read, and a small configuration checked: a broken one is reported with the key never sent.
  it.each([
    ['a missing file', ['plan', 'missing.yaml'], 'missing.yaml'],
    ['an invalid file', ['plan', 'bad.yaml'], 'bad.yaml:3:'],
    ['an invalid file, on apply', ['apply', '--auto-approve', 'bad.yaml'], 'bad.yaml:3:'],
  ])('refuses %s before sending any request', async (_, args, where) => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({ 'bad.yaml': 'version: 1\nnumbers:\n  - number: 15551234567\n' });
    const run = await numformAgainst(sim, dir)(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(where);
    expect(sim.stats.size).toBe(0);
  });
});
