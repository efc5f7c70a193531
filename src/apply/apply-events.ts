import type { PlannedChange } from '../plan/plan-types.ts';

/** What happens to each change while a plan is applied, in order, for reporters. */
export type ApplyEvent =
  | { kind: 'started'; change: PlannedChange }
  | { kind: 'purchase-pending'; change: PlannedChange; id: string; status: string }
  | { kind: 'completed'; change: PlannedChange; id: string; elapsedMs: number; adopted: boolean }
  | { kind: 'failed'; change: PlannedChange; message: string; hint?: string | undefined }
  | { kind: 'skipped'; change: PlannedChange; reason: string };

/** The outcome of an apply. */
export interface ApplyResult {
  completed: { change: PlannedChange; id: string }[];
  failed: { change: PlannedChange; message: string; hint?: string | undefined }[];
  skipped: { change: PlannedChange; reason: string }[];
  /** Purchases made whose confirmation was not waited out (Ctrl-C): bought, not yet active. */
  bought: { change: PlannedChange; id: string }[];
  /** Releases the plan held back on purpose (see ChangeReason `HELD`): not a failure. */
  held: { change: PlannedChange; reason: string }[];
  interrupted: boolean;
}
