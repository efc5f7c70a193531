import type { PlannedChange } from '../plan/plan-types.ts';

/**
 * How a change ended done, when that needs saying: `adopted` a purchase found in the account
 * after an answer that did not say whether it was made (bought once, never twice); `already-gone`
 * a release of a number released elsewhere since the plan was read.
 */
export type CompletedHow = 'adopted' | 'already-gone';

/** What happens to each change while a plan is applied, in order, for reporters. */
export type ApplyEvent =
  | { kind: 'started'; change: PlannedChange }
  | {
      kind: 'purchase-pending';
      change: PlannedChange;
      id: string;
      status: string;
      /** Set when the pending number was found in the account rather than bought by this request. */
      how?: 'adopted' | undefined;
    }
  | {
      kind: 'completed';
      change: PlannedChange;
      id: string;
      elapsedMs: number;
      how?: CompletedHow | undefined;
      /** The status a purchase ended with, when it is not `active` (suspended, or one numform does not know). */
      status?: string | undefined;
    }
  | { kind: 'still-pending'; change: PlannedChange; id: string; status: string; waitedMs: number }
  | { kind: 'failed'; change: PlannedChange; code: string; message: string; hint?: string | undefined }
  | { kind: 'skipped'; change: PlannedChange; reason: string }
  /** A release held on purpose while purchases are unconfirmed: not done, and not a failure. */
  | { kind: 'held'; change: PlannedChange; reason: string };

/** The outcome of an apply. */
export interface ApplyResult {
  completed: { change: PlannedChange; id: string }[];
  failed: { change: PlannedChange; code: string; message: string; hint?: string | undefined }[];
  skipped: { change: PlannedChange; reason: string }[];
  /**
   * Purchases made in this run still pending at the carrier when numform stopped waiting (after
   * --wait-timeout, or Ctrl-C): bought, not failed, and never bought again. VoIPBIN may never
   * mark them active; later plans show them as pending and do not wait for them.
   */
  pending: { change: PlannedChange; id: string; status: string }[];
  /** Releases held back on purpose while purchases are unconfirmed: not a failure. */
  held: { change: PlannedChange; reason: string }[];
  interrupted: boolean;
}
