import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimSeed } from '../../src/sim/seed.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const MAIN = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
const DUP_A = 'ff8e4528-a743-4913-948c-81abaf563f80';
const DUP_B = '3c1f5a2e-8d4b-4f6a-9b7c-2e1d0a9f8b7c';
const QUEUE = '9a9a9a9a-0000-4000-8000-000000000001';

/** An account with every shape export must survive. */
const varied: SimSeed = {
  flows: [
    { id: MAIN, name: 'Main IVR' },
    { id: DUP_A, name: 'Sales' },
    { id: DUP_B, name: 'Sales' },
    { id: '5b5b5b5b-0000-4000-8000-000000000002', name: '' },
    { id: QUEUE, name: 'Support queue', type: 'queue' },
  ],
  numbers: [
    { number: '+15550000001' },
    { number: '+15550000002', name: 'Support', call_flow: 'Main IVR', message_flow: 'Main IVR' },
    { number: '+15550000003', name: 'Sales A', call_flow_id: DUP_A, status: 'purchase_pending' },
    {
      number: '+15550000004',
      name: 'yes',
      detail: 'line one\nline two: with colon\n  indented # not a comment\n',
      rtp_debug: true,
    },
    {
      number: '+15550000005',
      name: 'Quotes "and" \'apostrophes\' — ünïcode',
      call_flow_id: DUP_B,
      t38_enabled: true,
      emergency_enabled: true,
    },
    { number: '+15550000006', name: '0044123', detail: 'trailing space ', call_flow_id: QUEUE },
    { number: '+899100000001', name: 'AI agent', call_flow: 'Main IVR' },
    { number: '+899100000002', status: 'purchase-pending', name: 'null' },
  ],
};

describe('numform export', () => {
  it('refuses to print or write the access key found in a number of the account', async () => {
    const sim = await useSimulator({
      seed: { numbers: [{ number: '+15550000001', name: 'token vb_simulator here' }] },
    });
    const { dir } = makeWorkspace();
    const numform = numformAgainst(sim, dir);
    for (const args of [['export'], ['export', '--out', 'numbers.yaml']]) {
      const run = await numform(args);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('A value in the account holds the access key');
      expect(run.stderr).not.toContain('vb_simulator');
    }
    expect(existsSync(join(dir, 'numbers.yaml'))).toBe(false);
  });

  for (const flowNames of [false, true]) {
    it(`round-trips a varied account${flowNames ? ' with --flow-names' : ''}: export, validate, plan says No changes`, async () => {
      const sim = await useSimulator({ seed: varied });
      const { dir } = makeWorkspace();
      const numform = numformAgainst(sim, dir);
      const exported = await numform([
        'export',
        '--out',
        'numbers.yaml',
        ...(flowNames ? ['--flow-names'] : []),
      ]);
      expect(exported.code).toBe(0);
      // No numform in node_modules: the line names a copy beside the file and says how to write it.
      expect(exported.stderr).toBe(
        'Note: the first line points editors at ./numbers.schema.json, which is not there yet; ' +
          'write it with `numform schema --out numbers.schema.json`.\n' +
          'Wrote 8 numbers to numbers.yaml.\n',
      );
      const text = readFileSync(join(dir, 'numbers.yaml'), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./numbers.schema.json');
      expect(text).toContain('# normal, status purchase_pending, t38_enabled off, emergency_enabled off');
      expect(text).not.toMatch(/^\s+(status|type|t38_enabled|emergency_enabled):/m);

      const validate = await numform(['validate']);
      expect(validate).toMatchObject({ code: 0, stdout: 'Valid: 8 numbers in 1 file.\n' });
      // Written as fmt lays files out, so a fresh export needs no formatting commit.
      expect(await numform(['fmt', '--check'])).toMatchObject({ code: 0, stdout: '' });
      const plan = await numform(['plan', '--detailed-exitcode']);
      expect(plan.stdout).toContain('No changes. The account matches the configuration.');
      expect(plan.code).toBe(0);

      if (flowNames) {
        expect(text).toContain('call_flow: Main IVR');
        expect(text).toContain(`call_flow_id: ${DUP_A}`);
      } else {
        expect(text).not.toContain('call_flow: ');
      }
    });
  }

  it('sorts numbers so re-exports are identical', async () => {
    const sim = await useSimulator({ seed: varied });
    const { dir } = makeWorkspace();
    const numform = numformAgainst(sim, dir);
    const first = (await numform(['export'])).stdout;
    const second = (await numform(['export'])).stdout;
    expect(second).toBe(first);
    const order = [...first.matchAll(/number: '(\+\d+)'/g)].map((m) => m[1]);
    expect(order).toHaveLength(8);
    expect(order).toEqual([...order].sort());
  });

  it('exports an empty account as a valid empty configuration', async () => {
    const sim = await useSimulator();
    const { dir } = makeWorkspace();
    const numform = numformAgainst(sim, dir);
    expect((await numform(['export', '--out', 'numbers.yaml'])).code).toBe(0);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
  });

  it("pins a whole account's export to that account, naming it, and the pin holds", async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001' }] } });
    const { dir, write } = makeWorkspace();
    const numform = numformAgainst(sim, dir);
    expect((await numform(['export', '--out', 'numbers.yaml'])).code).toBe(0);
    const text = readFileSync(join(dir, 'numbers.yaml'), 'utf8');
    const id = sim.account.state.customer.id;
    expect(text).toContain(`policy:\n  account: ${id} # Simulated customer\n`);
    expect(text).not.toContain(sim.account.state.customer.webhookSecret);
    expect((await numform(['plan'])).stdout).toContain('No changes.');
    // The same file against another account is refused before anything is planned.
    write('numbers.yaml', text.replace(id, '11111111-2222-4333-8444-555555555555'));
    const other = await numform(['plan']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('[ACCOUNT_MISMATCH]');
  });

  it('with --unmanaged-only, shows only what the configuration does not declare, ready to add', async () => {
    const sim = await useSimulator({ seed: varied });
    const { dir } = makeWorkspace({
      // A numform installed in the project: export points at its schema, relative to the output.
      'node_modules/numform/schemas/numbers.schema.json': '{}',
      'config/team.yaml': numbersYaml(
        [
          { number: '+15550000001' },
          { number: '+15550000002', name: 'Support', call_flow: 'Main IVR', message_flow: 'Main IVR' },
        ],
        'policy:\n  prune: false\n  unmanaged: ["+15550000005"]\n',
      ),
    });
    const numform = numformAgainst(sim, dir);
    const run = await numform([
      'export',
      '--unmanaged-only',
      '--flow-names',
      'config',
      '--out',
      'config/adopted.yaml',
    ]);
    expect(run.stderr).toBe('Wrote 5 numbers to config/adopted.yaml.\n');
    const text = readFileSync(join(dir, 'config/adopted.yaml'), 'utf8');
    expect(text).not.toContain('+15550000001');
    // policy.unmanaged keeps it out of the configuration: declaring it would be refused.
    expect(text).not.toContain('+15550000005');
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/numform/schemas/numbers.schema.json',
    );
    const plan = await numform(['plan', '--detailed-exitcode', 'config']);
    expect(plan.code).toBe(0);
  });
});
