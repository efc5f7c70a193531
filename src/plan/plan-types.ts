/** The fields a plan shows and changes, named as the API names them. */
export interface PlannedFields {
  name: string;
  detail: string;
  call_flow_id: string;
  message_flow_id: string;
  rtp_debug: boolean;
}

/** The names of PlannedFields, in display order. */
export type PlannedField = keyof PlannedFields;

/** Display order of the fields. */
export const PLANNED_FIELDS: readonly PlannedField[] = [
  'name',
  'detail',
  'call_flow_id',
  'message_flow_id',
  'rtp_debug',
];

/** One change to one number. */
export interface PlannedChange {
  action: 'create' | 'update' | 'delete';
  number: string;
  /** The account's id of the number; null for a create. */
  id: string | null;
  /** `normal` or `virtual` (a normal create is a purchase). */
  type: string;
  before: PlannedFields | null;
  after: PlannedFields | null;
  /** The fields that change (all non-empty ones for a create). */
  fields: PlannedField[];
  /** An update of a number whose purchase is still pending: wait until it is active first. */
  wait_for_purchase: boolean;
}

/** Something the plan cannot fix or wants the user to know: drift in read-only fields, odd statuses. */
export interface PlanWarning {
  number: string;
  code: 'READ_ONLY_DRIFT' | 'UNKNOWN_STATUS' | 'PENDING_PURCHASE';
  message: string;
}

/** Counts of changes by kind. */
export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
}

/** The planner's output: what apply would do, and why nothing else. */
export interface Plan {
  format_version: '1';
  changes: PlannedChange[];
  summary: PlanSummary;
  warnings: PlanWarning[];
  /** Names of the flows the changes refer to, by id (for display). */
  flows: Record<string, string>;
  /** Drift apply cannot fix (read-only expectations); counts as a difference for --detailed-exitcode. */
  unfixable_drift: number;
}

/** True when apply would do something, or the account differs in ways it cannot fix. */
export function planHasDifferences(plan: Plan): boolean {
  return plan.changes.length > 0 || plan.unfixable_drift > 0;
}
