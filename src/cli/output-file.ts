import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NumformError } from '../errors/numform-error.ts';
import { describeWriteError } from '../edit/write-atomic.ts';

/** A file `--out` names: where it is, and how the user wrote it (for messages). */
export interface OutputTarget {
  path: string;
  shown: string;
}

/**
 * Resolves `--out` and refuses a file the command just read as configuration (the same path, or
 * a link to it): writing there would replace the configuration with the command's output.
 */
export function outputTarget(out: string, cwd: string, configFiles: readonly string[]): OutputTarget {
  const path = resolve(cwd, out);
  const target = statOrUndefined(path);
  const same = configFiles.find((file) => {
    const full = resolve(cwd, file);
    if (full === path) return true;
    const config = statOrUndefined(full);
    return !!target && !!config && target.dev === config.dev && target.ino === config.ino;
  });
  if (same !== undefined) {
    throw new NumformError(
      'OUTPUT_IS_CONFIG',
      `Refusing to write to ${out}: it is the configuration file ${same} this command reads.`,
      { hint: 'Write the output to another file; the configuration was left as it was.' },
    );
  }
  return { path, shown: out };
}

/**
 * Writes an output file with `write`, creating missing folders first; a path that cannot be
 * written is an OUTPUT_NOT_WRITABLE error that says why, never a crash.
 */
export function writeOutputFile(target: OutputTarget, write: (path: string) => void): void {
  try {
    mkdirSync(dirname(target.path), { recursive: true });
    write(target.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new NumformError(
      'OUTPUT_NOT_WRITABLE',
      `Cannot write ${target.shown}: ${describeWriteError(code)}.`,
      {
        hint: 'Choose a path in a folder you can write to (missing folders are created).',
        cause: error,
      },
    );
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
