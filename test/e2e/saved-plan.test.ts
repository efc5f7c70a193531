import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resealPlan } from '../support/saved-plan-file.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useClient, useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const seed = {
  numbers: [
    { number: '+899100000009', name: 'Old' },
    { number: '+899100000002', name: 'Keep' },
  ],
};
const config = numbersYaml([
  { number: '+899100000001', name: 'New' },
  { number: '+899100000002', name: 'Keep' },
]);

describe('saved plans', () => {
  it('applies a saved plan that is still current, without asking, and never stores the key', async () => {
    const sim = await useSimulator({ seed, accessKey: 'vb_saved_plan_secret' });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    const env = { VOIPBIN_ACCESSKEY: 'vb_saved_plan_secret' };
    const plan = await numform(['plan', '--out', 'plan.json'], { env });
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain('Saved the plan to plan.json');
    const saved = readFileSync(join(dir, 'plan.json'), 'utf8');
    expect(saved).not.toContain('vb_saved_plan_secret');
    expect(JSON.parse(saved)).toMatchObject({
      format_version: '2',
      endpoint: sim.url,
      configuration: { files: [{ file: 'numbers.yaml' }] },
    });

    const apply = await numform(['apply', '--plan', 'plan.json'], { env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 1 created, 0 updated, 1 deleted.');
  });

  it('refuses a stale plan, naming what differs, and changes nothing', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    await numform(['plan', '--out', 'plan.json']);
    const client = useClient(sim);
    const keep = (await client.listNumbers()).find((n) => n.number === '+899100000002')!;
    await client.updateNumber(keep.id, {
      name: 'Renamed by hand',
      detail: '',
      callFlowId: keep.callFlowId,
      messageFlowId: keep.messageFlowId,
    });

    const apply = await numform(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/The saved plan is stale.*Differing: \+899100000002/);
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
    expect(sim.stats.get('DELETE /numbers/{id}') ?? 0).toBe(0);
  });

  it('refuses to replay a plan that was already applied', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    await numform(['plan', '--out', 'plan.json']);
    expect((await numform(['apply', '--plan', 'plan.json'])).code).toBe(0);
    const replay = await numform(['apply', '--plan', 'plan.json']);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toMatch(/stale.*Differing: \+899100000001, \+899100000009/);
    expect(sim.stats.get('POST /numbers')).toBe(1);
  });

  it('refuses to apply a plan to files other than those it was made from', async () => {
    const sim = await useSimulator({ seed });
    const { dir, write } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    await numform(['plan', '--out', 'plan.json']);
    write('numbers.yaml', numbersYaml([]));
    const run = await numform(['apply', '--plan', 'plan.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('numbers.yaml (changed). Nothing was changed.');
    expect((await useClient(sim).listNumbers()).map((n) => n.number).sort()).toEqual([
      '+899100000002',
      '+899100000009',
    ]);
  });

  it('refuses a plan made for another endpoint', async () => {
    const first = await useSimulator({ seed });
    const second = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    await numformAgainst(first, dir)(['plan', '--out', 'plan.json']);
    const run = await numformAgainst(second, dir)(['apply', '--plan', 'plan.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The plan was made for ${first.url}, not ${second.url}.`);
  });

  it('rejects a file that is not a plan', async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace({ 'plan.json': '{"hello": 1}' });
    const run = await numformAgainst(sim, dir)(['apply', '--plan', 'plan.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plan.json is not a numform plan');
  });
});

function requestsServed(sim: { stats: Map<string, number> }): number {
  return [...sim.stats.values()].reduce((a, b) => a + b, 0);
}

function writes(sim: { stats: Map<string, number> }): number {
  return [...sim.stats].filter(([route]) => !route.startsWith('GET ')).reduce((a, [, n]) => a + n, 0);
}

describe('saved plans with options', () => {
  it('saves --target and applies only the targeted number', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    const plan = await numform(['plan', '--target', '+899100000009', '--out', 'plan.json']);
    expect(plan.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.targets).toEqual(['+899100000009']);
    const apply = await numform(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
    expect(sim.stats.get('POST /numbers') ?? 0).toBe(0);
    expect((await useClient(sim).listNumbers()).map((n) => n.number)).toEqual(['+899100000002']);
  });

  it('saves --allow-mass-delete, so apply --plan may release what the plan said', async () => {
    const numbers = Array.from({ length: 10 }, (_, i) => ({ number: `+89910000010${i}` }));
    const sim = await useSimulator({ seed: { numbers } });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(numbers.slice(4)) });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['plan', '--out', 'plan.json'])).code).toBe(1);
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
    expect((await numform(['plan', '--allow-mass-delete', '--out', 'plan.json'])).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.options).toEqual({ allow_mass_delete: true, release_while_pending: false });
    const apply = await numform(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 0 created, 0 updated, 4 deleted.');
    expect((await useClient(sim).listNumbers()).map((n) => n.number).sort()).toEqual(
      numbers.slice(4).map((n) => n.number),
    );
  });

  it('keeps refusing a mass release made without --allow-mass-delete, even if the file is edited', async () => {
    const numbers = Array.from({ length: 10 }, (_, i) => ({ number: `+89910000010${i}` }));
    const sim = await useSimulator({ seed: { numbers } });
    const { dir } = makeWorkspace({ 'numbers.yaml': numbersYaml(numbers.slice(4)) });
    const numform = numformAgainst(sim, dir);
    await numform(['plan', '--allow-mass-delete', '--out', 'plan.json']);
    const path = join(dir, 'plan.json');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const edited = { ...saved, options: { allow_mass_delete: false, release_while_pending: false } };
    // Edited by hand: refused as such.
    writeFileSync(path, JSON.stringify(edited));
    const tampered = await numform(['apply', '--plan', 'plan.json']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('plan.json was changed after numform wrote it');
    // With its digest recomputed too: the guard, applied afresh, still refuses.
    writeFileSync(path, resealPlan(edited));
    const apply = await numform(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('The plan would release 4 of 10 managed numbers (40%, more than 30%).');
    expect(writes(sim)).toBe(0);
  });
});

/** A good saved plan, made by `plan --out` against a simulator, as if for `endpoint`. */
async function savedPlanFor(endpoint: string): Promise<Record<string, unknown>> {
  const sim = await useSimulator({ seed });
  const { dir } = makeWorkspace({ 'numbers.yaml': config });
  expect((await numformAgainst(sim, dir)(['plan', '--out', 'plan.json'])).code).toBe(0);
  const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Record<string, unknown>;
  return { ...saved, endpoint };
}

/** A saved plan for `endpoint` with `edit` made to it, its document digest recomputed. */
async function forgedPlanFor(endpoint: string, edit: Record<string, unknown>): Promise<string> {
  return resealPlan({ ...(await savedPlanFor(endpoint)), ...edit });
}

describe('saved plans that cannot be used', () => {
  /** Applies a plan file made by `files` (given the endpoint) and checks nothing was sent. */
  async function refused(
    files: (endpoint: string) => Promise<Record<string, string>>,
    planPath = 'plan.json',
  ) {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace(await files(sim.url));
    const run = await numformAgainst(sim, dir)(['apply', '--plan', planPath]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(requestsServed(sim)).toBe(0);
    return run.stderr;
  }

  it('refuses a file that cannot be read', async () => {
    const stderr = await refused(() => Promise.resolve({}), 'missing.json');
    expect(stderr).toMatch(/^Error: Cannot read the saved plan missing\.json: ENOENT/);
    expect(stderr).toContain('Hint: Pass a file written by `numform plan --out FILE`.');
  });

  it('refuses a file that is not JSON', async () => {
    const stderr = await refused(() =>
      Promise.resolve({ 'plan.json': '{"format_version": "1", "changes": [' }),
    );
    expect(stderr).toMatch(/^Error: Cannot read the saved plan plan\.json: .*JSON/);
  });

  it('refuses a plan of another format version', async () => {
    const stderr = await refused(async (endpoint) => ({
      'plan.json': await forgedPlanFor(endpoint, { format_version: '1' }),
    }));
    expect(stderr).toContain('Error: plan.json is a plan of format "1"; this numform reads format "2".');
  });

  it('refuses a plan whose saved configuration is invalid, showing the problem', async () => {
    const stderr = await refused(async (endpoint) => {
      const files = [{ file: 'numbers.yaml', text: 'numbers:\n  - number: "+1-555-123"\n' }];
      return {
        'numbers.yaml': files[0]!.text,
        'plan.json': await forgedPlanFor(endpoint, { configuration: { files } }),
      };
    });
    expect(stderr).toMatch(/numbers\.yaml:2:\d+/);
    expect(stderr).toContain('+1-555-123');
    expect(stderr).toMatch(/^Error: /m);
  });
});
