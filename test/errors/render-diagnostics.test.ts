import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/errors/diagnostic.ts';
import {
  renderCodeFrame,
  renderDiagnostics,
  toDiagnosticsJson,
} from '../../src/errors/render-diagnostics.ts';

const plain = pc.createColors(false);

/** Colours that show which one was used: `<red>x</red>`. */
const tagged = new Proxy({} as Colors, {
  get: (_target, name) => (text: unknown) => `<${String(name)}>${String(text)}</${String(name)}>`,
});

const text = ['numbers:', '  - number: "+1"', '\tname: x', '  - number: "+2"'].join('\n');

describe('renderDiagnostics', () => {
  it('labels account diagnostics by severity, each in its colour, with the code dimmed', () => {
    const list: Diagnostic[] = [
      { severity: 'error', code: 'MASS_RELEASE', message: 'too many' },
      { severity: 'warning', code: 'READ_ONLY_DRIFT', message: 'drift' },
      { severity: 'note', code: 'PENDING_PURCHASE', message: 'pending' },
    ];
    expect(renderDiagnostics(list, { colors: plain }).split('\n')).toEqual([
      'Error: too many [MASS_RELEASE]',
      'Warning: drift [READ_ONLY_DRIFT]',
      'Note: pending [PENDING_PURCHASE]',
    ]);
    expect(renderDiagnostics(list, { colors: tagged }).split('\n')).toEqual([
      '<red>Error:</red> too many <dim>[MASS_RELEASE]</dim>',
      '<yellow>Warning:</yellow> drift <dim>[READ_ONLY_DRIFT]</dim>',
      '<cyan>Note:</cyan> pending <dim>[PENDING_PURCHASE]</dim>',
    ]);
  });

  it('reads FILE:LINE:COL: message for a located one, in bold, and a hint on its own line', () => {
    const list: Diagnostic[] = [
      {
        severity: 'error',
        code: 'BAD_UUID',
        message: 'bad id',
        source: { file: 'a.yaml', line: 2, col: 5 },
        hint: 'fix it',
      },
    ];
    expect(renderDiagnostics(list, { colors: plain })).toBe('a.yaml:2:5: bad id [BAD_UUID]\n  hint: fix it');
    expect(renderDiagnostics(list, { colors: tagged })).toBe(
      '<bold>a.yaml:2:5: bad id</bold> <dim>[BAD_UUID]</dim>\n  <cyan>hint:</cyan> fix it',
    );
  });

  it('shows a code frame only when asked, for the file the diagnostic points into', () => {
    const located: Diagnostic = {
      severity: 'error',
      code: 'BAD_UUID',
      message: 'bad',
      source: { file: 'b.yaml', line: 2, col: 4 },
    };
    const sources = [
      { file: 'a.yaml', text: 'other: 1\nother: 2' },
      { file: 'b.yaml', text },
    ];
    const heading = 'b.yaml:2:4: bad [BAD_UUID]';
    expect(renderDiagnostics([located], { colors: plain, sources })).toBe(heading);
    expect(renderDiagnostics([located], { colors: plain, sources, codeFrames: false })).toBe(heading);
    expect(renderDiagnostics([located], { colors: plain, sources, codeFrames: true }).split('\n')).toEqual([
      heading,
      '    1 | numbers:',
      '  > 2 |   - number: "+1"',
      '      |    ^',
    ]);
  });

  it('shows no frame without the file text or without a line, and puts the caret at column 1 when only the line is known', () => {
    const sources = [{ file: 'b.yaml', text }];
    const inOther: Diagnostic = {
      severity: 'error',
      code: 'BAD_UUID',
      message: 'x',
      source: { file: 'c.yaml', line: 1 },
    };
    const noLine: Diagnostic = {
      severity: 'error',
      code: 'NOT_UTF8',
      message: 'y',
      source: { file: 'b.yaml' },
    };
    const noCol: Diagnostic = {
      severity: 'error',
      code: 'BAD_UUID',
      message: 'z',
      source: { file: 'b.yaml', line: 1 },
    };
    expect(
      renderDiagnostics([inOther, noLine], { colors: plain, sources, codeFrames: true }).split('\n'),
    ).toEqual(['c.yaml:1:1: x [BAD_UUID]', 'b.yaml: y [NOT_UTF8]']);
    expect(renderDiagnostics([noCol], { colors: plain, sources, codeFrames: true }).split('\n')).toEqual([
      'b.yaml:1:1: z [BAD_UUID]',
      '  > 1 | numbers:',
      '      | ^',
    ]);
  });

  it('renders nothing for no diagnostics', () => {
    expect(renderDiagnostics([], { colors: plain })).toBe('');
  });
});

describe('renderCodeFrame', () => {
  it('shows two lines of context, the line marked in red, tabs as arrows, and a red caret', () => {
    expect(renderCodeFrame(text, 3, 2, tagged).split('\n')).toEqual([
      '    1 | numbers:',
      '    2 |   - number: "+1"',
      '  <red>></red> 3 | →name: x',
      '      |  <red>^</red>',
    ]);
  });

  it('splits Windows line ends too, pads line numbers to the widest, and cuts long lines at 120 characters', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`);
    lines[9] = 'y'.repeat(130);
    const frame = renderCodeFrame(lines.join('\r\n'), 10, 1, plain).split('\n');
    expect(frame).toEqual([
      '     8 | line 8',
      '     9 | line 9',
      `  > 10 | ${'y'.repeat(120)}`,
      '       | ^',
    ]);
  });

  it('stops at the end of the text for a line past it, and never moves the caret left of column 1', () => {
    expect(renderCodeFrame('a\nb', 4, 0, plain).split('\n')).toEqual(['    2 | b', '      | ^']);
    expect(renderCodeFrame('a\nb', 1, -3, plain).split('\n')).toEqual(['  > 1 | a', '      | ^']);
  });
});

describe('toDiagnosticsJson', () => {
  it('gives every key, null where a diagnostic has no value', () => {
    expect(
      toDiagnosticsJson([
        {
          severity: 'warning',
          code: 'READ_ONLY_DRIFT',
          message: 'm',
          hint: 'h',
          source: { file: 'a.yaml', line: 2, col: 3 },
          number: '+1',
        },
        { severity: 'error', code: 'MASS_RELEASE', message: 'n' },
      ]),
    ).toEqual([
      {
        severity: 'warning',
        code: 'READ_ONLY_DRIFT',
        message: 'm',
        hint: 'h',
        file: 'a.yaml',
        line: 2,
        col: 3,
        number: '+1',
      },
      {
        severity: 'error',
        code: 'MASS_RELEASE',
        message: 'n',
        hint: null,
        file: null,
        line: null,
        col: null,
        number: null,
      },
    ]);
  });

  it('gives null for a position the source does not have', () => {
    expect(
      toDiagnosticsJson([{ severity: 'error', code: 'NOT_UTF8', message: 'x', source: { file: 'a.yaml' } }]),
    ).toEqual([expect.objectContaining({ file: 'a.yaml', line: null, col: null })]);
  });
});
