import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { renderDiagnostics } from '../../src/errors/render-diagnostics.ts';
import { checkSources, readConfig } from '../../src/config/load-config.ts';
import { runNumform } from '../support/cli.ts';

const FIX = 'test/fixtures/invalid';

/** One fixture per problem: the exact file, line, column and code each must be reported with. */
const cases: [string, string, number | undefined, number | undefined, string][] = [
  ['unquoted-number.yaml', 'unquoted-number.yaml', 2, 13, 'UNQUOTED_NUMBER'],
  ['unknown-key.yaml', 'unknown-key.yaml', 3, 5, 'UNKNOWN_KEY'],
  ['not-e164.yaml', 'not-e164.yaml', 2, 13, 'NOT_E164'],
  ['virtual-length.yaml', 'virtual-length.yaml', 2, 13, 'BAD_VIRTUAL_NUMBER'],
  ['virtual-reserved.yaml', 'virtual-reserved.yaml', 2, 13, 'RESERVED_VIRTUAL_RANGE'],
  ['type-mismatch.yaml', 'type-mismatch.yaml', 3, 11, 'TYPE_MISMATCH'],
  ['flow-name-and-id.yaml', 'flow-name-and-id.yaml', 4, 5, 'FLOW_NAME_AND_ID'],
  ['bad-uuid.yaml', 'bad-uuid.yaml', 3, 22, 'BAD_UUID'],
  ['bad-glob.yaml', 'bad-glob.yaml', 2, 25, 'BAD_GLOB'],
  ['syntax-error.yaml', 'syntax-error.yaml', 4, 1, 'YAML_SYNTAX'],
  ['duplicate-key.yaml', 'duplicate-key.yaml', 4, 5, 'DUPLICATE_KEY'],
  ['tab.yaml', 'tab.yaml', 3, 1, 'TAB_AS_INDENT'],
  ['two-documents.yaml', 'two-documents.yaml', 4, 1, 'YAML_SYNTAX'],
  ['alias-bomb.yaml', 'alias-bomb.yaml', 2, 8, 'ALIAS_LIMIT'],
  ['not-utf8.yaml', 'not-utf8.yaml', 3, 15, 'NOT_UTF8'],
  ['missing-number.yaml', 'missing-number.yaml', 2, 5, 'MISSING_KEY'],
  ['wrong-type.yaml', 'wrong-type.yaml', 3, 11, 'WRONG_TYPE'],
  ['bad-version.yaml', 'bad-version.yaml', 1, 10, 'BAD_VALUE'],
  ['duplicate-number', 'duplicate-number/b.yaml', 3, 13, 'DUPLICATE_NUMBER'],
  ['policy-twice', 'policy-twice/b.yaml', 1, 1, 'POLICY_IN_TWO_FILES'],
  ['reversed-glob-range.yaml', 'reversed-glob-range.yaml', 2, 13, 'BAD_GLOB'],
  ['unmanaged-declared', 'unmanaged-declared/b.yaml', 2, 13, 'UNMANAGED_DECLARED'],
  // Sub-folders are read, depth first in name order, so the second declaration is the top file's.
  ['nested', 'nested/top.yaml', 2, 13, 'DUPLICATE_NUMBER'],
  ['does-not-exist.yaml', 'does-not-exist.yaml', undefined, undefined, 'PATH_NOT_FOUND'],
];

describe('validate reports each problem where it is', () => {
  it.each(cases)('%s', (path, file, line, col, code) => {
    const { issues, desired } = readConfig([`${FIX}/${path}`], process.cwd());
    expect(desired).toBeUndefined();
    expect(issues).toHaveLength(1);
    const { source, code: gotCode } = issues[0]!;
    const { file: got, line: gotLine, col: gotCol } = source!;
    expect({ file: got, line: gotLine, col: gotCol, code: gotCode }).toEqual({
      file: `${FIX}/${file}`,
      line,
      col,
      code,
    });
  });

  it('names both places of a duplicate number', () => {
    const { issues } = readConfig([`${FIX}/duplicate-number`], process.cwd());
    expect(issues[0]!.message).toContain(`${FIX}/duplicate-number/a.yaml:2:13`);
  });

  it('says a second document is one too many, in words for the user', () => {
    const { issues } = readConfig([`${FIX}/two-documents.yaml`], process.cwd());
    expect(issues[0]!.message).toBe('a second YAML document starts here; a numbers file holds one');
    expect(issues[0]!.hint).toContain('Keep one document per file');
  });

  it('says to quote an unquoted number, keeping the "+"', () => {
    const { issues } = readConfig([`${FIX}/unquoted-number.yaml`], process.cwd());
    expect(issues[0]!.hint).toBe("Quote it: number: '+15551234567'");
  });

  it('names a list item by its list, never by a bare index', () => {
    const { issues } = checkSources([{ file: 'n.yaml', text: 'policy:\n  scope: [""]\nnumbers: []\n' }]);
    expect(issues.map((i) => i.message)).toContain('"scope[0]" must not be empty');
    expect(issues.map((i) => i.hint)).toContain('Remove "scope[0]" instead of leaving it empty.');
  });

  it('says a YAML merge key is not YAML 1.2, rather than calling "<<" a typo', () => {
    const text = 'numbers:\n  - <<: { name: x }\n    number: "+15551234567"\n';
    const { issues } = checkSources([{ file: 'n.yaml', text }]);
    expect(issues).toMatchObject([
      {
        code: 'UNKNOWN_KEY',
        source: { line: 2, col: 5 },
        message:
          'a YAML merge key ("<<") in numbers entry 1: numbers files are YAML 1.2, which has no merge keys',
        hint: 'Write the values out, or put what every entry shares under `defaults:`.',
      },
    ]);
  });

  it('suggests the key a typo meant', () => {
    const { issues } = readConfig([`${FIX}/unknown-key.yaml`], process.cwd());
    expect(issues[0]!.hint).toMatch(/^Did you mean "name"\?/);
  });

  it('reports every problem of several files at once, in file order', () => {
    const paths = ['unknown-key.yaml', 'tab.yaml', 'virtual-reserved.yaml'].map((f) => `${FIX}/${f}`);
    const { issues } = readConfig(paths, process.cwd());
    expect(issues.map((i) => i.code)).toEqual(['UNKNOWN_KEY', 'TAB_AS_INDENT', 'RESERVED_VIRTUAL_RANGE']);
  });

  it('accepts empty and comment-only files as having no numbers', () => {
    const { issues, desired } = readConfig(
      ['test/fixtures/valid/empty.yaml', 'test/fixtures/valid/comment-only.yaml'],
      process.cwd(),
    );
    expect(issues).toEqual([]);
    expect(desired?.numbers).toEqual([]);
  });
});

describe('numform validate', () => {
  it('prints FILE:LINE:COL lines with hints and exits 1, without sending a request', async () => {
    const run = await runNumform(['validate', `${FIX}/unquoted-number.yaml`, `${FIX}/duplicate-number`], {
      env: { VOIPBIN_ENDPOINT: 'http://127.0.0.1:9/v1.0' },
    });
    expect(run.code).toBe(1);
    await expect(run.stderr).toMatchFileSnapshot('../golden/validate-problems.txt');
  });

  it('gives the same problems as JSON', async () => {
    const run = await runNumform(['validate', '--format', 'json', `${FIX}/bad-uuid.yaml`]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      valid: boolean;
      issues: { line: number; col: number; code: string }[];
    };
    expect(report.valid).toBe(false);
    expect(report.issues).toEqual([expect.objectContaining({ line: 3, col: 22, code: 'BAD_UUID' })]);
  });

  it('says how many numbers it read and exits 0 when all is well', async () => {
    const run = await runNumform(['validate', 'test/fixtures/valid/multi']);
    expect(run).toMatchObject({ code: 0, stdout: 'Valid: 4 numbers in 3 files.\n' });
  });

  it('reads numbers.yaml when given no path, and says so when it is missing', async () => {
    const run = await runNumform(['validate'], { cwd: 'test/fixtures' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^numbers\.yaml: no such file or folder \(or a link whose target is missing\) \[PATH_NOT_FOUND\]/,
    );
    expect(run.stderr).toMatch(/With no path, numform reads numbers.yaml/);
  });
});

describe('code frames on a terminal', () => {
  it('show the offending line with a caret under the column', () => {
    const loaded = readConfig([`${FIX}/unquoted-number.yaml`], process.cwd());
    const text = renderDiagnostics(loaded.issues, {
      colors: pc.createColors(false),
      sources: loaded.sources,
      codeFrames: true,
    });
    expect(text.split('\n').slice(1, 4)).toEqual([
      '    1 | numbers:',
      '  > 2 |   - number: +15551234567',
      '      |             ^',
    ]);
  });
});
