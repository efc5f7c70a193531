import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNumform } from '../support/cli.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const SALES = 'ff8e4528-a743-4913-948c-81abaf563f80';
// Every kind of change, a flow shown by name, a multi-line value, a release with a name, and a
// located warning (read-only drift), so each part of each renderer is read back.
const seed = {
  flows: [
    { id: MAIN, name: 'Main IVR' },
    { id: SALES, name: 'Sales queue' },
  ],
  numbers: [
    { number: '+15557654321', name: 'Sales', call_flow: 'Sales queue', emergency_enabled: false },
    { number: '+899100000009', name: 'Old test line' },
  ],
};
const config = numbersYaml([
  { number: '+15551234567', name: 'Support line', call_flow: 'Main IVR', rtp_debug: true },
  { number: '+15557654321', name: 'Sales EMEA', call_flow_id: SALES, emergency_enabled: true },
  { number: '+899100000001', name: 'AI agent', detail: 'line one\nline two' },
]);

async function savePlan(): Promise<{ dir: string; printed: Record<string, string> }> {
  const sim = await useSimulator({ seed });
  const { dir } = makeWorkspace({ 'numbers.yaml': config });
  const numform = numformAgainst(sim, dir);
  const printed: Record<string, string> = {};
  for (const format of ['json', 'markdown', 'text']) {
    const out = format === 'text' ? ['--out', 'plan.json'] : [];
    const run = await numform(['plan', '--format', format, ...out]);
    expect(run.code).toBe(0);
    printed[format] = run.stdout;
  }
  return { dir, printed };
}

describe('numform show', () => {
  it('prints a saved plan exactly as plan printed it, in every format, offline and without a key', async () => {
    const { dir, printed } = await savePlan();
    expect(printed.text).toContain('Warning:');
    for (const format of ['text', 'json', 'markdown']) {
      // No endpoint and no key: show sends nothing.
      const run = await runNumform(['show', 'plan.json', '--format', format], {
        cwd: dir,
        env: { VOIPBIN_ENDPOINT: 'http://127.0.0.1:9', VOIPBIN_ACCESSKEY: undefined },
      });
      expect({ format, code: run.code, stderr: run.stderr }).toEqual({ format, code: 0, stderr: '' });
      expect(run.stdout).toBe(printed[format]);
    }
    const plain = await runNumform(['show', 'plan.json'], { cwd: dir });
    expect(plain.stdout).toBe(printed.text);
  });

  it('refuses a plan whose changes were edited by hand', async () => {
    const { dir } = await savePlan();
    const path = join(dir, 'plan.json');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { changes: { number: string }[] };
    saved.changes = saved.changes.filter((c) => c.number !== '+899100000009');
    writeFileSync(path, JSON.stringify(saved));
    const run = await runNumform(['show', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plan.json was changed after numform wrote it');
    expect(run.stdout).toBe('');
  });

  it.each<[string, (saved: Record<string, unknown>) => void]>([
    ['its cost', (saved) => ((saved.cost as { monthly_micros: number }).monthly_micros = 0)],
    ['its warnings', (saved) => (saved.diagnostics = [])],
    ['its account', (saved) => ((saved.account as { name: string }).name = 'Other Co')],
    ['its endpoint', (saved) => (saved.endpoint = 'https://api.voipbin.net/v1.0')],
    ['its options', (saved) => ((saved.options as { allow_mass_delete: boolean }).allow_mass_delete = true)],
  ])('refuses a plan with %s edited by hand, showing nothing', async (_, edit) => {
    const { dir } = await savePlan();
    const path = join(dir, 'plan.json');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(saved.document_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    edit(saved);
    writeFileSync(path, JSON.stringify(saved));
    const run = await runNumform(['show', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plan.json was changed after numform wrote it');
    expect(run.stdout).toBe('');
  });

  it('refuses a plan whose configuration was edited by hand', async () => {
    const { dir } = await savePlan();
    const path = join(dir, 'plan.json');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as {
      configuration: { files: { text: string }[] };
    };
    saved.configuration.files[0]!.text = saved.configuration.files[0]!.text.replace('AI agent', 'Other');
    writeFileSync(path, JSON.stringify(saved));
    const run = await runNumform(['show', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('changed after numform wrote it');
  });

  it('says clearly when the file is no numform plan', async () => {
    const { dir, write } = makeWorkspace({ 'numbers.yaml': config });
    write('plan.json', JSON.stringify({ format_version: '2', plan_digest: 'x', changes: [{}] }));
    const notPlan = await runNumform(['show', 'plan.json'], { cwd: dir });
    expect(notPlan.code).toBe(1);
    expect(notPlan.stderr).toContain('Error: plan.json is not a numform plan');
    const yaml = await runNumform(['show', 'numbers.yaml'], { cwd: dir });
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toContain('Cannot read the saved plan numbers.yaml');
    const missing = await runNumform(['show', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the saved plan nope.json');
    expect(missing.stderr).not.toContain('bug');
  });
});
