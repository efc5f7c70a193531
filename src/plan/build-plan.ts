import type { Diagnostic } from '../errors/diagnostic.ts';
import type { Policy } from '../model/desired.ts';
import { createGlobMatcher } from '../model/glob.ts';
import {
  changedFields,
  emptyManagedFields,
  EXPECTED_FIELDS,
  NUMBER_FIELDS,
  pickManaged,
} from '../model/number-fields.ts';
import { isPendingStatus, type CurrentNumber } from '../model/number.ts';
import { compareText } from '../model/compare-text.ts';
import type { ChangeReason, Plan, PlannedChange } from './plan-types.ts';
import { pluralize } from '../model/count-noun.ts';
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
}

const ORDER = { create: 0, update: 1, delete: 2 } as const;

/**
 * The pure planner: compares the desired numbers with the account's and lists the creates,
 * updates and deletes that make them equal, with what the user should know besides. No I/O, no
 * clock; keys are the E.164 strings. Values are compared after the server's normalisation, so an
 * applied plan plans to nothing.
 */
export function buildPlan(
  input: PlanInput,
  current: readonly CurrentNumber[],
  options: PlanOptions = {},
): Plan {
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
    diagnostics.push(...describeAccountNumber(want, have));
    const before = pickManaged(have);
    const changed = changedFields(before, after);
    if (changed.length === 0) continue;
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

  changes.sort((a, b) => ORDER[a.action] - ORDER[b.action] || compareText(a.number, b.number));
  diagnostics.sort((a, b) => compareText(a.number ?? '', b.number ?? '') || compareText(a.code, b.code));
  return { changes, diagnostics };
}

/**
 * Releases wait while any purchase the configuration declares is unconfirmed: a release is for
 * good, and a number that never becomes active may mean the replacement is not there yet.
 */
function holdReleases(
  declared: readonly ResolvedNumber[],
  currentByNumber: ReadonlyMap<string, CurrentNumber>,
): ChangeReason | undefined {
  const unconfirmed = declared
    .filter((n) => {
      const have = currentByNumber.get(n.number);
      return have !== undefined && isPendingStatus(have.status);
    })
    .map((n) => n.number);
  if (unconfirmed.length === 0) return undefined;
  return {
    code: 'HELD',
    message: `held: the ${pluralize(unconfirmed.length, 'purchase')} of ${unconfirmed.join(', ')} ${unconfirmed.length === 1 ? 'is' : 'are'} not confirmed yet; --release-while-pending releases anyway`,
  };
}

/** What the plan says about a declared number the account holds: its status, read-only drift. */
function describeAccountNumber(want: ResolvedNumber, have: CurrentNumber): Diagnostic[] {
  const out: Diagnostic[] = [];
  const about = { number: want.number };
  if (isPendingStatus(have.status)) {
    out.push({
      ...about,
      severity: 'note',
      code: 'PENDING_PURCHASE',
      message: `${want.number} is still pending purchase (status "${have.status}")`,
    });
  } else if (have.status !== 'active') {
    out.push({
      ...about,
      severity: 'warning',
      code: 'UNKNOWN_STATUS',
      message: `${want.number} has status "${have.status}"; numform manages its fields but cannot change its status`,
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
