import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNumform } from '../support/cli.ts';
import { makeWorkspace } from '../support/workspace.ts';

const messy = [
  '# Our numbers',
  'numbers:',
  '- name: Support # shown in the console',
  '  number: "+15551234567"',
  'version: 1',
  '',
].join('\n');
const tidy = [
  '# Our numbers',
  'version: 1',
  'numbers:',
  "  - number: '+15551234567'",
  '    name: Support # shown in the console',
  '',
].join('\n');

describe('numform fmt', () => {
  it('refuses a file with YAML aliases at the alias, writing nothing, not as a bug', async () => {
    const text =
      'version: 1\nnumbers:\n  - number: "+15551234568"\n    name: &n Other\n  - number: "+15551234567"\n    name: *n\n';
    const { dir } = makeWorkspace({ 'numbers.yaml': text });
    const run = await runNumform(['fmt', '--sort'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('numbers.yaml:6:11: fmt does not lay out files that use YAML aliases');
    expect(run.stderr).not.toContain('bug in numform');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(text);
  });

  it.each(['examples/demo', 'examples/multi-team', 'examples/starter'])(
    'finds the shipped example %s already canonical',
    async (folder) => {
      expect(await runNumform(['fmt', '--check', folder])).toEqual({ code: 0, stdout: '', stderr: '' });
    },
  );

  it('--check lists the files that need formatting, exits 2 and writes nothing', async () => {
    const { dir } = makeWorkspace({
      'numbers.yaml': messy,
      'team/ok.yaml': tidy.replace('5551234567', '5550000001'),
    });
    const run = await runNumform(['fmt', '--check', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('numbers.yaml\n');
    expect(run.stderr).toContain('1 file not formatted');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(messy);
  });

  it('formats in place, keeping the mode and the comments, then --check passes', async () => {
    const { dir } = makeWorkspace({ 'numbers.yaml': messy });
    const path = join(dir, 'numbers.yaml');
    chmodSync(path, 0o640);
    const run = await runNumform(['fmt'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: 'numbers.yaml\n' });
    expect(readFileSync(path, 'utf8')).toBe(tidy);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    // No temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['numbers.yaml']);
    const again = await runNumform(['fmt', '--check'], { cwd: dir });
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });

  it('sorts entries only with --sort', async () => {
    const two = "numbers:\n  - number: '+15550000002'\n  - number: '+15550000001'\n";
    const { dir } = makeWorkspace({ 'numbers.yaml': two });
    expect((await runNumform(['fmt', '--check'], { cwd: dir })).code).toBe(0);
    expect((await runNumform(['fmt', '--sort'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(
      "numbers:\n  - number: '+15550000001'\n  - number: '+15550000002'\n",
    );
  });

  it('refuses invalid files with file:line:col and writes none of the files', async () => {
    const broken = "numbers:\n  - number: '+15550000001'\n    colour: blue\n";
    const { dir } = makeWorkspace({ 'a.yaml': messy, 'b.yaml': broken });
    const run = await runNumform(['fmt', 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/b\.yaml:3:5: .*colour/);
    // fmt talks to no server: it says what it did not do.
    expect(run.stderr).toContain('The configuration has 1 problem; no file was written.');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(messy);
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toBe(broken);
  });

  it('keeps CRLF line ends, so a formatted Windows file passes --check', async () => {
    const crlf = (text: string) => text.replaceAll('\n', '\r\n');
    const { dir } = makeWorkspace({ 'numbers.yaml': crlf(messy) });
    expect(await runNumform(['fmt'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'numbers.yaml\n' });
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(crlf(tidy));
    expect(await runNumform(['fmt', '--check'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('changes no file when one of them is read-only, and says which', async () => {
    const { dir } = makeWorkspace({ 'a.yaml': messy, 'b.yaml': messy.replace('5551234567', '5550000001') });
    chmodSync(join(dir, 'b.yaml'), 0o444);
    const run = await runNumform(['fmt', 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot write b.yaml: it is read-only; no file was changed.');
    expect(run.stderr).not.toContain('bug in numform');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(messy);
    expect(statSync(join(dir, 'b.yaml')).mode & 0o777).toBe(0o444);
  });
});
