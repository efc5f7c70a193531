import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSeq, LineCounter, parseDocument } from 'yaml';
import { checkSources } from '../../src/config/load-config.ts';
import { parseInChunks } from '../../src/config/parse-in-chunks.ts';
import { CHUNKED_PARSE_MIN_BYTES } from '../../src/config/yaml-source.ts';

const OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/** The file read whole: its data and where each entry of `numbers` starts (line and column). */
function readWhole(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...OPTIONS });
  const list = doc.get('numbers', true);
  const starts = isSeq(list)
    ? list.items.map((n) => lineCounter.linePos((n as { range: number[] }).range[0]!))
    : [];
  return { data: doc.toJS() as unknown, starts, errors: doc.errors.length };
}

/** The same, read in chunks of `size` entries; undefined when the reader declined. */
function readChunked(text: string, size: number) {
  const chunked = parseInChunks(text, OPTIONS, size);
  if (!chunked) return undefined;
  return { data: chunked.data, starts: chunked.entryOffsets.map((o) => chunked.lineCounter.linePos(o)) };
}

const LAYOUTS: Record<string, string> = {
  'comments, blank lines and a key after the list': [
    '# yaml-language-server: $schema=./numbers.schema.json',
    'version: 1',
    'numbers: # the list',
    '  # the first one',
    '  - number: "+15550000001"',
    '    name: Front desk # inline',
    '',
    '  - number: "+15550000002"',
    '# a comment at the margin, inside the list',
    '  - number: "+15550000003"',
    '    detail: two',
    '# trailing',
    'policy:',
    '  unmanaged: ["+1555*"]',
    '',
  ].join('\n'),
  'block scalars holding what looks like entries': [
    'version: 1',
    'numbers:',
    '  - number: "+15550000001"',
    '    detail: |',
    '      - number: "+19999999999"',
    '',
    '      numbers:',
    '  - number: "+15550000002"',
    '    detail: >-',
    '      folded',
    '      - text',
    '  - number: "+15550000003"',
    '',
  ].join('\n'),
  'entries in flow style over several lines, and quoted text over several lines': [
    'version: 1',
    'numbers:',
    '  - { number: "+15550000001", name: [a,',
    '    b] }',
    '  - number: "+15550000002"',
    '    name: "a name',
    '      - that goes on"',
    '  - number: "+15550000003"',
    '    name: plain text',
    '      - that goes on',
    '',
  ].join('\n'),
  'entries at the margin, then defaults': [
    'version: 1',
    'numbers:',
    '- number: "+15550000001"',
    '  name: a',
    '-',
    '- number: "+15550000003"',
    'defaults:',
    '  rtp_debug: true',
  ].join('\n'),
  'a long list with the policy and defaults after it (keys far from numbers:)': [
    'version: 1',
    'numbers:',
    ...Array.from(
      { length: 40 },
      (_, i) => `  - number: "+1555000${String(i).padStart(4, '0')}"\n    name: line ${i}`,
    ),
    '# after the list',
    'policy:',
    '  unmanaged: ["+1666*"]',
    'defaults:',
    '  rtp_debug: true',
    '',
  ].join('\n'),
  'Windows line ends':
    'version: 1\r\nnumbers:\r\n  - number: "+15550000001"\r\n  - number: "+15550000002"\r\n',
};

describe('reading a large file a chunk of entries at a time', () => {
  for (const [name, text] of Object.entries(LAYOUTS)) {
    it(`gives the data and entry positions of the whole reading: ${name}`, () => {
      const whole = readWhole(text);
      expect(whole.errors).toBe(0);
      for (const size of [1, 2, 3, 100]) {
        expect(readChunked(text, size), `chunks of ${size}`).toEqual({
          data: whole.data,
          starts: whole.starts,
        });
      }
    });
  }

  it.each([
    ['an anchor and an alias', 'numbers:\n  - &a { number: "+15550000001" }\n  - *a\n'],
    ['a tag', 'numbers:\n  - !!map { number: "+15550000001" }\n'],
    ['two documents', 'numbers:\n  - number: "+15550000001"\n---\nnumbers: []\n'],
    ['a list in flow style', 'numbers: [{ number: "+15550000001" }]\n'],
    ['no list', 'version: 1\npolicy: {}\n'],
    ['a list that is not at the top level', 'all:\n  numbers:\n    - number: "+15550000001"\n'],
    ['a mapping under numbers', 'numbers:\n  first: { number: "+15550000001" }\n'],
    ['a repeated key in an entry', 'numbers:\n  - number: "+15550000001"\n    number: "+15550000002"\n'],
    ['bad indentation', 'numbers:\n  - number: "+15550000001"\n     name: x\n'],
    ['a tab', 'numbers:\n\t- number: "+15550000001"\n'],
    [
      'a flow entry going on at the margin of the list',
      'numbers:\n  - { number: "+15550000001", name: [a,\n  - b] }\n',
    ],
    ['numbers twice', 'numbers:\n  - number: "+15550000001"\nnumbers:\n  - number: "+15550000002"\n'],
  ])('declines, so the file is read whole, for %s', (_name, text) => {
    expect(parseInChunks(text, OPTIONS, 1)).toBeUndefined();
  });

  it('agrees with the whole reading on any list of simple entries with comments and blank lines', () => {
    const entry = fc.record({
      number: fc.stringMatching(/^\+1555\d{7}$/),
      name: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,8}[A-Za-z0-9]$/), { nil: undefined }),
      comment: fc.constantFrom('', '  # note', '# margin'),
      blank: fc.boolean(),
      flow: fc.boolean(),
    });
    const file = fc.record({
      entries: fc.array(entry, { minLength: 1, maxLength: 12 }),
      indent: fc.constantFrom('', '  ', '    '),
      after: fc.constantFrom('', 'policy:\n  prune: false\n', '# end\n'),
      size: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(file, ({ entries, indent, after, size }) => {
        const lines = ['version: 1', 'numbers:'];
        for (const e of entries) {
          if (e.comment) lines.push(e.comment.startsWith('#') ? e.comment : `${indent}${e.comment.trim()}`);
          if (e.flow) lines.push(`${indent}- { number: "${e.number}"${e.name ? `, name: ${e.name}` : ''} }`);
          else {
            lines.push(`${indent}- number: "${e.number}"`);
            if (e.name) lines.push(`${indent}  name: ${e.name}`);
          }
          if (e.blank) lines.push('');
        }
        const text = `${lines.join('\n')}\n${after}`;
        const whole = readWhole(text);
        expect(readChunked(text, size)).toEqual({ data: whole.data, starts: whole.starts });
      }),
      { numRuns: 300 },
    );
  });
});

describe('a configuration large enough to be read in chunks', () => {
  const entries = (count: number) =>
    Array.from(
      { length: count },
      (_, i) => `  - number: "+1555${String(i).padStart(7, '0')}"\n    name: Line ${i}`,
    );
  const file = (lines: string[]) => ['version: 1', 'numbers:', ...lines, ''].join('\n');

  it('gives the desired state and entry positions of the whole reading', () => {
    const text = file(entries(6000));
    expect(text.length).toBeGreaterThan(CHUNKED_PARSE_MIN_BYTES);
    const { desired, issues } = checkSources([{ file: 'big.yaml', text }]);
    expect(issues).toEqual([]);
    expect(desired!.numbers).toHaveLength(6000);
    expect(desired!.numbers[5999]).toMatchObject({
      number: '+15550005999',
      name: 'Line 5999',
      source: { file: 'big.yaml', line: 2 + 2 * 5999 + 1, col: 5 },
    });
  });

  it('points at both places when the policy after the list disowns an entry deep inside it', () => {
    const lines = entries(6000);
    const text = `${file(lines)}policy:\n  unmanaged: ['+15550004321']\n`;
    const { issues } = checkSources([{ file: 'big.yaml', text }]);
    // The pattern sits in `  unmanaged: ['…` on the second line after the list.
    const patternLine = 2 + 2 * 6000 + 2;
    expect(issues).toMatchObject([
      {
        code: 'UNMANAGED_DECLARED',
        source: { line: 2 + 2 * 4321 + 1, col: 13 },
        message: expect.stringContaining(`at big.yaml:${patternLine}:15`) as unknown,
      },
    ]);
  });

  it('points at a problem deep inside it by file, line and column', () => {
    const lines = entries(6000);
    lines[4321] = '  - number: "+15550004321"\n    nmae: typo';
    const schema = checkSources([{ file: 'big.yaml', text: file(lines) }]);
    expect(schema.desired).toBeUndefined();
    expect(schema.issues).toMatchObject([{ source: { file: 'big.yaml', line: 2 + 2 * 4321 + 2, col: 5 } }]);

    lines[4321] = '  - number: "+15550004321"\n    name: a\n    name: b';
    const yaml = checkSources([{ file: 'big.yaml', text: file(lines) }]);
    expect(yaml.issues).toMatchObject([
      { code: 'DUPLICATE_KEY', source: { line: 2 + 2 * 4321 + 3, col: 5 } },
    ]);
  });
});
