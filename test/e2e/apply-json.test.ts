import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import type { CliRun } from '../support/cli.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const UUID = /^[0-9a-f-]{36}$/;
const KEY = 'vb_live_4f8a9c2e7d1b';
const WEBHOOK_SECRET = 'whsec_0123456789abcdefghij';

/** Every stdout line as JSON: a line that does not parse fails the test here. */
function jsonLines(run: CliRun): Record<string, unknown>[] {
  const lines = run.stdout.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `type` and, for change events, the number of each line: `started +1555…`. */
function shape(lines: Record<string, unknown>[]): string[] {
  return lines.map((l) =>
    typeof l.number === 'string' ? `${l.type as string} ${l.number}` : (l.type as string),
  );
}

/** The counts of the text summary: `Apply complete: 1 created, 1 updated, 2 deleted; 1 bought, still pending.` */
function textCounts(stdout: string): Record<string, number> {
  const m = /(\d+) created, (\d+) updated, (\d+) deleted(?:; (\d+) bought, still pending)?/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return { created: +m![1]!, updated: +m![2]!, deleted: +m![3]!, still_pending: +(m![4] ?? 0) };
}

function expectNoSecrets(run: CliRun): void {
  for (const secret of [KEY, encodeURIComponent(KEY), WEBHOOK_SECRET]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

/** An account and a configuration that buy one normal number, rename one and release two. */
async function mixedAccount(simOptions: Parameters<typeof useSimulator>[0] = {}) {
  const sim = await useSimulator({
    accessKey: KEY,
    webhookSecret: WEBHOOK_SECRET,
    seed: {
      numbers: [
        { number: '+899100000001', name: 'old' },
        { number: '+899100000008' },
        { number: '+15550000009' },
      ],
    },
    ...simOptions,
  });
  const { dir } = makeWorkspace({
    'numbers.yaml': numbersYaml([
      { number: '+15551234567', name: 'Support' },
      { number: '+899100000001', name: 'new' },
    ]),
  });
  const numform = numformAgainst(sim, dir);
  return {
    sim,
    dir,
    numform: (args: string[]) => numform(args, { env: { VOIPBIN_ACCESSKEY: KEY } }),
  };
}

describe('apply --format json', () => {
  it('prints one JSON object per line: version, plan, each change in order, the summary last', async () => {
    // Pending for a moment: apply waits for it (its first poll comes after a second).
    const { numform } = await mixedAccount({ purchaseDelayMs: 50 });
    const run = await numform(['apply', '--auto-approve', '--format', 'json']);
    expect(run.code).toBe(0);
    const lines = jsonLines(run);
    for (const line of lines) {
      expect(Date.parse(line['@timestamp'] as string)).not.toBeNaN();
      expect(['info', 'warn', 'error']).toContain(line['@level']);
    }
    expect(lines[0]).toMatchObject({ type: 'version', numform: packageJson.version, ui: '1' });
    expect(lines[1]).toMatchObject({
      type: 'plan',
      plan: { format_version: '2', summary: { create: 1, update: 1, delete: 2 } },
    });
    expect(lines.at(-1)).toMatchObject({
      type: 'summary',
      ending: 'applied',
      exit_code: 0,
      created: 1,
      updated: 1,
      deleted: 2,
      failed: 0,
      error: null,
    });
    const events = shape(lines.slice(2, -1));
    // Each change starts once and completes once, after it started; the purchase waited.
    for (const n of ['+15551234567', '+899100000001', '+899100000008', '+15550000009']) {
      expect(events.filter((e) => e === `started ${n}`)).toHaveLength(1);
      expect(events.indexOf(`completed ${n}`)).toBeGreaterThan(events.indexOf(`started ${n}`));
    }
    expect(events.indexOf('purchase_pending +15551234567')).toBeGreaterThan(
      events.indexOf('started +15551234567'),
    );
    expect(events.indexOf('completed +15551234567')).toBeGreaterThan(
      events.indexOf('purchase_pending +15551234567'),
    );
    // Releases start only once the purchase and the update are done.
    const lastBeforeReleases = Math.max(
      events.indexOf('completed +15551234567'),
      events.indexOf('completed +899100000001'),
    );
    expect(events.indexOf('started +899100000008')).toBeGreaterThan(lastBeforeReleases);
    expect(events.indexOf('started +15550000009')).toBeGreaterThan(lastBeforeReleases);
    const released = lines.find((l) => l.type === 'completed' && l.number === '+15550000009');
    expect(released?.id).toMatch(UUID);
    expect(released).toMatchObject({
      action: 'delete',
      number_type: 'normal',
      how: null,
    });
    // The human progress lines are on stderr, not mixed into the JSON.
    expect(run.stderr).toContain('+15551234567: Purchasing...');
    expectNoSecrets(run);
  });

  it('counts what the text mode counts, for the same account and configuration', async () => {
    const text = await (await mixedAccount()).numform(['apply', '--auto-approve']);
    const json = await (await mixedAccount()).numform(['apply', '--auto-approve', '--format', 'json']);
    expect(json.code).toBe(text.code);
    const summary = jsonLines(json).at(-1)!;
    const counts = textCounts(text.stdout);
    expect(counts).toEqual({ created: 1, updated: 1, deleted: 2, still_pending: 0 });
    expect(summary).toMatchObject(counts);
    expect(summary['@message']).toBe(text.stdout.split('\n').find((l) => l.startsWith('Apply ')));
  });

  it('reports a failed change with its code and message, the releases skipped, and exit 1', async () => {
    const { sim, numform } = await mixedAccount();
    // A gateway that quotes the request's cookie (the key) back refuses the update.
    sim.faults.add({ kind: 'echo', method: 'PUT', path: '/numbers' });
    const run = await numform(['apply', '--auto-approve', '--format', 'json']);
    expect(run.code).toBe(1);
    const lines = jsonLines(run);
    const failed = lines.filter((l) => l.type === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      '@level': 'error',
      number: '+899100000001',
      action: 'update',
      code: 'API_INVALID_REQUEST',
    });
    expect(failed[0]!.message).toContain('with cookie "accesskey=[REDACTED]"');
    expect(lines.filter((l) => l.type === 'skipped').map((l) => [l.number, l.reason])).toEqual(
      expect.arrayContaining([
        ['+899100000008', 'release skipped because 1 earlier change failed'],
        ['+15550000009', 'release skipped because 1 earlier change failed'],
      ]),
    );
    expect(lines.at(-1)).toMatchObject({
      type: 'summary',
      ending: 'failed',
      exit_code: 1,
      created: 1,
      updated: 0,
      deleted: 0,
      failed: 1,
      skipped: 2,
    });
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
    expectNoSecrets(run);
  });

  it('reports a purchase still pending after --wait-timeout, and the releases it holds', async () => {
    const { numform } = await mixedAccount({ purchaseDelayMs: 'never' });
    const run = await numform(['apply', '--auto-approve', '--format', 'json', '--wait-timeout', '100ms']);
    expect(run.code).toBe(0);
    const lines = jsonLines(run);
    const pending = lines.find((l) => l.type === 'still_pending');
    expect(pending).toMatchObject({ number: '+15551234567', action: 'create', status: 'purchase-pending' });
    expect(pending?.id).toMatch(UUID);
    expect(pending?.waited_ms).toBeGreaterThanOrEqual(100);
    const held = lines.filter((l) => l.type === 'held');
    expect(held.map((l) => l.number).sort()).toEqual(['+15550000009', '+899100000008']);
    expect(held[0]!.reason).toMatch(/^held: the purchase of \+15551234567 is still pending/);
    expect(lines.at(-1)).toMatchObject({
      ending: 'applied',
      exit_code: 0,
      created: 0,
      updated: 1,
      deleted: 0,
      still_pending: 1,
      held: 2,
    });
  });

  it('says "no changes" in its summary when the account matches', async () => {
    const { numform } = await mixedAccount();
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);
    const run = await numform(['apply', '--auto-approve', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(shape(jsonLines(run))).toEqual(['version', 'plan', 'summary']);
    expect(jsonLines(run).at(-1)).toMatchObject({ ending: 'no_changes', exit_code: 0 });
  });

  it('applies a saved plan, which needs no --auto-approve', async () => {
    const { numform, sim } = await mixedAccount();
    expect((await numform(['plan', '--out', 'plan.json'])).code).toBe(0);
    const run = await numform(['apply', '--plan', 'plan.json', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(jsonLines(run).at(-1)).toMatchObject({ ending: 'applied', created: 1, updated: 1, deleted: 2 });
    expect(sim.stats.get('POST /numbers')).toBe(1);
  });
});

describe('apply --format json: errors before applying are JSON lines too', () => {
  it('refuses to run without --auto-approve or a saved plan, before sending anything', async () => {
    const { numform, sim } = await mixedAccount();
    const run = await numform(['apply', '--format', 'json']);
    expect(run.code).toBe(1);
    const lines = jsonLines(run);
    expect(shape(lines)).toEqual(['version', 'diagnostic', 'summary']);
    expect(lines[1]).toMatchObject({ severity: 'error', code: 'APPROVAL_REQUIRED', file: null });
    expect(lines[2]).toMatchObject({ ending: 'error', exit_code: 1, error: { code: 'APPROVAL_REQUIRED' } });
    expect([...sim.stats.values()].reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('gives configuration problems with file, line and column, and the exit code of the text mode', async () => {
    const { numform, dir } = await mixedAccount();
    makeWorkspaceFile(dir, 'numbers:\n  - number: "+15551234567"\n    nmae: typo\n');
    const text = await numform(['apply', '--auto-approve']);
    const run = await numform(['apply', '--auto-approve', '--format', 'json']);
    expect(run.code).toBe(text.code);
    expect(run.code).toBe(1);
    const lines = jsonLines(run);
    expect(shape(lines)).toEqual(['version', 'diagnostic', 'summary']);
    expect(lines[1]).toMatchObject({
      '@level': 'error',
      code: 'UNKNOWN_KEY',
      file: 'numbers.yaml',
      line: 3,
      col: 5,
    });
    expect(lines[2]).toMatchObject({ ending: 'error', exit_code: 1, error: { code: 'INVALID_CONFIG' } });
    // The human error stays on stderr.
    expect(run.stderr).toContain('numbers.yaml:3:5');
  });

  it('gives a refused plan as the plan, its diagnostics and the summary; nothing is changed', async () => {
    const { numform, dir, sim } = await mixedAccount();
    makeWorkspaceFile(
      dir,
      numbersYaml(
        [{ number: '+15551234567' }, { number: '+899100000001' }],
        'policy:\n  protect: ["+1555000*"]\n',
      ),
    );
    const run = await numform(['apply', '--auto-approve', '--format', 'json']);
    expect(run.code).toBe(1);
    const lines = jsonLines(run);
    expect(shape(lines)).toEqual(['version', 'plan', 'diagnostic', 'summary']);
    expect(lines[2]).toMatchObject({
      '@level': 'error',
      code: 'PROTECTED_RELEASE',
    });
    expect(lines[2]!.message).toContain('+15550000009');
    expect(lines[3]).toMatchObject({ ending: 'error', exit_code: 1 });
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
  });
});

function makeWorkspaceFile(dir: string, text: string): void {
  writeFileSync(join(dir, 'numbers.yaml'), text);
}
