import type { Colors } from 'picocolors/types.js';
import { formatIssueLine, type ConfigIssue } from './config-issue.ts';
import type { SourceFile } from './read-sources.ts';

/** Renders issues for people: `FILE:LINE:COL: message [CODE]`, an optional code frame, a hint. */
export function formatIssuesText(
  issues: readonly ConfigIssue[],
  options: { colors: Colors; sources?: readonly SourceFile[]; codeFrames?: boolean },
): string {
  const { colors: c } = options;
  const out: string[] = [];
  for (const issue of issues) {
    out.push(`${c.bold(formatIssueLine(issue))} ${c.dim(`[${issue.code}]`)}`);
    const source = options.codeFrames ? options.sources?.find((s) => s.file === issue.file) : undefined;
    if (source && issue.line !== undefined)
      out.push(renderCodeFrame(source.text, issue.line, issue.col ?? 1, c));
    if (issue.hint) out.push(`  ${c.cyan('hint:')} ${issue.hint}`);
  }
  return out.join('\n');
}

/** Two lines of context and a caret under the column, as compilers show it. */
export function renderCodeFrame(text: string, line: number, col: number, c: Colors): string {
  const lines = text.split(/\r?\n/);
  const from = Math.max(1, line - 2);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = from; n <= Math.min(line, lines.length); n++) {
    const content = (lines[n - 1] ?? '').replace(/\t/g, '→').slice(0, 120);
    out.push(`  ${n === line ? c.red('>') : ' '} ${String(n).padStart(width)} | ${content}`);
  }
  out.push(`    ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}${c.red('^')}`);
  return out.join('\n');
}

/** Issues as data, for editors and CI annotations. */
export function formatIssuesJson(result: {
  files: string[];
  numbers: number;
  issues: readonly ConfigIssue[];
}): string {
  return JSON.stringify(
    {
      valid: result.issues.length === 0,
      files: result.files,
      numbers: result.numbers,
      issues: result.issues.map((i) => ({
        file: i.file,
        line: i.line ?? null,
        col: i.col ?? null,
        code: i.code,
        message: i.message,
        hint: i.hint ?? null,
      })),
    },
    null,
    2,
  );
}
