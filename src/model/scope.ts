import type { Policy } from './desired.ts';
import { createGlobMatcher } from './glob.ts';

/**
 * Whether a number is in the configuration's scope (`policy.scope`): every number when the policy
 * sets none. Numbers outside it belong to someone else (another repository sharing the account).
 */
export function createScopeMatcher(policy: Pick<Policy, 'scope'>): (number: string) => boolean {
  return policy.scope === undefined ? () => true : createGlobMatcher(policy.scope);
}

/** The account numbers in scope, and how many were left out. */
export function splitByScope<T extends { number: string }>(
  numbers: readonly T[],
  policy: Pick<Policy, 'scope'>,
): { inScope: T[]; outside: number } {
  const isInScope = createScopeMatcher(policy);
  const inScope = numbers.filter((n) => isInScope(n.number));
  return { inScope, outside: numbers.length - inScope.length };
}
