import type { NumbersApi } from '../api/client.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { DesiredState } from '../model/desired.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import type { CurrentNumber, Flow } from '../model/number.ts';
import { buildPlan } from '../plan/build-plan.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { compareText } from '../model/compare-text.ts';
import { checkGuards } from '../plan/check-guards.ts';
import { nameReferencedFlows } from '../plan/flow-names.ts';
import { digestOf } from '../plan/digest.ts';
import type { Plan } from '../plan/plan-types.ts';
import { toChangeDocument, type PlanContext } from '../plan/render-json.ts';
import { resolveFlows } from '../plan/resolve-flows.ts';

/** A plan with what it was made from. */
export interface PreparedPlan {
  plan: Plan;
  context: PlanContext;
  current: CurrentNumber[];
  flows: Flow[];
  /** Broken safety rules: apply must not run while there are any. */
  violations: Diagnostic[];
}

/** Options of a planning run. */
export interface PrepareOptions {
  endpoint: string;
  targets?: readonly string[];
  allowMassDelete?: boolean;
  /** Release even while declared purchases are unconfirmed. */
  releaseWhilePending?: boolean;
  /** The configuration's texts, so problems found at plan time show code frames. */
  sources?: readonly SourceText[];
}

/** The digest that identifies a configuration's meaning (not its comments or layout). */
export function digestConfig(desired: DesiredState): string {
  return digestOf({
    policy: desired.policy,
    numbers: desired.numbers.map(({ source: _source, ...rest }) => rest),
  });
}

/** Reads what the account holds: its numbers and its flows, in parallel. */
export async function readAccount(api: NumbersApi): Promise<{ numbers: CurrentNumber[]; flows: Flow[] }> {
  const [numbers, flows] = await Promise.all([api.listNumbers(), api.listFlows()]);
  return { numbers, flows };
}

/**
 * Reads the account (numbers and flows, in parallel), resolves flows, plans, and checks the
 * guards. The plan digest covers exactly what apply would do, so a saved plan can be verified.
 */
export async function preparePlan(
  api: NumbersApi,
  desired: DesiredState,
  options: PrepareOptions,
): Promise<PreparedPlan> {
  const { numbers: current, flows } = await readAccount(api);
  const { numbers, problems } = resolveFlows(desired.numbers, flows, current);
  if (problems.length > 0) {
    throw new NumformError('FLOW_RESOLUTION', 'Flows could not be resolved; nothing was sent.', {
      hint: 'Name flows exactly as GET /flows lists them, or give their ids; numform checks them before changing anything.',
      diagnostics: problems,
      ...(options.sources && { sources: options.sources }),
    });
  }
  const targets = [...(options.targets ?? [])].sort();
  const known = new Set([...desired.numbers.map((n) => n.number), ...current.map((n) => n.number)]);
  const strays = targets.filter((t) => !known.has(t));
  if (strays.length > 0) {
    throw new NumformError(
      'UNKNOWN_TARGET',
      `--target ${strays.join(', ')} matches no declared number and no number of the account.`,
      {
        hint: 'Targets are E.164 numbers as written in the configuration, for example --target "+15551234567".',
      },
    );
  }
  const plan = buildPlan({ numbers, policy: desired.policy }, current, {
    targets,
    releaseWhilePending: options.releaseWhilePending ?? false,
  });
  const violations = checkGuards(plan, current, desired.policy, {
    declared: desired.numbers.length,
    allowMassDelete: options.allowMassDelete ?? false,
  });
  const context: PlanContext = {
    endpoint: options.endpoint,
    targets,
    config_digest: digestConfig(desired),
    state_digest: digestOf({
      numbers: [...current].sort((a, b) => compareText(a.number, b.number)),
      flows: [...flows].sort((a, b) => compareText(a.id, b.id)),
    }),
    plan_digest: digestOf({ changes: plan.changes.map(toChangeDocument), targets }),
    flows: nameReferencedFlows(plan.changes, flows),
  };
  return { plan, context, current, flows, violations };
}
