import { toDiagnosticsJson } from '../errors/render-diagnostics.ts';
import { MANAGED_FIELDS, NUMBER_FIELDS, type ManagedFields } from '../model/number-fields.ts';
import { countUnfixableDrift, summarizePlan, type Plan, type PlannedChange } from './plan-types.ts';
import type { FlowNames } from './render-text.ts';

/**
 * The version of the JSON plan. 2: `reason` replaced `wait_for_purchase`, and `diagnostics`
 * (with severities and locations) replaced `warnings`.
 */
export const PLAN_FORMAT_VERSION = '2';

/** What a rendered or saved plan says about where it came from (never the access key). */
export interface PlanContext {
  endpoint: string;
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

/** The plan as versioned JSON with a stable key order. */
export function toPlanDocument(plan: Plan, context: PlanContext): Record<string, unknown> {
  return {
    format_version: PLAN_FORMAT_VERSION,
    endpoint: context.endpoint,
    targets: context.targets,
    config_digest: context.config_digest,
    state_digest: context.state_digest,
    plan_digest: context.plan_digest,
    summary: summarizePlan(plan),
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
