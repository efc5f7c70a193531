import { toDiagnosticsJson } from '../errors/render-diagnostics.ts';
import { MANAGED_FIELDS, NUMBER_FIELDS, type ManagedFields } from '../model/number-fields.ts';
import { countUnfixableDrift, summarizePlan, type Plan, type PlannedChange } from './plan-types.ts';
import type { PlanCost } from './estimate-cost.ts';
import type { FlowNames } from './render-text.ts';

/**
 * The version of the JSON plan. 2: `reason` replaced `wait_for_purchase`, and `diagnostics`
 * (with severities and locations) replaced `warnings`. Keys added since (`account`, `cost`,
 * `reason.after`) keep the version: a reader of version 2 that ignores unknown keys still reads it.
 */
export const PLAN_FORMAT_VERSION = '2';

/** The customer a plan is for, as GET /customer names it: nothing else of that answer is kept. */
export interface PlanAccount {
  id: string;
  name: string;
}

/** What a rendered or saved plan says about where it came from (never the access key). */
export interface PlanContext {
  endpoint: string;
  /** The account the access key acts for, when it was read. */
  account?: PlanAccount;
  /** What applying the plan costs (estimateCost), when it was worked out. */
  cost?: PlanCost;
  config_digest: string;
  state_digest: string;
  plan_digest: string;
  targets: string[];
  /** Names of the flows the changes refer to, by id. */
  flows: FlowNames;
}

/** Managed fields under the API's names, as the JSON plan shows them. */
function toWireFields(fields: ManagedFields): Record<string, unknown> {
  return Object.fromEntries(MANAGED_FIELDS.map((f) => [NUMBER_FIELDS[f].wire, fields[f]]));
}

/** One change as the JSON plan shows it: snake_case, every key present, null where absent. */
export function toChangeDocument(c: PlannedChange): Record<string, unknown> {
  return {
    action: c.action,
    number: c.number,
    id: c.action === 'create' ? null : c.id,
    type: c.type,
    reason: c.reason ?? null,
    fields: c.action === 'delete' ? [] : c.changed.map((f) => NUMBER_FIELDS[f].wire),
    before: c.action === 'create' ? null : toWireFields(c.before),
    after: c.action === 'delete' ? null : toWireFields(c.after),
  };
}

/**
 * The plan as versioned JSON with a stable key order. `account` and `cost` are null when the
 * context has none; money is in integer micros of a US dollar, never a float.
 */
export function toPlanDocument(plan: Plan, context: PlanContext): Record<string, unknown> {
  const { account, cost } = context;
  return {
    format_version: PLAN_FORMAT_VERSION,
    endpoint: context.endpoint,
    account: account ? { id: account.id, name: account.name } : null,
    targets: context.targets,
    config_digest: context.config_digest,
    state_digest: context.state_digest,
    plan_digest: context.plan_digest,
    summary: summarizePlan(plan),
    cost: cost
      ? {
          now_micros: cost.nowMicros,
          monthly_micros: cost.monthlyMicros,
          until_released_micros: cost.untilReleasedMicros ?? null,
        }
      : null,
    changes: plan.changes.map(toChangeDocument),
    diagnostics: toDiagnosticsJson(plan.diagnostics),
    unfixable_drift: countUnfixableDrift(plan),
    flows: context.flows,
  };
}

/** `--format json`. */
export function renderPlanJson(plan: Plan, context: PlanContext): string {
  return JSON.stringify(toPlanDocument(plan, context), null, 2) + '\n';
}
