import type { Diagnostic } from '../errors/diagnostic.ts';
import type { ManagedField, ManagedFields } from '../model/number-fields.ts';
import type { NumberType } from '../model/number.ts';

/**
 * Why a change is special, when it is: said in the plan beside the change. The set grows with the
 * rules that order or hold changes.
 */
export interface ChangeReason {
  /**
   * `PENDING_PURCHASE`: an update of a number whose purchase is pending (sent at once);
   * `HELD`: a release held back while purchases the configuration declares are unconfirmed;
   * `RELEASED_FIRST`: a virtual number released before any create, to make room under the
   * plan type's limit; `AFTER_RELEASE`: a virtual create that waits for the releases in `after`.
   */
  code: 'PENDING_PURCHASE' | 'HELD' | 'RELEASED_FIRST' | 'AFTER_RELEASE';
  message: string;
  /** `AFTER_RELEASE` only: the numbers whose releases make room for this create. */
  after?: string[];
}

/** A number to buy (normal) or create (virtual). Its address is its E.164 string. */
export interface CreateChange {
  action: 'create';
  number: string;
  type: NumberType;
  after: ManagedFields;
  /** The fields that differ from a new number's empty values. */
  changed: ManagedField[];
  reason?: ChangeReason;
}

/** A number whose fields change in place. */
export interface UpdateChange {
  action: 'update';
  number: string;
  /** The account's id of the number. */
  id: string;
  /** As the account reports it; kept open because the API does not validate it. */
  type: string;
  before: ManagedFields;
  after: ManagedFields;
  changed: ManagedField[];
  reason?: ChangeReason;
}

/** A number to release. */
export interface DeleteChange {
  action: 'delete';
  number: string;
  id: string;
  type: string;
  before: ManagedFields;
  reason?: ChangeReason;
}

/** One change to one number: each action carries exactly the fields it has. */
export type PlannedChange = CreateChange | UpdateChange | DeleteChange;

/** The planner's output: what apply would do, and what the user should know besides. */
export interface Plan {
  /**
   * In apply's order: releases marked `RELEASED_FIRST` (if any), then creates, updates and
   * deletes, each by number.
   */
  changes: PlannedChange[];
  /** Warnings and notes about the account (drift apply cannot fix, odd statuses, pending purchases). */
  diagnostics: Diagnostic[];
}

/** Counts of changes by action. */
export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
}

/** How many changes of each action the plan holds. */
export function summarizePlan(plan: Plan): PlanSummary {
  const count = (action: PlannedChange['action']): number =>
    plan.changes.filter((c) => c.action === action).length;
  return { create: count('create'), update: count('update'), delete: count('delete') };
}

const UNFIXABLE: ReadonlySet<Diagnostic['code']> = new Set([
  'READ_ONLY_DRIFT',
  'PURCHASE_FAILED',
  'SUSPENDED',
]);

/**
 * Drift apply cannot fix: declared read-only values the account does not have, purchases the
 * carrier ended, suspended numbers.
 */
export function countUnfixableDrift(plan: Plan): number {
  return plan.diagnostics.filter((d) => UNFIXABLE.has(d.code)).length;
}

/**
 * True when apply would do something, or the account differs in ways it cannot fix: what
 * `--detailed-exitcode` reports as exit 2. Warnings about the account that are no difference
 * between it and the configuration (an access key about to expire, renewals the balance may not
 * cover) do not count: they are printed with the plan, and a drift job that must act on them
 * reads them from the JSON plan's diagnostics. Predicted failures are errors, which stop the plan.
 */
export function planHasDifferences(plan: Plan): boolean {
  return plan.changes.length > 0 || countUnfixableDrift(plan) > 0;
}
