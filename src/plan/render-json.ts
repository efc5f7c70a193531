import type { Plan } from './plan-types.ts';

/** What a rendered or saved plan says about where it came from (never the access key). */
export interface PlanContext {
  endpoint: string;
  config_digest: string;
  state_digest: string;
  plan_digest: string;
  targets: string[];
}

/** The plan as versioned JSON with a stable key order. */
export function toPlanDocument(plan: Plan, context: PlanContext): Record<string, unknown> {
  return {
    format_version: plan.format_version,
    endpoint: context.endpoint,
    targets: context.targets,
    config_digest: context.config_digest,
    state_digest: context.state_digest,
    plan_digest: context.plan_digest,
    summary: plan.summary,
    changes: plan.changes.map((c) => ({
      action: c.action,
      number: c.number,
      id: c.id,
      type: c.type,
      wait_for_purchase: c.wait_for_purchase,
      fields: c.fields,
      before: c.before,
      after: c.after,
    })),
    warnings: plan.warnings,
    unfixable_drift: plan.unfixable_drift,
    flows: plan.flows,
  };
}

/** `--format json`. */
export function renderPlanJson(plan: Plan, context: PlanContext): string {
  return JSON.stringify(toPlanDocument(plan, context), null, 2) + '\n';
}
