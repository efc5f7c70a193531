import type { Diagnostic } from '../errors/diagnostic.ts';
import type { Policy } from '../model/desired.ts';
import { createGlobMatcher } from '../model/glob.ts';
import {
  changedFields,
  emptyManagedFields,
  EXPECTED_FIELDS,
  NUMBER_FIELDS,
  pickManaged,
  sameManagedFields,
} from '../model/number-fields.ts';
import type { CurrentNumber } from '../model/number.ts';
import { classifyStatus, isPendingStatus } from '../model/number-status.ts';
import { formatAge } from '../model/format-age.ts';
import { compareText } from '../model/compare-text.ts';
import type { ChangeReason, Plan, PlannedChange } from './plan-types.ts';
import { countNoun, pluralize } from '../model/count-noun.ts';
import { splitByScope } from '../model/scope.ts';
import type { ResolvedNumber } from './resolve-flows.ts';

/** What the planner is asked to reach. */
export interface PlanInput {
  numbers: readonly ResolvedNumber[];
  policy: Policy;
}

/** Options of one planning run. */
export interface PlanOptions {
  /** Limit the plan to these numbers (`--target`). */
  targets?: readonly string[];
  /** Release even while declared purchases are unconfirmed (`--release-while-pending`). */
  releaseWhilePending?: boolean;
  /** The time of planning (ms since the epoch), to say how long purchases have been pending. */
  now?: number;
}

const ORDER = { create: 0, update: 1, delete: 2 } as const;

/**
 * The pure planner: compares the desired numbers with the account's and lists the creates,
 * updates and deletes that make them equal, with what the user should know besides. No I/O, no
 * clock; keys are the E.164 strings. Values are compared after the server's normalisation, so an
 * applied plan plans to nothing. Account numbers outside `policy.scope` are left out, said in a note.
 */
export function buildPlan(
  input: PlanInput,
  account: readonly CurrentNumber[],
  options: PlanOptions = {},
): Plan {
  // Numbers outside policy.scope belong to another configuration: the plan never sees them.
  const { inScope: current, outside } = splitByScope(account, input.policy);
  const isUnmanaged = createGlobMatcher(input.policy.unmanaged);
  const targets = new Set(options.targets ?? []);
  const inTarget = targets.size > 0 ? (n: string) => targets.has(n) : () => true;
  const currentByNumber = new Map(current.map((n) => [n.number, n]));
  const declared = new Set(input.numbers.map((n) => n.number));
  const changes: PlannedChange[] = [];
  const diagnostics: Diagnostic[] = [];

  for (const want of input.numbers) {
    if (!inTarget(want.number)) continue;
    const after = pickManaged(want);
    const have = currentByNumber.get(want.number);
    if (!have) {
      const changed = changedFields(emptyManagedFields(), after);
      changes.push({ action: 'create', number: want.number, type: want.type, after, changed });
      continue;
    }
    const notes = describeAccountNumber(want, have, options);
    if (notes.length > 0) diagnostics.push(...notes);
    const before = pickManaged(have);
    if (sameManagedFields(before, after)) continue;
    const changed = changedFields(before, after);
    changes.push({
      action: 'update',
      number: want.number,
      id: have.id,
      type: have.type,
      before,
      after,
      changed,
      ...(isPendingStatus(have.status) && {
        reason: {
          code: 'PENDING_PURCHASE',
          message: 'its purchase is still pending; VoIPBIN accepts changes meanwhile',
        },
      }),
    });
  }

  const held = options.releaseWhilePending ? undefined : holdReleases(input.numbers, currentByNumber);
  if (input.policy.prune) {
    for (const have of current) {
      if (declared.has(have.number) || isUnmanaged(have.number) || !inTarget(have.number)) continue;
      changes.push({
        action: 'delete',
        number: have.number,
        id: have.id,
        type: have.type,
        before: pickManaged(have),
        ...(held && { reason: held }),
      });
    }
  }

  if (outside > 0) diagnostics.push(describeOutOfScope(outside, input.policy));
  changes.sort((a, b) => ORDER[a.action] - ORDER[b.action] || compareText(a.number, b.number));
  diagnostics.sort((a, b) => compareText(a.number ?? '', b.number ?? '') || compareText(a.code, b.code));
  return { changes, diagnostics };
}

/** The note that says how much of the account a scoped configuration did not look at. */
function describeOutOfScope(outside: number, policy: Policy): Diagnostic {
  return {
    severity: 'note',
    code: 'OUT_OF_SCOPE',
    message: `${countNoun(outside, 'number')} outside policy.scope (${(policy.scope ?? []).join(', ')}) ${outside === 1 ? 'was' : 'were'} not considered: never updated or released by this configuration.`,
  };
}

/**
 * Releases wait while any purchase the configuration declares is unconfirmed (pending, or ended
 * by the carrier): a release is for good, and the declared number may be the replacement of the
 * one released. The real server may never confirm, so the plan says so and the user decides.
 */
function holdReleases(
  declared: readonly ResolvedNumber[],
  currentByNumber: ReadonlyMap<string, CurrentNumber>,
): ChangeReason | undefined {
  const unconfirmed = declared
    .filter((n) => {
      const have = currentByNumber.get(n.number);
      return have !== undefined && isUnconfirmed(have.status);
    })
    .map((n) => n.number);
  if (unconfirmed.length === 0) return undefined;
  return {
    code: 'HELD',
    message: `held: the ${pluralize(unconfirmed.length, 'purchase')} of ${unconfirmed.join(', ')} ${unconfirmed.length === 1 ? 'is' : 'are'} not confirmed yet; --release-while-pending releases anyway`,
  };
}

function isUnconfirmed(status: string): boolean {
  const meaning = classifyStatus(status);
  return meaning === 'pending' || meaning === 'failed';
}

/** "has been pending purchase for 3d" when the purchase time and the time of planning are known. */
function describePending(have: CurrentNumber, now: number | undefined): string {
  const since = have.tmPurchase === null ? NaN : Date.parse(have.tmPurchase);
  if (now === undefined || Number.isNaN(since)) return 'is still pending purchase';
  return `has been pending purchase for ${formatAge(now - since)}`;
}

/** What the plan says about a declared number the account holds: its status, read-only drift. */
function describeAccountNumber(
  want: ResolvedNumber,
  have: CurrentNumber,
  options: PlanOptions,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const about = { number: want.number };
  const meaning = classifyStatus(have.status);
  // Most numbers of an account: active, with no read-only field expected, nothing to report.
  if (meaning === 'active' && Object.keys(want.expect).length === 0) return out;
  const status = `status "${have.status}"`;
  switch (meaning) {
    case 'active':
    case 'deleted':
      break;
    case 'pending':
      out.push({
        ...about,
        severity: 'note',
        code: 'PENDING_PURCHASE',
        message: `${want.number} ${describePending(have, options.now)} (${status})`,
        hint:
          'numform waits only for purchases it made in the same run, and VoIPBIN may never report this one active: ' +
          (/^requirement-info/.test(have.status.replaceAll('_', '-'))
            ? 'the carrier wants information (documents, an address): provide it in the VoIPBIN console. '
            : 'check the number in the VoIPBIN console. ') +
          (options.releaseWhilePending
            ? 'Changes to it are sent anyway; --release-while-pending releases meanwhile.'
            : 'Changes to it are sent anyway; releases stay held while it is pending.'),
      });
      break;
    case 'failed':
      out.push({
        ...about,
        severity: 'warning',
        code: 'PURCHASE_FAILED',
        message: `the carrier ended the purchase of ${want.number} (${status}); apply cannot fix that and will not buy it again while the account holds it`,
        hint: 'Release it in the VoIPBIN console and apply again to buy it anew, or remove it from the configuration.',
      });
      break;
    case 'suspended':
      out.push({
        ...about,
        severity: 'warning',
        code: 'SUSPENDED',
        message: `${want.number} is suspended (${status}): VoIPBIN does not handle its calls or messages, and apply cannot change that`,
        hint: "Check the account's billing and identity in the VoIPBIN console, or ask VoIPBIN support.",
      });
      break;
    case 'unknown':
      out.push({
        ...about,
        severity: 'warning',
        code: 'UNKNOWN_STATUS',
        message: `${want.number} has ${status}, which numform does not know; it manages the number's fields but cannot change its status`,
      });
  }
  for (const name of EXPECTED_FIELDS) {
    const expected = want.expect[name];
    if (expected === undefined || expected === have[name]) continue;
    out.push({
      ...about,
      severity: 'warning',
      code: 'READ_ONLY_DRIFT',
      message: `${want.number}: ${NUMBER_FIELDS[name].wire} is ${String(have[name])} but the configuration expects ${String(expected)}; it is read-only (set by the carrier), so apply cannot fix it`,
    });
  }
  return out;
}
