import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSources, readConfig } from '../../src/config/load-config.ts';
import { digestMeaning } from '../../src/edit/check-meaning.ts';
import { formatYamlText } from '../../src/edit/format-yaml.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every configuration the repository ships or tests with: examples and valid fixtures. */
const CONFIGURATIONS = [
  ['examples/starter'],
  ['examples/demo'],
  ['examples/multi-team'],
  ['test/fixtures/valid/multi'],
  ['test/fixtures/valid/comment-only.yaml'],
  ['test/fixtures/valid/empty.yaml'],
];

describe('formatYamlText', () => {
  it('orders keys as the schema does, single-quotes numbers and globs, and keeps every comment', () => {
    const text = [
      '# head comment',
      'numbers:',
      '  - name: Sales # the name',
      '    # about the flow',
      '    call_flow: Sales queue',
      '    detail: d',
      '    number: "+15551234567"',
      'policy:',
      '  protect: ["+1555*"]',
      '  scope: ["+1555*", "+8991*"]',
      '  prune: false',
      'version: 1',
      '',
    ].join('\n');
    expect(formatYamlText(text)).toBe(
      [
        '# head comment',
        'version: 1',
        'policy:',
        '  prune: false',
        "  scope: ['+1555*', '+8991*']",
        "  protect: ['+1555*']",
        'numbers:',
        "  - number: '+15551234567'",
        '    name: Sales # the name',
        '    detail: d',
        '    # about the flow',
        '    call_flow: Sales queue',
        '',
      ].join('\n'),
    );
  });

  it('puts a comment on the key that becomes first above the entry, so a second pass changes nothing', () => {
    const text = [
      'numbers:',
      '  - name: A',
      '    # about the number',
      "    number: '+15550000001'",
      '  # about B',
      '  - detail: d',
      '    # one',
      '    # two',
      "    number: '+15550000002'",
      '',
    ].join('\n');
    const once = formatYamlText(text);
    expect(once).toBe(
      [
        'numbers:',
        '  # about the number',
        "  - number: '+15550000001'",
        '    name: A',
        '  # about B',
        '  # one',
        '  # two',
        "  - number: '+15550000002'",
        '    detail: d',
        '',
      ].join('\n'),
    );
    expect(formatYamlText(once)).toBe(once);
  });

  it('sorts entries by number only when asked, each with its comments', () => {
    const text = [
      'numbers:',
      "  - number: '+15550000002' # second",
      '  # the first one',
      "  - number: '+15550000001'",
      '',
    ].join('\n');
    expect(formatYamlText(text)).toBe(text);
    const sorted = formatYamlText(text, { sort: true });
    expect(sorted.indexOf('+15550000001')).toBeLessThan(sorted.indexOf('+15550000002'));
    expect(sorted).toMatch(/# the first one\n {2}- number: '\+15550000001'/);
    expect(sorted).toContain("'+15550000002' # second");
  });

  it.each(CONFIGURATIONS)('keeps the meaning of %s and is idempotent, sorted or not', (path) => {
    const loaded = readConfig([path], root);
    expect(loaded.issues).toEqual([]);
    for (const sort of [false, true]) {
      const once = loaded.sources.map((s) => ({ file: s.file, text: formatYamlText(s.text, { sort }) }));
      const after = checkSources(once);
      expect(after.issues).toEqual([]);
      expect(digestMeaning(after.desired!, sort)).toBe(digestMeaning(loaded.desired!, sort));
      for (const f of once) expect(formatYamlText(f.text, { sort })).toBe(f.text);
      // The comments survive: every comment line of the original is still there.
      for (const [i, s] of loaded.sources.entries()) {
        for (const comment of s.text.match(/#.*$/gm) ?? []) expect(once[i]!.text).toContain(comment);
      }
    }
  });
});
