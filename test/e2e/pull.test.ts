import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { callSim } from '../support/sim-http.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numformAgainst } from '../support/workspace.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const SALES = 'ff8e4528-a743-4913-948c-81abaf563f80';
const NIL = '00000000-0000-0000-0000-000000000000';
const config = [
  '# Support numbers',
  'defaults:',
  '  detail: Support team # shared',
  'numbers:',
  "  - number: '+15551234567' # main line",
  '    name: Support line # shown in the console',
  '    call_flow: Main IVR',
  '',
  '  # the overflow',
  "  - number: '+15551234568'",
  '    name: Overflow',
  '    detail: |',
  '      Takes calls',
  '      when busy',
  '    message_flow: Main IVR',
  "  - number: '+899100000001'",
  '    name: Agent',
  '',
].join('\n');
const seed = {
  flows: [
    { id: MAIN, name: 'Main IVR' },
    { id: SALES, name: 'Sales queue' },
  ],
  numbers: [
    { number: '+15551234567', name: 'Support line', detail: 'Support team', call_flow: 'Main IVR' },
    {
      number: '+15551234568',
      name: 'Overflow',
      detail: 'Takes calls\nwhen busy\n',
      message_flow: 'Main IVR',
    },
    { number: '+899100000001', name: 'Agent', detail: 'Support team' },
    { number: '+899100000009', name: 'Not declared' },
  ],
};

interface WireNumber {
  id: string;
  number: string;
  name: string;
  detail: string;
  call_flow_id: string;
  message_flow_id: string;
}

/** Changes a number in the console's place: straight through the simulator's HTTP API. */
async function driftNumber(url: string, number: string, change: Partial<WireNumber>): Promise<void> {
  const list = await callSim(`${url}/numbers?page_size=100`);
  const n = (list.json as { result: WireNumber[] }).result.find((x) => x.number === number)!;
  const body = {
    name: n.name,
    detail: n.detail,
    call_flow_id: n.call_flow_id,
    message_flow_id: n.message_flow_id,
  };
  const res = await callSim(`${url}/numbers/${n.id}`, { method: 'PUT', body: { ...body, ...change } });
  expect(res.status).toBe(200);
}

/** The lines a rewrite removed and added. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const parts = diffLines(before, after);
  const lines = (p: { value: string }) => p.value.replace(/\n$/, '').split('\n');
  return {
    removed: parts.filter((p) => p.removed).flatMap(lines),
    added: parts.filter((p) => p.added).flatMap(lines),
  };
}

describe('numform pull', () => {
  it('writes drifted values into the files in place, after which plan shows no updates', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    expect((await numform(['plan', '--detailed-exitcode'])).stdout).toContain('0 to update');

    await driftNumber(sim.url, '+15551234567', { name: 'Help desk', call_flow_id: SALES });
    await driftNumber(sim.url, '+15551234568', { detail: 'Only one line', message_flow_id: NIL });
    await driftNumber(sim.url, '+899100000001', { detail: 'Set by hand' });
    const drifted = await numform(['plan']);
    expect(drifted.stdout).toContain('Plan: 0 to create, 3 to update, 1 to delete.');

    const dry = await numform(['pull', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would write numbers.yaml:');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(config);

    const pull = await numform(['pull']);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('Wrote numbers.yaml:');
    expect(pull.stdout).toContain('name = "Support line" -> "Help desk"');
    expect(pull.stdout).toContain(`call_flow = "Main IVR" (${MAIN}) -> "Sales queue" (${SALES})`);
    expect(pull.stdout).toContain(`message_flow = "Main IVR" (${MAIN}) -> (none)`);
    expect(pull.stdout).toContain(
      `detail = "Support team" -> "Set by hand" (was the file's default; now set on the entry)`,
    );
    expect(pull.stdout).toContain('Not pulled: 0 numbers to create and 1 number to release');
    expect(pull.stdout).not.toContain('vb_simulator');

    const after = readFileSync(join(dir, 'numbers.yaml'), 'utf8');
    expect(changedLines(config, after)).toEqual({
      removed: [
        '    name: Support line # shown in the console',
        '    call_flow: Main IVR',
        '    detail: |',
        '      Takes calls',
        '      when busy',
        '    message_flow: Main IVR',
      ],
      added: [
        '    name: Help desk # shown in the console',
        '    call_flow: Sales queue',
        '    detail: Only one line',
        '    message_flow: null',
        '    detail: Set by hand',
      ],
    });

    const plan = await numform(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 1 to delete.');
    // Pulling again finds nothing to write.
    const again = await numform(['pull']);
    expect(again.stdout).toContain('Nothing to pull');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(after);
  });

  it('refuses to write the access key into the files when the account holds it', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const numform = numformAgainst(sim, dir);
    await driftNumber(sim.url, '+15551234567', { name: 'key vb_simulator pasted' });
    const pull = await numform(['pull']);
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain('A value in the account holds the access key');
    expect(pull.stderr + pull.stdout).not.toContain('vb_simulator');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(config);
  });

  it('needs the access key, and leaves the files alone without one', async () => {
    const sim = await useSimulator({ seed });
    const { dir } = makeWorkspace({ 'numbers.yaml': config });
    const run = await numformAgainst(sim, dir)(['pull'], { env: { VOIPBIN_ACCESSKEY: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No VoIPBIN access key');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(config);
  });
});
