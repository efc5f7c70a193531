import type { PlannedChange } from '../plan/plan-types.ts';
import type { ApplyEvent, ApplyResult } from './apply-events.ts';
import { formatApplyEvent } from './progress-lines.ts';

/**
 * The version of apply's JSON lines (`apply --format json`), given on its first line. Adding an
 * event type or a key keeps it; renaming or removing one, or changing a meaning, bumps it.
 */
export const APPLY_UI_VERSION = '1';

/** `@level` of a line, as Terraform's machine-readable UI has it. */
export type JsonLevel = 'info' | 'warn' | 'error';

/** One JSON line: its type, then Terraform's `@`-keys, then the type's own keys. */
export type JsonLine = { type: string; '@level': JsonLevel; '@message': string } & Record<string, unknown>;

/** The keys every change event carries: which number, what is done to it. */
function changeKeys(change: PlannedChange): Record<string, unknown> {
  return {
    number: change.number,
    action: change.action,
    id: change.action === 'create' ? null : change.id,
    number_type: change.type,
  };
}

/** The JSON line of one apply event; `@message` is the human progress line. */
export function toEventLine(event: ApplyEvent): JsonLine {
  const base = (type: string, level: JsonLevel) => ({
    type,
    '@level': level,
    '@message': formatApplyEvent(event),
    ...changeKeys(event.change),
  });
  switch (event.kind) {
    case 'started':
      return base('started', 'info');
    case 'purchase-pending':
      return {
        ...base('purchase_pending', 'info'),
        id: event.id,
        status: event.status,
        how: event.how ?? null,
      };
    case 'completed':
      return {
        ...base('completed', 'info'),
        id: event.id,
        elapsed_ms: event.elapsedMs,
        how: event.how ?? null,
        status: event.status ?? null,
      };
    case 'still-pending':
      return {
        ...base('still_pending', 'warn'),
        id: event.id,
        status: event.status,
        waited_ms: event.waitedMs,
      };
    case 'failed':
      return {
        ...base('failed', 'error'),
        code: event.code,
        message: event.message,
        hint: event.hint ?? null,
      };
    case 'skipped':
      return { ...base('skipped', 'warn'), reason: event.reason };
    case 'held':
      return { ...base('held', 'info'), reason: event.reason };
  }
}

/** How an apply ended, as the summary line says it. */
export type ApplyEnding = 'applied' | 'no_changes' | 'failed' | 'interrupted' | 'error';

/** The counts of the summary line: the text summary's, plus what it lists by name. */
export interface SummaryCounts {
  created: number;
  updated: number;
  deleted: number;
  still_pending: number;
  failed: number;
  skipped: number;
  held: number;
}

/** The counts of an apply's outcome (all zero when nothing was applied). */
export function countResult(result: ApplyResult | undefined): SummaryCounts {
  const done = (action: PlannedChange['action']) =>
    result?.completed.filter((c) => c.change.action === action).length ?? 0;
  return {
    created: done('create'),
    updated: done('update'),
    deleted: done('delete'),
    still_pending: result?.pending.length ?? 0,
    failed: result?.failed.length ?? 0,
    skipped: result?.skipped.length ?? 0,
    held: result?.held.length ?? 0,
  };
}

/** The ending an apply's result means (the CLI turns it into the exit code). */
export function endingOf(result: ApplyResult): ApplyEnding {
  if (result.failed.length > 0) return 'failed';
  if (result.interrupted) return 'interrupted';
  return 'applied';
}
