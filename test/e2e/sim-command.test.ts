import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VoipbinClient } from '../../src/api/client.ts';
import { runNumform } from '../support/cli.ts';
import { startSimCommand } from '../support/sim-command.ts';

describe('numform sim', () => {
  it('prints its endpoint first, serves the seed, and persists the account between runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'numform-sim-'));
    const seed = join(dir, 'seed.yaml');
    const data = join(dir, 'account.json');
    writeFileSync(
      seed,
      'flows:\n  - name: Main IVR\nnumbers:\n  - number: "+899100000001"\n    name: Agent\n',
    );
    const first = await startSimCommand([
      '--port',
      '0',
      '--seed',
      seed,
      '--data',
      data,
      '--accesskey',
      'vb_test_key',
    ]);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
    const client = new VoipbinClient({ endpoint: first.url, accessKey: 'vb_test_key' });
    const [n] = await client.listNumbers();
    expect(n).toMatchObject({ number: '+899100000001', name: 'Agent' });
    await client.updateNumber(n!.id, {
      name: 'Renamed',
      detail: '',
      callFlowId: n!.callFlowId,
      messageFlowId: n!.messageFlowId,
    });
    await client.close();
    expect(await first.stop()).toBe(0);
    expect(readFileSync(data, 'utf8')).toContain('Renamed');

    const second = await startSimCommand(['--port', '0', '--data', data, '--accesskey', 'vb_test_key']);
    const again = new VoipbinClient({ endpoint: second.url, accessKey: 'vb_test_key' });
    expect((await again.listNumbers()).map((x) => x.name)).toEqual(['Renamed']);
    await again.close();
    await second.stop();
  });
});

describe('numform sim and the access key', () => {
  it('accepts the key numform would send from the same environment, naming where, never the key', async () => {
    for (const [env, shown] of [
      [{ VN_ACCESS_KEY: 'vn-key-in-env' }, 'VN_ACCESS_KEY'],
      [{ VOIPBIN_ACCESSKEY: 'vb-key-in-env', VN_ACCESS_KEY: 'other' }, 'VOIPBIN_ACCESSKEY'],
    ] as const) {
      const sim = await startSimCommand(['--port', '0'], env);
      const key = Object.values(env)[0]!;
      const client = new VoipbinClient({ endpoint: sim.url, accessKey: key });
      expect(await client.listNumbers()).toEqual([]);
      await client.close();
      expect(sim.stderr()).toContain(`it accepts the access key in ${shown}.`);
      for (const value of Object.values(env)) expect(sim.stderr()).not.toContain(value);
      await sim.stop();
    }
  });

  it('without one, says which key it accepts', async () => {
    const sim = await startSimCommand(['--port', '0']);
    expect(sim.stderr()).toBe(
      'VoIPBIN simulator ready; it accepts the access key vb_simulator (VOIPBIN_ACCESSKEY=vb_simulator). ' +
        'Press Ctrl-C to stop.\n',
    );
    await sim.stop();
  });
});

describe('numform itself', () => {
  it('prints help listing its commands, and its version', async () => {
    const help = await runNumform(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: numform/);
    expect(help.stdout).toMatch(/sim \[options\]/);
    const version = await runNumform(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with exit 1', async () => {
    const run = await runNumform(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command/);
  });
});
