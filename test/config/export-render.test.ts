import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from 'yaml';
import { renderDocument, renderEntry } from '../../src/config/export-config.ts';

/** What the export wrote when the whole file was one document: the entry under `numbers:`. */
function renderInDocument(entry: Record<string, unknown>): string {
  return renderDocument(new Document({ numbers: [entry] })).slice('numbers:\n'.length);
}

const text = fc.oneof(
  fc.constantFrom(
    'Front desk',
    'yes',
    'No',
    'null',
    '~',
    'true',
    '123',
    '1.5',
    '0x1F',
    '.inf',
    'NaN',
    '+15551234567',
    '+1555*',
    'a: b',
    'a #b',
    '#a',
    '-a',
    '- a',
    'a ',
    ' a',
    "it's",
    'say "hi"',
    'back\\slash',
    'two\nlines',
    'tab\there',
    'ümlaut',
    '@home',
    '*star',
    '&amp',
    '!bang',
    '%pct',
    '[x]',
    '{x}',
    'a,b',
    'x (y)',
    'd157ce07-0360-4cad-9007-c8ab89fccf9c',
    '00000000-0000-0000-0000-000000000000',
    '12345678-aaaa-bbbb-cccc-123456789012',
    'Main IVR',
    'A',
    '_',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.string({ maxLength: 8 }),
);

describe('the export writes each entry as the whole document wrote it', () => {
  it('for entries of every kind of value', () => {
    const entry = fc
      .record({
        number: fc.oneof(fc.stringMatching(/^\+1555\d{7}$/), text),
        name: fc.option(text, { nil: undefined }),
        detail: fc.option(text, { nil: undefined }),
        call_flow: fc.option(fc.oneof(text, fc.constant(null)), { nil: undefined }),
        message_flow_id: fc.option(text, { nil: undefined }),
        rtp_debug: fc.option(fc.boolean(), { nil: undefined }),
      })
      .map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)));
    fc.assert(
      fc.property(entry, (e) => {
        expect(renderEntry(e)).toBe(renderInDocument(e));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes the common entry by hand, with quotes where other YAML readers would misread', () => {
    const entry = {
      number: '+15551234567',
      name: 'yes',
      call_flow_id: 'd157ce07-0360-4cad-9007-c8ab89fccf9c',
      rtp_debug: true,
    };
    expect(renderEntry(entry)).toBe(
      `  - number: '+15551234567'\n    name: "yes"\n    call_flow_id: d157ce07-0360-4cad-9007-c8ab89fccf9c\n    rtp_debug: true\n`,
    );
    expect(renderEntry(entry)).toBe(renderInDocument(entry));
  });
});
