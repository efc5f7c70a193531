import { readFileSync } from 'node:fs';
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

  it('applies the configuration saved in the plan, not the file on disk', async () => {
    const sim = await useSimulator({ seed });
    const { dir, write } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    await numform(['plan', '--out', 'plan.json']);
    write('numbers.yaml', numbersYaml([]));
    expect((await numform(['apply', '--plan', 'plan.json'])).code).toBe(0);
    expect((await useClient(sim).listNumbers()).map((n) => n.number).sort()).toEqual([
      '+899100000001',
      '+899100000002',
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
