import type { RequestNotice, RetryNotice } from '../api/http.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import { summarizePlan, type Plan } from '../plan/plan-types.ts';
import type { PlanContext } from '../plan/render-json.ts';
import type { TextSink } from './io.ts';

/** The levels NUMFORM_LOG takes: `debug` writes the support log on stderr; `off` (or unset) none. */
export const LOG_LEVELS = ['debug', 'off'] as const;

/**
 * The support log of `NUMFORM_LOG=debug`, one `[DEBUG]` line each on stderr. It is told only what
 * is safe to show: request lines without headers, bodies or query secrets, file names, counts.
 * Every line still goes through the CLI's redacting stderr, which removes the key wherever it
 * came from.
 */
export interface DebugLog {
  (message: string): void;
}

/**
 * The debug log NUMFORM_LOG asks for, or undefined when it asks for none. A level numform does
 * not know gets a warning and no log; its value is not quoted, as a misplaced secret might be.
 */
export function createDebugLog(
  env: Record<string, string | undefined>,
  stderr: TextSink,
): DebugLog | undefined {
  const level = env.NUMFORM_LOG?.trim().toLowerCase();
  if (level === undefined || level === '' || level === 'off') return undefined;
  if (level !== 'debug') {
    stderr.write(
      `Warning: NUMFORM_LOG has a value numform does not know (its levels: ${LOG_LEVELS.join(', ')}); no debug log is written.\n`,
    );
    return undefined;
  }
  return (message) => stderr.write(`[DEBUG] ${new Date().toISOString()} ${message}\n`);
}

/** One attempt: `GET /numbers?page_size=100 -> 200 in 12ms (list numbers) [request numform-…-1]`. */
export function formatRequestNotice(r: RequestNotice): string {
  const outcome = r.httpStatus === undefined ? `no answer (${r.failure ?? 'network error'})` : r.httpStatus;
  return `http: ${r.method} ${r.target} -> ${outcome} in ${r.durationMs}ms (${r.operation}) [request ${r.requestId}]`;
}

/** A retry about to be waited for, with numform's reason (never the server's text). */
export function formatRetryNotice(r: RetryNotice): string {
  return `http: retrying ${r.operation} in ${Math.round(r.delayMs)}ms: ${r.reason}`;
}

/** The configuration files a command read, with their sizes (never their contents). */
export function logConfigRead(log: DebugLog | undefined, sources: readonly SourceText[]): void {
  if (!log) return;
  const files = sources.map((s) => `${s.file} (${Buffer.byteLength(s.text)} bytes)`);
  log(
    `config: read ${sources.length} ${sources.length === 1 ? 'file' : 'files'}: ${files.join(', ') || 'none'}`,
  );
}

/** What a plan holds, in counts and digests. */
export function logPlanSummary(log: DebugLog | undefined, plan: Plan, context: PlanContext): void {
  if (!log) return;
  const s = summarizePlan(plan);
  const held = plan.changes.filter((c) => c.reason?.code === 'HELD').length;
  const severities = plan.diagnostics.map((d) => d.severity);
  const count = (severity: string) => severities.filter((x) => x === severity).length;
  log(
    `plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete (${held} held); ` +
      `${count('error')} errors, ${count('warning')} warnings, ${count('note')} notes; ` +
      `account ${context.account?.id ?? 'unknown'}; targets ${context.targets.length}; ` +
      `config ${context.config_digest}, state ${context.state_digest}, plan ${context.plan_digest}`,
  );
}
