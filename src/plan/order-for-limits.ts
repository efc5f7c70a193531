import { virtualNumberLimit, type AccountFacts } from '../model/account.ts';
import type { CurrentNumber } from '../model/number.ts';
import { classifyStatus } from '../model/number-status.ts';
import { pluralize } from '../model/count-noun.ts';
import type { ChangeReason, CreateChange, DeleteChange, Plan, PlannedChange } from './plan-types.ts';

/** The non-deleted virtual numbers of the account: what VoIPBIN counts against the limit. */
export function countVirtualNumbers(current: readonly CurrentNumber[]): number {
  return current.filter((n) => n.type === 'virtual' && classifyStatus(n.status) !== 'deleted').length;
}

/** The virtual creates of a plan, in its order. */
export function virtualCreates(plan: Plan): CreateChange[] {
  return plan.changes.filter((c): c is CreateChange => c.action === 'create' && c.type === 'virtual');
}

/** The virtual releases that may run before the creates: every one not held. */
export function releasableFirst(plan: Plan): DeleteChange[] {
  return plan.changes.filter(
    (c): c is DeleteChange => c.action === 'delete' && c.type === 'virtual' && c.reason?.code !== 'HELD',
  );
}

/**
 * Orders a plan so that apply stays within the plan type's limit on virtual numbers (VoIPBIN
 * refuses a create once the account holds that many). When creating first would pass the limit,
 * just enough of the plan's virtual releases are marked `RELEASED_FIRST` and moved to the front:
 * apply runs them before any create. Each create beyond the room the account has left is marked
 * `AFTER_RELEASE`, naming the releases it waits for, so that the creates and releases running
 * alongside never pass the limit, and a release that fails holds back only the create it was
 * making room for. Everything else keeps apply's order: creates, updates, deletes.
 *
 * Held releases are never released first. When even releasing first cannot make room, the plan is
 * returned as it is, and predictFailures says why it cannot be applied. Pure.
 */
export function orderForLimits(plan: Plan, current: readonly CurrentNumber[], facts: AccountFacts): Plan {
  const limit = virtualNumberLimit(facts);
  const creates = virtualCreates(plan);
  if (limit === undefined || creates.length === 0) return plan;
  const holds = countVirtualNumbers(current);
  const needed = holds + creates.length - limit;
  const candidates = releasableFirst(plan);
  if (needed <= 0 || needed > candidates.length) return plan;

  const planType = facts.billing!.planType;
  const within = `to stay within the ${planType} plan's ${limit} virtual ${pluralize(limit, 'number')}`;
  const first = candidates.slice(0, needed);
  // Releases beyond what the creates need bring an account over its limit back under it: every
  // create waits for those. The others are paired, one release to one create.
  const excess = first.slice(0, Math.max(0, holds - limit)).map((c) => c.number);
  const paired = first.slice(excess.length).map((c) => c.number);
  const waiting = creates.slice(creates.length - paired.length);

  const reasons = new Map<PlannedChange, ChangeReason>();
  for (const release of first) {
    reasons.set(release, { code: 'RELEASED_FIRST', message: `released first ${within}` });
  }
  waiting.forEach((create, i) => {
    const after = [...excess, paired[i]!];
    reasons.set(create, {
      code: 'AFTER_RELEASE',
      message: `created once ${after.join(', ')} ${after.length === 1 ? 'is' : 'are'} released, ${within}`,
      after,
    });
  });
  const marked = plan.changes.map((c) => {
    const reason = reasons.get(c);
    return reason ? { ...c, reason } : c;
  });
  const isFirst = (c: PlannedChange): boolean => c.reason?.code === 'RELEASED_FIRST';
  return { ...plan, changes: [...marked.filter(isFirst), ...marked.filter((c) => !isFirst(c))] };
}
