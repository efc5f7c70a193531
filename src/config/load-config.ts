import { Worker } from 'node:worker_threads';
import { checkSchema } from './check-schema.ts';
import { checkSemantics } from './check-semantics.ts';
import { invalidConfigError } from './config-error.ts';
import { normalizeConfig, type ValidFile } from './normalize.ts';
import { expandConfigPaths, readSourceFile, type SourceFile } from './read-sources.ts';
import { parseYamlSource, type ParsedSource } from './yaml-source.ts';
import type { DesiredState } from '../model/desired.ts';
import { sortDiagnostics, type Diagnostic } from '../errors/diagnostic.ts';

/** The outcome of reading a configuration: its desired state, or every problem found. */
export interface LoadedConfig {
  files: string[];
  /** The raw texts, for code frames and for saving with a plan. */
  sources: SourceFile[];
  issues: Diagnostic[];
  desired: DesiredState | undefined;
}

/** The files at these paths and their texts, with every path or read problem. */
function readFiles(
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

/** Reads, parses, validates and normalises a configuration from paths; sends no request. */
export function readConfig(paths: readonly string[], cwd: string): LoadedConfig {
  return checkFiles(readFiles(paths, cwd));
}

/** Checks files read by readFiles, adding the problems of reading them. */
function checkFiles({ files, sources, issues }: ReturnType<typeof readFiles>): LoadedConfig {
  const result = checkSources(sources);
  const all = sortDiagnostics([...issues, ...result.issues], files);
  return { ...result, files, issues: all, desired: all.length === 0 ? result.desired : undefined };
}

/** Validates configuration texts already in memory (a saved plan's, or a test's). */
export function checkSources(sources: readonly SourceFile[]): LoadedConfig {
  const issues: Diagnostic[] = [];
  const parsedFiles: ParsedSource[] = [];
  for (const source of sources) {
    const { parsed, issues: yamlIssues } = parseYamlSource(source);
    issues.push(...yamlIssues);
    if (yamlIssues.length === 0) {
      issues.push(...checkSchema(parsed));
      parsedFiles.push(parsed);
    }
  }
  issues.push(...checkSemantics(parsedFiles));
  const files = sources.map((s) => s.file);
  const desired =
    issues.length === 0
      ? normalizeConfig(parsedFiles.map((parsed): ValidFile => ({ parsed, data: parsed.data ?? {} })))
      : undefined;
  return { files, sources: [...sources], issues: sortDiagnostics(issues, files), desired };
}

/**
 * The texts of the files at these paths, as they are, valid or not: what a saved plan is compared
 * with. Files that cannot be read are an INVALID_CONFIG error.
 */
export function readConfigTexts(paths: readonly string[], cwd: string): SourceFile[] {
  const { files, sources, issues } = readFiles(paths, cwd);
  if (issues.length > 0) throw invalidConfigError(sortDiagnostics(issues, files), sources);
  return sources;
}

/** Like readConfig, but throws an INVALID_CONFIG error carrying every issue. */
export function loadConfig(
  paths: readonly string[],
  cwd: string,
): { desired: DesiredState; sources: SourceFile[] } {
  const loaded = readConfig(paths, cwd);
  if (!loaded.desired || loaded.issues.length > 0) throw invalidConfigError(loaded.issues, loaded.sources);
  return { desired: loaded.desired, sources: loaded.sources };
}

/**
 * From this much text on (about 4,000 numbers) a configuration is checked on a worker thread when
 * numform runs compiled: the parse takes long enough to be worth overlapping with the account
 * read, which would otherwise wait for it. Below it, starting a thread costs more than it saves.
 */
export const WORKER_THRESHOLD_BYTES = 256 * 1024;

/** A configuration being checked: its texts at once, its desired state when the check is done. */
export interface PendingConfig {
  sources: SourceFile[];
  /** Rejects with the INVALID_CONFIG error when the configuration has problems. */
  desired: Promise<DesiredState>;
}

/**
 * Like loadConfig, but a large configuration is parsed and checked on a worker thread, so that
 * requests can be sent meanwhile (reads only: nothing may change before `desired` resolves). Path
 * and read problems, and every problem of a small configuration, still throw at once.
 */
export function startLoadingConfig(paths: readonly string[], cwd: string): PendingConfig {
  const read = readFiles(paths, cwd);
  const { files, sources, issues } = read;
  const size = sources.reduce((sum, s) => sum + s.text.length, 0);
  // From TypeScript sources (tests, `npm run numform`) a worker could not load the modules.
  if (issues.length > 0 || size < WORKER_THRESHOLD_BYTES || !import.meta.url.endsWith('.js')) {
    const loaded = checkFiles(read);
    if (!loaded.desired || loaded.issues.length > 0) throw invalidConfigError(loaded.issues, loaded.sources);
    return { sources: loaded.sources, desired: Promise.resolve(loaded.desired) };
  }
  const desired = checkOnWorker(sources, files);
  // Awaited by the plan; if the command fails before that, the outcome no longer matters.
  desired.catch(() => undefined);
  return { sources, desired };
}

function checkOnWorker(sources: SourceFile[], files: string[]): Promise<DesiredState> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./check-worker.js', import.meta.url), { workerData: sources });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the configuration check stopped (exit code ${code})`)));
    worker.once('message', (checked: Pick<LoadedConfig, 'issues' | 'desired'>) => {
      const issues = sortDiagnostics(checked.issues, files);
      if (!checked.desired || issues.length > 0) {
        reject(invalidConfigError(issues, sources, { found: 'while-reading' }));
      } else resolve(checked.desired);
      void worker.terminate();
    });
  });
}
