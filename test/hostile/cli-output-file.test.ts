import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputTarget, writeOutputFile } from '../../src/cli/output-file.ts';
import { NumformError } from '../../src/errors/numform-error.ts';
import { useSimulator } from '../support/simulator.ts';
import { makeWorkspace, numbersYaml, numformAgainst } from '../support/workspace.ts';

const CONFIG = numbersYaml([{ number: '+899100000001', name: 'new' }]);

async function workspace(files: Record<string, string> = { 'numbers.yaml': CONFIG }) {
  const sim = await useSimulator({ seed: { numbers: [{ number: '+899100000001', name: 'old' }] } });
  const ws = makeWorkspace(files);
  return { ...ws, sim, numform: numformAgainst(sim, ws.dir) };
}

function requestsServed(sim: { stats: Map<string, number> }): number {
  return [...sim.stats.values()].reduce((a, b) => a + b, 0);
}

describe('--out into folders that do not exist yet', () => {
  it('plan --out creates the missing folders and saves the plan', async () => {
    const { dir, numform } = await workspace();
    const run = await numform(['plan', '--out', 'plans/2024/next.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Saved the plan to plans/2024/next.json.');
    expect(JSON.parse(readFileSync(join(dir, 'plans/2024/next.json'), 'utf8'))).toHaveProperty('plan_digest');
  });

  it('export --out creates the missing folders and writes the configuration', async () => {
    const { dir, numform } = await workspace({});
    const run = await numform(['export', '--out', 'adopted/numbers.yaml']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'adopted/numbers.yaml'), 'utf8')).toContain('+899100000001');
  });
});

describe('--out to a path that cannot be written is a clear error, not a bug', () => {
  it.each([
    ['through a file', 'numbers.yaml/plan.json', 'part of the path is a file, not a folder'],
    ['to a folder', 'plans', 'it is a folder'],
  ])('plan --out %s', async (_, out, why) => {
    const { dir, numform } = await workspace();
    mkdirSync(join(dir, 'plans'));
    const run = await numform(['plan', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: Cannot write ${out}: ${why}.`);
    expect(run.stderr).toContain('Hint: Choose a path in a folder you can write to');
    expect(run.stderr).not.toContain('bug in numform');
  });

  it('export --out to a folder', async () => {
    const { dir, numform } = await workspace({});
    mkdirSync(join(dir, 'out'));
    const run = await numform(['export', '--out', 'out']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: Cannot write out: it is a folder.');
  });

  // Permissions do not bind the superuser, so this case only runs as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('plan --out into a read-only folder', async () => {
    const { dir, numform } = await workspace();
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o500);
    try {
      const run = await numform(['plan', '--out', 'locked/plan.json']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Error: Cannot write locked/plan.json: permission denied.');
    } finally {
      chmodSync(join(dir, 'locked'), 0o700);
    }
  });

  it('carries the code OUTPUT_NOT_WRITABLE', () => {
    const { dir } = makeWorkspace({ 'a.yaml': 'x' });
    const target = outputTarget('a.yaml/b.json', dir, []);
    const error = (() => {
      try {
        writeOutputFile(target, () => undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NumformError);
    expect((error as NumformError).code).toBe('OUTPUT_NOT_WRITABLE');
  });
});

describe('--out never overwrites the configuration the command read', () => {
  it('plan --out onto the configuration file is refused before any request; the file is kept', async () => {
    const { dir, sim, numform } = await workspace();
    const run = await numform(['plan', '--out', 'numbers.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Error: Refusing to write to numbers.yaml: it is the configuration file numbers.yaml this command reads.',
    );
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(CONFIG);
    expect(requestsServed(sim)).toBe(0);
  });

  it('plan FOLDER --out a file inside it, written another way, is refused', async () => {
    const { dir, numform } = await workspace({ 'numbers/teams/a.yaml': CONFIG });
    const run = await numform(['plan', 'numbers', '--out', './numbers/../numbers/teams/a.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('it is the configuration file numbers/teams/a.yaml this command reads.');
    expect(readFileSync(join(dir, 'numbers/teams/a.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('plan --out a link to the configuration file is refused', async () => {
    const { dir, numform } = await workspace();
    symlinkSync(join(dir, 'numbers.yaml'), join(dir, 'link.json'));
    const run = await numform(['plan', '--out', 'link.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refusing to write to link.json');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('export --unmanaged-only PATH --out PATH is refused; plain export --out may replace a file', async () => {
    const { dir, numform } = await workspace();
    const refused = await numform(['export', '--unmanaged-only', 'numbers.yaml', '--out', 'numbers.yaml']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to write to numbers.yaml');
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toBe(CONFIG);
    // Without --unmanaged-only export reads no configuration: adopting an account writes one.
    const adopted = await numform(['export', '--out', 'numbers.yaml']);
    expect(adopted.code).toBe(0);
    expect(readFileSync(join(dir, 'numbers.yaml'), 'utf8')).toContain('name: old');
  });
});
