import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numformAgainst } from '../support/workspace.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const HEAD =
  'policy:\n  prune: false\ndefaults:\n  call_flow: Main IVR\nnumbers:\n  - number: "+15550000002"\n';

describe('"no flow" with the real CLI', () => {
  it('export --unmanaged-only spells it out under a default flow, so adding the entries plans to No changes', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [{ id: MAIN, name: 'Main IVR' }],
        numbers: [
          { number: '+15550000001', name: 'Bare' },
          { number: '+15550000002', call_flow: 'Main IVR' },
        ],
      },
    });
    const { dir, write } = makeWorkspace({ 'numbers.yaml': HEAD });
    const numform = numformAgainst(sim, dir);
    const exported = await numform(['export', '--unmanaged-only', 'numbers.yaml']);
    expect(exported.code).toBe(0);
    const entries = exported.stdout.slice(exported.stdout.indexOf('numbers:\n') + 'numbers:\n'.length);
    expect(entries).toContain("  - number: '+15550000001'\n    name: Bare\n    call_flow: null\n");

    write('numbers.yaml', HEAD + entries);
    const plan = await numform(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);

    // Without the explicit spelling the default would fill it: the plan shows that readably.
    write('numbers.yaml', HEAD + entries.replace('    call_flow: null\n', ''));
    const filled = await numform(['plan']);
    expect(filled.stdout).toContain(`call_flow = (none) -> "Main IVR" (${MAIN})`);
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).not.toContain('null');
  });

  it('apply sends the nil UUID for "call_flow: null" and the account ends with no flow', async () => {
    const sim = await useSimulator({
      seed: {
        flows: [{ id: MAIN, name: 'Main IVR' }],
        numbers: [{ number: '+15550000002', call_flow: 'Main IVR' }],
      },
    });
    const { dir } = makeWorkspace({ 'numbers.yaml': HEAD + '    call_flow: null\n' });
    const numform = numformAgainst(sim, dir);
    const plan = await numform(['plan']);
    expect(plan.stdout).toContain(`call_flow = "Main IVR" (${MAIN}) -> (none)`);
    expect(plan.stdout).not.toContain('00000000-0000-0000-0000-000000000000');
    expect((await numform(['apply', '--auto-approve'])).code).toBe(0);
    const again = await numform(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    const exported = await numform(['export']);
    expect(exported.stdout).not.toContain('call_flow');
  });
});
