import { checkSchema } from './check-schema.ts';
import { checkSemantics } from './check-semantics.ts';
import { invalidConfigError } from './config-error.ts';
import { normalizeConfig, type ValidFile } from './normalize.ts';
import { readConfigFiles, type SourceFile } from './read-sources.ts';
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

/** Reads, parses, validates and normalises a configuration from paths; sends no request. */
export function readConfig(paths: readonly string[], cwd: string): LoadedConfig {
  return checkConfigFiles(readConfigFiles(paths, cwd));
}

/** Checks files read by readConfigFiles, adding the problems of reading them. */
export function checkConfigFiles({
  files,
  sources,
  issues,
}: ReturnType<typeof readConfigFiles>): LoadedConfig {
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
  const { files, sources, issues } = readConfigFiles(paths, cwd);
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
