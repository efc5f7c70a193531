import packageJson from '../../package.json' with { type: 'json' };
import type { ApplyEvent, ApplyResult } from '../apply/apply-events.ts';
import {
  APPLY_UI_VERSION,
  countResult,
  toEventLine,
  type ApplyEnding,
  type JsonLevel,
  type JsonLine,
} from '../apply/json-events.ts';
import { formatApplyResult } from '../apply/progress-lines.ts';
import type { NumformError } from '../errors/numform-error.ts';
import { redactSecrets } from '../errors/redact.ts';
import { toDiagnosticsJson } from '../errors/render-diagnostics.ts';
import type { Plan } from '../plan/plan-types.ts';
import { toPlanDocument, type PlanContext } from '../plan/render-json.ts';
import type { TextSink } from './io.ts';

/** Writes `apply --format json`: one JSON object per line on stdout, the summary last. */
export interface ApplyJsonWriter {
  /** The first line: numform's version and the version of these lines. */
  version(): void;
  /** What will be done: the plan, as `plan --format json` gives it. */
  plan(plan: Plan, context: PlanContext): void;
  event(event: ApplyEvent): void;
  /** The last line after an apply, or a plan with nothing to do. */
  summary(ending: ApplyEnding, exitCode: number, result?: ApplyResult): void;
  /** What stopped the run before or instead of applying: its diagnostics, then the summary. */
  error(error: NumformError, exitCode: number): void;
}

const LEVELS: Record<string, JsonLevel> = { error: 'error', warning: 'warn', note: 'info' };

/**
 * A writer of apply's JSON lines. Strings are redacted before they are serialised, so a secret
 * that JSON would escape (a quote, a backslash) is still caught, and every line stays valid JSON.
 */
export function createApplyJsonWriter(sink: TextSink, secrets: readonly string[]): ApplyJsonWriter {
  const write = (line: JsonLine): void => {
    const { type, ...rest } = line;
    const stamped = { type, '@timestamp': new Date().toISOString(), ...rest };
    sink.write(
      JSON.stringify(stamped, (_key, value: unknown) =>
        typeof value === 'string' ? redactSecrets(value, secrets) : value,
      ) + '\n',
    );
  };
  const summary = (
    ending: ApplyEnding,
    exitCode: number,
    message: string,
    result: ApplyResult | undefined,
    error: NumformError | undefined,
  ): void =>
    write({
      type: 'summary',
      '@level': ending === 'applied' || ending === 'no_changes' ? 'info' : 'error',
      '@message': message,
      ending,
      exit_code: exitCode,
      ...countResult(result),
      interrupted: result?.interrupted ?? ending === 'interrupted',
      error: error ? { code: error.code, message: error.message, hint: error.hint ?? null } : null,
    });

  return {
    version: () =>
      write({
        type: 'version',
        '@level': 'info',
        '@message': `numform ${packageJson.version}`,
        numform: packageJson.version,
        ui: APPLY_UI_VERSION,
      }),
    plan: (plan, context) => {
      const document = toPlanDocument(plan, context);
      const s = document.summary as { create: number; update: number; delete: number };
      write({
        type: 'plan',
        '@level': 'info',
        '@message': `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete.`,
        plan: document,
      });
    },
    event: (event) => write(toEventLine(event)),
    summary: (ending, exitCode, result) =>
      summary(
        ending,
        exitCode,
        result
          ? formatApplyResult(result).split('\n')[0]!
          : 'No changes. The account matches the configuration.',
        result,
        undefined,
      ),
    error: (error, exitCode) => {
      // An error without diagnostics (an API error, a stale plan) is its own one diagnostic.
      const diagnostics =
        error.diagnostics.length > 0
          ? toDiagnosticsJson(error.diagnostics)
          : [
              {
                severity: 'error',
                code: error.code,
                message: error.message,
                hint: error.hint ?? null,
                file: null,
                line: null,
                col: null,
                number: null,
              },
            ];
      for (const d of diagnostics) {
        write({
          type: 'diagnostic',
          '@level': LEVELS[d.severity as string] ?? 'error',
          '@message': d.message as string,
          ...d,
        });
      }
      const ending = error.code === 'INTERRUPTED' ? 'interrupted' : 'error';
      summary(ending, exitCode, error.message, undefined, error);
    },
  };
}
