import type { Colors } from 'picocolors/types.js';
import { formatSource, type Diagnostic } from './diagnostic.ts';

/** A file's text, so a diagnostic can show the line it points at. */
export interface SourceText {
  file: string;
  text: string;
}

/** How to render: colours, and the texts for code frames (shown only when asked). */
export interface RenderOptions {
  colors: Colors;
  sources?: readonly SourceText[];
  codeFrames?: boolean;
}

const LABELS = { error: 'Error:', warning: 'Warning:', note: 'Note:' } as const;

/**
 * The one renderer of diagnostics, for every command: a located one reads
 * `FILE:LINE:COL: message [CODE]` (as compilers print it) with an optional code frame; one about
 * the account reads `Warning: message [CODE]`. A hint follows on its own line.
 */
export function renderDiagnostics(list: readonly Diagnostic[], options: RenderOptions): string {
  const { colors: c } = options;
  const out: string[] = [];
  for (const d of list) {
    const code = c.dim(`[${d.code}]`);
    if (d.source) {
      out.push(`${c.bold(`${formatSource(d.source)}: ${d.message}`)} ${code}`);
      const text = options.codeFrames ? options.sources?.find((s) => s.file === d.source!.file) : undefined;
      if (text && d.source.line !== undefined)
        out.push(renderCodeFrame(text.text, d.source.line, d.source.col ?? 1, c));
    } else {
      const label =
        d.severity === 'error'
          ? c.red(LABELS.error)
          : d.severity === 'warning'
            ? c.yellow(LABELS.warning)
            : c.cyan(LABELS.note);
      out.push(`${label} ${d.message} ${code}`);
    }
    if (d.hint) out.push(`  ${c.cyan('hint:')} ${d.hint}`);
  }
  return out.join('\n');
}

/** Diagnostics as data, for editors, CI annotations and `--format json`. */
export function toDiagnosticsJson(list: readonly Diagnostic[]): Record<string, unknown>[] {
  return list.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    hint: d.hint ?? null,
    file: d.source?.file ?? null,
    line: d.source?.line ?? null,
    col: d.source?.col ?? null,
    number: d.number ?? null,
  }));
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
