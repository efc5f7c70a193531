import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { compareText } from '../model/compare-text.ts';

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
 * The largest configuration file numform reads (16 MiB, about 100,000 numbers): larger files are
 * refused before parsing, so a wrong path (a log, a disk image) cannot exhaust memory.
 */
export const MAX_CONFIG_FILE_BYTES = 16 * 1024 * 1024;

/** What a failed file-system call means for a configuration path, in words. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder (or a link whose target is missing)';
  if (code === 'ELOOP') return 'a symbolic link that leads back to itself';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a path through something that is not a folder';
  return `cannot be read (${code ?? (error as Error).message})`;
}

function pathProblem(file: string, code: Diagnostic['code'], message: string, hint?: string): Diagnostic {
  return { severity: 'error', source: { file }, code, message, ...(hint && { hint }) };
}

/**
 * Expands paths into files: a folder means every `*.yaml` / `*.yml` below it, in its sub-folders
 * too, sorted, skipping hidden entries (a file that could declare numbers is never skipped in
 * silence); no path means `numbers.yaml`. Missing paths, unreadable folders, link loops, things
 * that are not files, and folders without YAML are problems.
 */
export function expandConfigPaths(
  paths: readonly string[],
  cwd: string,
): { files: string[]; issues: Diagnostic[] } {
  const files: string[] = [];
  const issues: Diagnostic[] = [];
  for (const path of paths.length > 0 ? paths : [DEFAULT_CONFIG_FILE]) {
    let stat: Stats;
    try {
      stat = statSync(resolve(cwd, path));
    } catch (error) {
      const hint =
        paths.length === 0
          ? 'With no path, numform reads numbers.yaml in the current folder; pass files or folders to read others.'
          : 'Check the path; numform takes YAML files and folders of them.';
      issues.push(pathProblem(path, 'PATH_NOT_FOUND', describeFsError(error), hint));
      continue;
    }
    if (!stat.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = walkFolder(path, cwd, issues, new Set());
    if (found.length === 0 && !issues.some((i) => i.source?.file.startsWith(path))) {
      issues.push(pathProblem(path, 'NO_CONFIG_FILES', 'the folder holds no *.yaml or *.yml file'));
    }
    files.push(...found);
  }
  return { files: [...new Set(files)], issues };
}

/** The YAML files below a folder, depth first in name order; `seen` stops link cycles. */
function walkFolder(folder: string, cwd: string, issues: Diagnostic[], seen: Set<string>): string[] {
  let real: string;
  let names: string[];
  try {
    real = realpathSync(resolve(cwd, folder));
    names = readdirSync(real).sort(compareText);
  } catch (error) {
    issues.push(pathProblem(folder, 'UNREADABLE', describeFsError(error)));
    return [];
  }
  if (seen.has(real)) {
    issues.push(pathProblem(folder, 'UNREADABLE', 'a link back to a folder already being read'));
    return [];
  }
  seen.add(real);
  const files: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(folder, name);
    let stat: Stats;
    try {
      stat = statSync(resolve(cwd, path));
    } catch (error) {
      // A broken link or an unreadable entry may have been a configuration file: say so.
      issues.push(pathProblem(path, 'UNREADABLE', describeFsError(error)));
      continue;
    }
    if (stat.isDirectory()) files.push(...walkFolder(path, cwd, issues, seen));
    else if (YAML_FILE.test(name)) files.push(path);
  }
  seen.delete(real);
  return files;
}

/**
 * Reads a file as UTF-8, refusing what is not a regular file or is over the size limit before
 * reading a byte; invalid UTF-8 is a problem pointing at the first bad byte.
 */
export function readSourceFile(file: string, cwd: string): SourceFile | Diagnostic {
  let bytes: Buffer;
  try {
    const stat = statSync(resolve(cwd, file));
    if (!stat.isFile()) {
      return pathProblem(
        file,
        'NOT_A_FILE',
        'not a regular file (a pipe, a device or a socket)',
        'Pass YAML files or folders of them.',
      );
    }
    if (stat.size > MAX_CONFIG_FILE_BYTES) {
      return pathProblem(
        file,
        'FILE_TOO_LARGE',
        `the file has ${stat.size} bytes; numform reads configuration files of at most ${MAX_CONFIG_FILE_BYTES} bytes`,
        'Split the numbers across several files in a folder.',
      );
    }
    bytes = readFileSync(resolve(cwd, file));
  } catch (error) {
    return pathProblem(file, 'UNREADABLE', describeFsError(error));
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

/** The files at these paths and their texts, with every path or read problem. */
export function readConfigFiles(
  paths: readonly string[],
  cwd: string,
): { files: string[]; sources: SourceFile[]; issues: Diagnostic[] } {
  const { files, issues } = expandConfigPaths(paths, cwd);
  const sources: SourceFile[] = [];
  for (const file of files) {
    const read = readSourceFile(file, cwd);
    if ('text' in read) sources.push(read);
    else issues.push(read);
  }
  return { files, sources, issues };
}
