import { MASS_RELEASE_PERCENT } from '../plan/check-guards.ts';

/** The plan formats of `--format`. */
export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** The help of `--allow-mass-delete`, with the guard's own threshold. */
export const ALLOW_MASS_DELETE_HELP = `allow releasing more than ${MASS_RELEASE_PERCENT} of the managed numbers`;

/** The help of `--release-while-pending`. */
export const RELEASE_WHILE_PENDING_HELP =
  'release numbers even while purchases the configuration declares are unconfirmed';

/** Parses repeatable `--target` values. */
export function collectTargets(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
