import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.ts';

/** A configuration file's text, and the name it is reported under. */
export interface SourceFile {
  /** The path as shown to the user (relative to the working directory when given so). */
  file: string;
  text: string;
}

/** The file read when no path is given. */
export const DEFAULT_CONFIG_FILE = 'numbers.yaml';

const YAML_FILE = /\.ya?ml$/i;

/**
 * Expands paths into files: a folder means its `*.yaml` / `*.yml`, sorted; no path means
 * `numbers.yaml`. Paths that do not exist, and folders without YAML, are issues.
 */
export function expandConfigPaths(
  paths: readonly string[],
  cwd: string,
): { files: string[]; issues: Diagnostic[] } {
  const files: string[] = [];
  const issues: Diagnostic[] = [];
  for (const path of paths.length > 0 ? paths : [DEFAULT_CONFIG_FILE]) {
    let isDir: boolean;
    try {
      isDir = statSync(resolve(cwd, path)).isDirectory();
    } catch {
      issues.push({
        severity: 'error',
        source: { file: path },
        code: 'PATH_NOT_FOUND',
        message: 'no such file or folder',
        hint:
          paths.length === 0
            ? 'With no path, numform reads numbers.yaml in the current folder; pass files or folders to read others.'
            : 'Check the path; numform takes YAML files and folders of them.',
      });
      continue;
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const inside = readdirSync(resolve(cwd, path))
      .filter((name) => YAML_FILE.test(name) && !statSync(resolve(cwd, path, name)).isDirectory())
      .sort();
    if (inside.length === 0) {
      issues.push({
        severity: 'error',
        source: { file: path },
        code: 'NO_CONFIG_FILES',
        message: 'the folder holds no *.yaml or *.yml file',
      });
    }
    files.push(...inside.map((name) => join(path, name)));
  }
  return { files: [...new Set(files)], issues };
}

/** Reads a file as UTF-8; anything else is an issue pointing at the first bad byte. */
export function readSourceFile(file: string, cwd: string): SourceFile | Diagnostic {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, file));
  } catch (error) {
    return {
      severity: 'error',
      source: { file },
      code: 'UNREADABLE',
      message: `cannot read the file: ${(error as Error).message}`,
    };
  }
  const bad = findInvalidUtf8(bytes);
  if (bad !== undefined) {
    const before = bytes.subarray(0, bad);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const col = bad - (before.lastIndexOf(0x0a) + 1) + 1;
    return {
      severity: 'error',
      source: { file, line, col },
      code: 'NOT_UTF8',
      message: `the file is not UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')})`,
      hint: 'Save the file as UTF-8.',
    };
  }
  return { file, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

/** The offset of the first byte that breaks UTF-8, or undefined for valid UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const extra =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += extra + 1;
  }
  return undefined;
}
