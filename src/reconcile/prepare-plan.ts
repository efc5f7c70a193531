import type { NumbersApi } from '../api/client.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { DesiredState } from '../model/desired.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import { NIL_UUID, type CurrentNumber, type Flow, type SourceLocation } from '../model/number.ts';
import { buildPlan } from '../plan/build-plan.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { compareText } from '../model/compare-text.ts';
import { createGlobMatcher } from '../model/glob.ts';
import { createScopeMatcher, splitByScope } from '../model/scope.ts';
import { checkGuards } from '../plan/check-guards.ts';
import { nameReferencedFlows } from '../plan/flow-names.ts';
import { digestOf } from '../plan/digest.ts';
import { startReadingAccount, type AccountReads } from './read-account.ts';
import type { Plan } from '../plan/plan-types.ts';
import { toChangeDocument, type PlanContext } from '../plan/render-json.ts';
import { resolveFlows } from '../plan/resolve-flows.ts';
import { checkFlowWrites } from '../plan/check-flow-writes.ts';
import { checkAccountPin } from '../plan/check-account.ts';
import { estimateCost } from '../plan/estimate-cost.ts';
import { orderForLimits } from '../plan/order-for-limits.ts';
import { predictFailures } from '../plan/predict-failures.ts';
import type { AccountFacts } from '../model/account.ts';

/** A plan with what it was made from. */
export interface PreparedPlan {
  plan: Plan;
  context: PlanContext;
  current: CurrentNumber[];
  flows: Flow[];
  /** Broken safety rules: apply must not run while there are any. */
  violations: Diagnostic[];
  /**
   * What VoIPBIN would refuse if the plan were applied (identity, balance, billing account,
   * virtual-number limit, an expired key): apply must not run while there are any.
   */
  predicted: Diagnostic[];
  /** What the access key tells of its account. */
  facts: AccountFacts;
  /** The plan was made with `--release-while-pending`: apply releases while purchases are pending too. */
  releaseWhilePending: boolean;
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
  /** The time of planning (ms since the epoch; default now): how long purchases have been pending. */
  now?: number;
  /** The account's reads, if already sent (startReadingAccount); sent here otherwise. */
  reads?: AccountReads;
}

/** The digest that identifies a configuration's meaning (not its comments or layout). */
export function digestConfig(desired: DesiredState): string {
  return digestOf({
    policy: desired.policy,
    numbers: desired.numbers.map(({ source: _source, ...rest }) => rest),
  });
}

/**
 * Reads the account (numbers and flows, in parallel, while the configuration may still be
 * checked), resolves flows, plans, and checks the guards. The plan digest covers exactly what apply would do, so a saved plan can be verified.
 */
export async function preparePlan(
  api: NumbersApi,
  config: DesiredState | Promise<DesiredState>,
  options: PrepareOptions,
): Promise<PreparedPlan> {
  // The account is read while a configuration still being checked is parsed: reads only, and
  // nothing below runs (nothing is changed) unless the configuration is valid.
  const reads = options.reads ?? startReadingAccount(api);
  // An invalid configuration is the error to report, whatever the reads meet meanwhile.
  const reading = Promise.all([reads.account, reads.facts]);
  reading.catch(() => undefined);
  const desired = await config;
  // Hashed while the account's pages are still arriving, not after the last one.
  const configDigest = digestConfig(desired);
  const [{ numbers: current, flows }, facts] = await reading;
  // A configuration pinned to another account stops here, before anything is planned.
  const pin = checkAccountPin(desired.policy, facts, desired.accountSource);
  if (pin) {
    throw new NumformError(
      'ACCOUNT_MISMATCH',
      'The configuration is for another account; nothing was sent.',
      {
        diagnostics: [pin],
        ...(options.sources && { sources: options.sources }),
      },
    );
  }
  const unlisted = await findUnlistedFlows(api, desired, current, flows);
  const { numbers, problems } = resolveFlows(desired.numbers, flows, current, unlisted);
  if (problems.length > 0) throw flowError(problems, options);
  const targets = [...(options.targets ?? [])].sort();
  checkTargetsInScope(targets, desired.policy);
  const strays = findStrayTargets(targets, desired, current);
  if (strays.length > 0) {
    throw new NumformError(
      'UNKNOWN_TARGET',
      `--target ${strays.join(', ')} matches no declared number and no number of the account.`,
      {
        hint: 'Targets are E.164 numbers as written in the configuration, for example --target "+15551234567".',
      },
    );
  }
  // An unmanaged number is never planned: targeting it would say "No changes." about a number
  // numform does not look at.
  const unmanaged = targets.filter(createGlobMatcher(desired.policy.unmanaged));
  if (unmanaged.length > 0) {
    throw new NumformError(
      'UNMANAGED_TARGET',
      `--target ${unmanaged.join(', ')} matches policy.unmanaged, so numform never plans ${unmanaged.length === 1 ? 'it' : 'them'}.`,
      { hint: 'Narrow policy.unmanaged to manage the number, or target a managed one.' },
    );
  }
  const now = options.now ?? Date.now();
  const planned = buildPlan({ numbers, policy: desired.policy }, current, {
    targets,
    releaseWhilePending: options.releaseWhilePending ?? false,
    now,
  });
  // Releases that make room under the virtual-number limit move first, said in the plan.
  const ordered = orderForLimits(planned, current, facts);
  const sourceOf = new Map(desired.numbers.map((n) => [n.number, n.source]));
  const foreseen = predictFailures(ordered, current, facts, now).map((d) =>
    locatePrediction(d, ordered, sourceOf),
  );
  const predicted = foreseen.filter((d) => d.severity === 'error');
  const targeting: Diagnostic[] =
    targets.length === 0
      ? []
      : [
          {
            severity: 'warning',
            code: 'TARGETING',
            message: `Targeting is in effect: the plan covers only ${targets.join(', ')}; the account may differ from the configuration elsewhere.`,
            hint: 'Use --target for exceptional cases (a fix, a recovery), then run plan without it to see everything.',
          },
        ];
  const plan = {
    ...ordered,
    diagnostics: [...targeting, ...ordered.diagnostics, ...foreseen.filter((d) => d.severity !== 'error')],
  };
  const live = new Set([...flows, ...unlisted].map((f) => f.id));
  const dangling = checkFlowWrites(plan.changes, live, (n) => sourceOf.get(n));
  if (dangling.length > 0) throw flowError(dangling, options);
  const violations = checkGuards(plan, current, desired.policy, {
    declared: desired.numbers.length,
    allowMassDelete: options.allowMassDelete ?? false,
  });
  const context: PlanContext = {
    endpoint: options.endpoint,
    account: { id: facts.customer.id, name: facts.customer.name },
    cost: estimateCost(plan, current),
    targets,
    config_digest: configDigest,
    // What this configuration sees of the account: numbers outside its scope are another's.
    state_digest: digestOf(
      {
        numbers: splitByScope(current, desired.policy).inScope.sort((a, b) =>
          compareText(a.number, b.number),
        ),
        flows: [...flows].sort((a, b) => compareText(a.id, b.id)),
      },
      reads.written,
    ),
    plan_digest: digestOf({ changes: plan.changes.map(toChangeDocument), targets }),
    flows: nameReferencedFlows(plan.changes, [...flows, ...unlisted]),
  };
  return {
    plan,
    context,
    current,
    flows,
    violations,
    predicted,
    facts,
    releaseWhilePending: options.releaseWhilePending ?? false,
  };
}

/**
 * A number outside policy.scope is another configuration's: targeting it would plan nothing and
 * say the account matches, so it is refused with the reason.
 */
function checkTargetsInScope(targets: readonly string[], policy: DesiredState['policy']): void {
  const isInScope = createScopeMatcher(policy);
  const outside = targets.filter((t) => !isInScope(t));
  if (outside.length === 0) return;
  throw new NumformError(
    'OUT_OF_SCOPE_TARGET',
    `--target ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside policy.scope (${(policy.scope ?? []).join(', ')}), so this configuration never plans ${outside.length === 1 ? 'it' : 'them'}.`,
    { hint: 'Target a number in the scope, or plan with the configuration whose policy.scope holds it.' },
  );
}

/**
 * Asks GET /flows/{id} about the flow ids the plan may send that GET /flows did not list: flows of
 * other types (queue, conference), which VoIPBIN accepts, or flows that no longer exist.
 */
async function findUnlistedFlows(
  api: NumbersApi,
  desired: DesiredState,
  current: readonly CurrentNumber[],
  listed: readonly Flow[],
): Promise<Flow[]> {
  const known = new Set([NIL_UUID, ...listed.map((f) => f.id)]);
  const ids = new Set<string>();
  const note = (id: string): void => {
    if (!known.has(id)) ids.add(id);
  };
  for (const n of desired.numbers) {
    if (n.callFlowId.kind === 'id') note(n.callFlowId.id);
    if (n.messageFlowId.kind === 'id') note(n.messageFlowId.id);
  }
  // Most numbers hold listed flows or none: which numbers are declared is asked only of the rest.
  const unknownHeld = current.filter((n) => !known.has(n.callFlowId) || !known.has(n.messageFlowId));
  if (unknownHeld.length > 0) {
    const declared = new Set(desired.numbers.map((n) => n.number));
    for (const n of unknownHeld) {
      if (!declared.has(n.number)) continue;
      note(n.callFlowId);
      note(n.messageFlowId);
    }
  }
  const found = await Promise.all([...ids].sort().map((id) => api.getFlow(id)));
  return found.filter((f): f is Flow => f !== undefined);
}

/** Targets that name no declared number and no number of the account. */
function findStrayTargets(
  targets: readonly string[],
  desired: DesiredState,
  current: readonly CurrentNumber[],
): string[] {
  if (targets.length === 0) return [];
  const known = new Set([...desired.numbers.map((n) => n.number), ...current.map((n) => n.number)]);
  return targets.filter((t) => !known.has(t));
}

/** Refusals of purchases point at the first declared number they would refuse. */
const REFUSED_PURCHASES: Partial<Record<Diagnostic['code'], 'normal' | 'virtual' | 'any'>> = {
  IDENTITY_NOT_VERIFIED: 'normal',
  INSUFFICIENT_BALANCE: 'normal',
  NO_BILLING_ACCOUNT: 'any',
  VIRTUAL_NUMBER_LIMIT: 'virtual',
};

/** A prediction about purchases, located at the file, line and column of the first one it refuses. */
function locatePrediction(
  d: Diagnostic,
  plan: Plan,
  sourceOf: ReadonlyMap<string, SourceLocation>,
): Diagnostic {
  const kind = REFUSED_PURCHASES[d.code];
  if (kind === undefined || d.source) return d;
  const create = plan.changes.find((c) => c.action === 'create' && (kind === 'any' || c.type === kind));
  const source = create && sourceOf.get(create.number);
  return source ? { ...d, source } : d;
}

/** Flows that stop the plan: nothing was sent, and each problem says where and what to do. */
function flowError(problems: Diagnostic[], options: PrepareOptions): NumformError {
  return new NumformError('FLOW_RESOLUTION', 'Flows could not be resolved; nothing was sent.', {
    hint: 'Name flows exactly as GET /flows lists them, or give their ids; numform checks them before changing anything.',
    diagnostics: problems,
    ...(options.sources && { sources: options.sources }),
  });
}
