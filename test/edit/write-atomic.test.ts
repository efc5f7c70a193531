import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/edit/write-atomic.ts';
import { makeWorkspace } from '../support/workspace.ts';

describe('writeFilesAtomic', () => {
  it('writes every file', () => {
    const { dir } = makeWorkspace({ 'a.yaml': 'old a', 'b.yaml': 'old b' });
    writeFilesAtomic([
      { path: join(dir, 'a.yaml'), shown: 'a.yaml', text: 'new a' },
      { path: join(dir, 'b.yaml'), shown: 'b.yaml', text: 'new b' },
    ]);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('new a');
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toBe('new b');
  });

  it('writes nothing when a file is read-only or gone, naming it', () => {
    const { dir } = makeWorkspace({ 'a.yaml': 'old a', 'b.yaml': 'old b' });
    chmodSync(join(dir, 'b.yaml'), 0o444);
    const edits = (second: string) => [
      { path: join(dir, 'a.yaml'), shown: 'a.yaml', text: 'new a' },
      { path: join(dir, second), shown: second, text: 'new' },
    ];
    expect(() => writeFilesAtomic(edits('b.yaml'))).toThrow(
      'Cannot write b.yaml: it is read-only; no file was changed.',
    );
    expect(() => writeFilesAtomic(edits('gone.yaml'))).toThrow(
      'Cannot write gone.yaml: it no longer exists; no file was changed.',
    );
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('old a');
  });

  it('says which files were written when a later one fails all the same', () => {
    const { dir } = makeWorkspace({ 'a.yaml': 'old a' });
    mkdirSync(join(dir, 'folder.yaml'));
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'a.yaml'), shown: 'a.yaml', text: 'new a' },
        { path: join(dir, 'folder.yaml'), shown: 'folder.yaml', text: 'x' },
      ]),
    ).toThrow(/^Cannot write folder\.yaml: .*; a\.yaml was already written\.$/);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('new a');
  });
});
