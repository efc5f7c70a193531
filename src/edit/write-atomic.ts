import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { NumformError } from '../errors/numform-error.ts';

/** A file to replace: where it is, how the user named it, and its new text. */
export interface FileEdit {
  path: string;
  shown: string;
  text: string;
}

/**
 * Replaces the text of each file (see writeFileAtomic). Every file is checked first: if one is
 * read-only, or cannot be replaced, nothing is written (a read-only file is the user saying "do
 * not change this"). A write that fails all the same says which files were written before it.
 */
export function writeFilesAtomic(edits: readonly FileEdit[]): void {
  for (const edit of edits) {
    const problem = findWriteProblem(edit.path);
    if (problem) {
      throw new NumformError(
        'FILE_NOT_WRITABLE',
        `Cannot write ${edit.shown}: ${problem}; no file was changed.`,
        {
          hint: 'Make the file writable (or run where you may change it), then run the command again.',
        },
      );
    }
  }
  const written: string[] = [];
  for (const edit of edits) {
    try {
      writeFileAtomic(edit.path, edit.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== 'string') throw error;
      const before =
        written.length === 0
          ? 'no file was changed'
          : `${written.join(', ')} ${written.length === 1 ? 'was' : 'were'} already written`;
      throw new NumformError(
        'FILE_NOT_WRITABLE',
        `Cannot write ${edit.shown}: ${describeWriteError(code)}; ${before}.`,
        {
          hint: 'Fix the cause, then run the command again: files already written are complete.',
          cause: error,
        },
      );
    }
    written.push(edit.shown);
  }
}

/**
 * Replaces a file's text at once: the new text goes to a temporary file beside it, which takes the
 * old file's mode and is then renamed over it, so a crash or a full disk leaves either the old
 * file or the new one, never half of each. A symbolic link keeps pointing at the file it named.
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = realpathSync(path);
  const { mode } = statSync(target);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { mode });
    // The umask may have narrowed the mode given at creation.
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Why a file could not be written in place, or undefined when it can be. */
function findWriteProblem(path: string): string | undefined {
  try {
    const target = realpathSync(path);
    // A file without write permission is the user saying "do not change this", even though the
    // folder would let a new file be renamed over it (and even to root, whom access() lets by).
    if ((statSync(target).mode & 0o222) === 0) return 'it is read-only';
    accessSync(target, constants.W_OK);
    accessSync(dirname(target), constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    return code === 'EACCES' || code === 'EPERM'
      ? 'it is read-only, or its folder is'
      : describeWriteError(code);
  }
}

/** What an error code from writing a file means, in words. */
export function describeWriteError(code: string): string {
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'part of the path is a file, not a folder';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'ENOENT') return 'it no longer exists';
  return `the system refused it (${code})`;
}
