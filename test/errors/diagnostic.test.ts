import { describe, expect, it } from 'vitest';
import {
  formatSource,
  sortDiagnostics,
  type Diagnostic,
  type SourceSpan,
} from '../../src/errors/diagnostic.ts';

const at = (file: string, line?: number, col?: number): SourceSpan => ({
  file,
  ...(line !== undefined && { line }),
  ...(col !== undefined && { col }),
});

const d = (code: Diagnostic['code'], extra: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error',
  code,
  message: code,
  ...extra,
});

describe('formatSource', () => {
  it('reads FILE:LINE:COL, FILE alone when the position is unknown, and column 1 when only the line is', () => {
    expect(formatSource({ file: 'a.yaml', line: 3, col: 7 })).toBe('a.yaml:3:7');
    expect(formatSource({ file: 'a.yaml' })).toBe('a.yaml');
    expect(formatSource({ file: 'a.yaml', line: 3 })).toBe('a.yaml:3:1');
  });
});

describe('sortDiagnostics', () => {
  it('orders by the given file order, not by file name', () => {
    const list = [
      d('BAD_UUID', { source: at('a.yaml', 1, 1) }),
      d('BAD_UUID', { source: at('b.yaml', 1, 1) }),
    ];
    const files = (out: Diagnostic[]) => out.map((x) => x.source?.file);
    expect(files(sortDiagnostics(list, ['b.yaml', 'a.yaml']))).toEqual(['b.yaml', 'a.yaml']);
    expect(files(sortDiagnostics([...list].reverse(), ['a.yaml', 'b.yaml']))).toEqual(['a.yaml', 'b.yaml']);
  });

  it('puts diagnostics without a file, or in a file outside the order, before those in listed files', () => {
    const listed = d('BAD_UUID', { source: at('a.yaml', 1, 1) });
    const unlisted = d('BAD_UUID', { source: at('z.yaml', 9, 9) });
    const account = d('UNKNOWN_FLOW_ID', { number: '+1' });
    const out = sortDiagnostics([listed, unlisted, account], ['a.yaml']);
    expect(out[2]).toBe(listed);
    expect(out.slice(0, 2)).toEqual([account, unlisted]);
  });

  it('then by line, then by column, a missing position counting as 0', () => {
    const l2c1 = d('BAD_UUID', { source: at('a.yaml', 2, 1) });
    const l1c9 = d('BAD_UUID', { source: at('a.yaml', 1, 9) });
    const l1c2 = d('BAD_UUID', { source: at('a.yaml', 1, 2) });
    const l1 = d('BAD_UUID', { source: at('a.yaml', 1) });
    const whole = d('BAD_UUID', { source: at('a.yaml') });
    expect(sortDiagnostics([l2c1, l1c9, l1c2, l1, whole], ['a.yaml'])).toEqual([whole, l1, l1c2, l1c9, l2c1]);
  });

  it('then by number, then by code, so account diagnostics come out in a stable order', () => {
    const b = d('AMBIGUOUS_FLOW_NAME', { number: '+2' });
    const aFlow = d('UNKNOWN_FLOW_NAME', { number: '+1' });
    const aId = d('UNKNOWN_FLOW_ID', { number: '+1' });
    const none = d('MASS_RELEASE');
    expect(sortDiagnostics([b, aFlow, aId, none])).toEqual([none, aId, aFlow, b]);
  });

  it('returns a new list and leaves the given one as it was', () => {
    const list = [d('BAD_UUID', { number: '+2' }), d('BAD_UUID', { number: '+1' })];
    const copy = [...list];
    const out = sortDiagnostics(list);
    expect(out).not.toBe(list);
    expect(list).toEqual(copy);
    expect(out.map((x) => x.number)).toEqual(['+1', '+2']);
  });
});
