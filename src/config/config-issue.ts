import { NumformError } from '../errors/numform-error.ts';
import { countNoun } from '../model/count-noun.ts';

/** One problem found in a configuration, with where it is (1-based; absent for a whole path). */
export interface ConfigIssue {
  file: string;
  line?: number;
  col?: number;
  /** Stable code for scripts and tests, for example `DUPLICATE_NUMBER`. */
  code: string;
  message: string;
  hint?: string;
}

/** Raised when a configuration has problems; carries them all, found before any request. */
export class ConfigError extends NumformError {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    const n = issues.length;
    super(
      'INVALID_CONFIG',
      `The configuration has ${countNoun(n, 'problem')}; nothing was sent to VoIPBIN.`,
      {
        hint: 'Fix them and run again; `numform validate` checks the files offline.',
      },
    );
    this.issues = issues;
  }
}

/** `FILE:LINE:COL: message` (or `FILE: message` when the issue has no position). */
export function formatIssueLine(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.col ?? 1}`;
  return `${where}: ${issue.message}`;
}

/** Sorts issues by file (in configuration order), then position. */
export function sortIssues(issues: ConfigIssue[], fileOrder: readonly string[]): ConfigIssue[] {
  const rank = (f: string): number => {
    const i = fileOrder.indexOf(f);
    return i < 0 ? -1 : i;
  };
  return [...issues].sort(
    (a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}
