import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
