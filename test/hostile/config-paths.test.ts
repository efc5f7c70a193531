import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { resolveFlows } from '../../src/plan/resolve-flows.ts';
import { readConfig } from '../../src/config/load-config.ts';
import { MAX_CONFIG_FILE_BYTES } from '../../src/config/read-sources.ts';
import { runNumform } from '../support/cli.ts';
import { makeWorkspace } from '../support/workspace.ts';

const ONE = 'numbers:\n  - number: "+15551234567"\n';
const isRoot = process.getuid?.() === 0;

/** Validates in the workspace: every hostile path is a user error, never a hang or a bug. */
async function validate(dir: string, paths: string[]) {
  const run = await runNumform(['validate', ...paths], { cwd: dir });
  expect(run.stderr).not.toMatch(/bug in numform|Unexpected error/);
  return run;
}

describe('hostile configuration paths end in a clear error, at once', () => {
  it('refuses a FIFO given as the configuration without reading it', async () => {
    const { dir } = makeWorkspace();
    execFileSync('mkfifo', [join(dir, 'numbers.yaml')]);
    const run = await validate(dir, ['numbers.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'numbers.yaml: not a regular file (a pipe, a device or a socket) [NOT_A_FILE]',
    );
  });

  it('refuses a device such as /dev/zero', () => {
    const { issues } = readConfig(['/dev/zero'], process.cwd());
    expect(issues).toEqual([expect.objectContaining({ code: 'NOT_A_FILE', source: { file: '/dev/zero' } })]);
  });

  it('refuses a *.yaml FIFO inside a folder, and still reads the rest', async () => {
    const { dir, write } = makeWorkspace({ 'numbers/a.yaml': ONE });
    execFileSync('mkfifo', [join(dir, 'numbers', 'b.yaml')]);
    const { issues, files } = readConfig(['numbers'], dir);
    expect(files).toEqual(['numbers/a.yaml', 'numbers/b.yaml']);
    expect(issues.map((i) => `${i.source?.file} ${i.code}`)).toEqual(['numbers/b.yaml NOT_A_FILE']);
    write('numbers/c.yaml', 'numbers: []\n');
    expect((await validate(dir, ['numbers'])).code).toBe(1);
  });

  it(`refuses a file over ${MAX_CONFIG_FILE_BYTES} bytes before parsing it`, async () => {
    const { dir } = makeWorkspace({ 'numbers.yaml': ONE });
    truncateSync(join(dir, 'numbers.yaml'), MAX_CONFIG_FILE_BYTES + 1);
    const run = await validate(dir, ['numbers.yaml']);
    expect(run.stderr).toContain(`the file has ${MAX_CONFIG_FILE_BYTES + 1} bytes`);
    expect(run.stderr).toContain('[FILE_TOO_LARGE]');
  });

  it('reads sub-folders, sorted, and skips hidden entries', () => {
    const { dir } = makeWorkspace({
      'numbers/b.yaml': 'numbers:\n  - number: "+15550000002"\n',
      'numbers/a/z.yml': 'numbers:\n  - number: "+15550000001"\n',
      'numbers/.git/config.yaml': 'not: [valid',
      'numbers/.draft.yaml': 'numbers:\n  - number: "+15550000009"\n',
      'numbers/notes.txt': 'not yaml',
    });
    const { issues, desired, files } = readConfig(['numbers'], dir);
    expect(issues).toEqual([]);
    expect(files).toEqual(['numbers/a/z.yml', 'numbers/b.yaml']);
    expect(desired!.numbers.map((n) => n.number)).toEqual(['+15550000001', '+15550000002']);
  });

  it('names a link loop and a dangling link in a folder, instead of skipping them', async () => {
    const { dir } = makeWorkspace({ 'numbers/a.yaml': ONE });
    symlinkSync('.', join(dir, 'numbers', 'loop'));
    symlinkSync('missing.yaml', join(dir, 'numbers', 'gone.yaml'));
    symlinkSync('self', join(dir, 'numbers', 'self'));
    const { issues } = readConfig(['numbers'], dir);
    expect(issues.map((i) => `${i.source?.file}: ${i.message} [${i.code}]`)).toEqual([
      'numbers/gone.yaml: no such file or folder (or a link whose target is missing) [UNREADABLE]',
      'numbers/loop: a link back to a folder already being read [UNREADABLE]',
      'numbers/self: a symbolic link that leads back to itself [UNREADABLE]',
    ]);
    expect((await validate(dir, ['numbers'])).code).toBe(1);
  });

  it.skipIf(isRoot)('names a sub-folder it may not read', async () => {
    const { dir } = makeWorkspace({ 'numbers/a.yaml': ONE, 'numbers/team/b.yaml': ONE });
    chmodSync(join(dir, 'numbers', 'team'), 0o000);
    try {
      const { issues } = readConfig(['numbers'], dir);
      expect(issues).toEqual([
        expect.objectContaining({
          code: 'UNREADABLE',
          message: 'permission denied',
          source: { file: 'numbers/team' },
        }),
      ]);
      expect((await validate(dir, ['numbers'])).code).toBe(1);
    } finally {
      chmodSync(join(dir, 'numbers', 'team'), 0o755);
    }
  });

  it('says a folder without YAML holds none, and an empty file declares nothing', () => {
    const { dir } = makeWorkspace({ 'empty/readme.txt': 'x' });
    mkdirSync(join(dir, 'also-empty'));
    writeFileSync(join(dir, 'blank.yaml'), '');
    const { issues } = readConfig(['empty', 'also-empty'], dir);
    expect(issues.map((i) => i.code)).toEqual(['NO_CONFIG_FILES', 'NO_CONFIG_FILES']);
    expect(readConfig(['blank.yaml'], dir).desired?.numbers).toEqual([]);
  });
});

describe('hostile file contents end in a clear error', () => {
  it('refuses absurd nesting, in flow and block style, saying what it is', () => {
    const { write, dir } = makeWorkspace();
    write('flow.yaml', `numbers: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    write(
      'block.yaml',
      `numbers:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- a:\n`).join('')}`,
    );
    for (const file of ['flow.yaml', 'block.yaml']) {
      const { issues } = readConfig([file], dir);
      expect(issues.map((i) => i.code)).toEqual(['NESTING_TOO_DEEP']);
      expect(issues[0]!.message).toBe('the YAML nests lists or mappings too deeply to read');
    }
  });

  it('keeps control characters in a value inert: the plan shows them escaped', () => {
    const { dir } = makeWorkspace({
      'numbers.yaml': 'numbers:\n  - number: "+899100000001"\n    name: "a\\u0007b\\u001b[31mred"\n',
    });
    const { desired, issues } = readConfig(['numbers.yaml'], dir);
    expect(issues).toEqual([]);
    expect(desired!.numbers[0]!.name).toBe('a\u0007b\u001b[31mred');
    const plan = buildPlan(
      { numbers: resolveFlows(desired!.numbers, []).numbers, policy: desired!.policy },
      [],
    );
    const text = renderPlanText(plan, {}, pc.createColors(false));
    expect(text).toContain('"a\\u0007b\\u001b[31mred"');
    expect(text).not.toContain('\u001b');
  });
});
