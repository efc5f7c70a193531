import { describe, expect, it } from 'vitest';
import { editEntries } from '../../src/edit/edit-entries.ts';

const text = [
  '# Support numbers',
  'defaults:',
  '  detail: Support team',
  'numbers:',
  "  - number: '+15551234567' # main line",
  '    name: Support # as the console shows it',
  '    detail: |',
  '      two',
  '      lines',
  '    # the IVR',
  '    call_flow: Main IVR',
  '',
  "  - number: '+15551234568'",
  "    name: 'Overflow'",
  '    rtp_debug: true',
].join('\n');

describe('editEntries', () => {
  it('changes only the scalars named, keeping comments, quoting and layout', () => {
    const out = editEntries(text, [
      { index: 0, key: 'name', value: 'Help desk' },
      { index: 1, key: 'name', value: 'true' },
      { index: 1, key: 'rtp_debug', value: false },
    ]);
    expect(out).toBe(
      text
        .replace('name: Support #', 'name: Help desk #')
        .replace("name: 'Overflow'", "name: 'true'")
        .replace('rtp_debug: true', 'rtp_debug: false'),
    );
  });

  it('rewrites a block scalar as a block, and a plain value that would read as another type quoted', () => {
    const out = editEntries(text, [
      { index: 0, key: 'detail', value: 'one\nthree\n' },
      { index: 0, key: 'name', value: '42' },
    ]);
    expect(out).toContain('    detail: |\n      one\n      three\n    # the IVR');
    expect(out).toContain('    name: "42" # as the console shows it');
  });

  it('renames a flow key in place, and adds a missing key where the schema orders it', () => {
    const id = 'd157ce07-0360-4cad-9007-c8ab89fccf9c';
    const out = editEntries(text, [
      { index: 0, key: 'call_flow_id', value: id, replaces: 'call_flow' },
      { index: 1, key: 'detail', value: 'Overflow line' },
      { index: 1, key: 'call_flow', value: 'Main IVR' },
    ]);
    expect(out).toContain(`    # the IVR\n    call_flow_id: ${id}\n`);
    expect(out).toMatch(
      /name: 'Overflow'\n {4}detail: Overflow line\n {4}call_flow: Main IVR\n {4}rtp_debug: true$/,
    );
  });

  it('adds a key at the end of a file without a final line break', () => {
    const out = editEntries("numbers:\n  - number: '+15551234567'", [{ index: 0, key: 'name', value: 'A' }]);
    expect(out).toBe("numbers:\n  - number: '+15551234567'\n    name: A\n");
  });
});
