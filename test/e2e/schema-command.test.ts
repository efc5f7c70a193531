import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';
import { runNumform } from '../support/cli.ts';
import { makeWorkspace, numformAgainst } from '../support/workspace.ts';

const SHIPPED = readFileSync('schemas/numbers.schema.json', 'utf8');

describe('numform schema', () => {
  it('prints the shipped schema byte for byte, with no key and no request', async () => {
    const run = await runNumform(['schema'], { env: { VOIPBIN_ACCESSKEY: undefined } });
    expect(run).toEqual({ code: 0, stdout: SHIPPED, stderr: '' });
  });

  it('writes a copy that export then points at, so editors find it without a local install', async () => {
    const sim = await useSimulator({ seed: { numbers: [{ number: '+15550000001', name: 'Desk' }] } });
    const { dir } = makeWorkspace();
    const numform = numformAgainst(sim, dir);
    const schema = await numform(['schema', '--out', 'numbers/numbers.schema.json']);
    expect(schema.code).toBe(0);
    expect(schema.stderr).toContain('Wrote the schema to numbers/numbers.schema.json.');
    expect(readFileSync(join(dir, 'numbers/numbers.schema.json'), 'utf8')).toBe(SHIPPED);

    const exported = await numform(['export', '--out', 'numbers/account.yaml']);
    // The copy is there: no note about writing it.
    expect(exported.stderr).toBe('Wrote 1 number to numbers/account.yaml.\n');
    const first = readFileSync(join(dir, 'numbers/account.yaml'), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=./numbers.schema.json');
  });

  it('never writes over a file that is not a copy of its schema, such as the configuration', async () => {
    const config = 'version: 1\nnumbers:\n  - number: "+15551234567"\n';
    const { dir, write } = makeWorkspace({ 'numbers.yaml': config });
    write('old.schema.json', SHIPPED.replace('"title"', '"description": "older", "title"'));
    const refused = await runNumform(['schema', '--out', './sub/../numbers.yaml'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "Refusing to write over ./sub/../numbers.yaml: it is not a copy of numform's schema.",
    );
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(config);
    // An earlier copy is refreshed, and the hint names the file that was written.
    const refreshed = await runNumform(['schema', '--out', 'old.schema.json'], { cwd: dir });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stderr).toContain('$schema=./old.schema.json');
    expect(readFileSync(join(dir, 'old.schema.json'), 'utf8')).toBe(SHIPPED);
  });

  it('refuses to write over a folder, saying why', async () => {
    const { dir } = makeWorkspace({ 'numbers/a.yaml': 'version: 1\n' });
    const run = await runNumform(['schema', '--out', 'numbers'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot write numbers: it is a folder.');
  });
});
