import type { NumberStatus } from './number.ts';

/**
 * What a status means to numform. VoIPBIN passes the carrier's word through as an open string:
 * `pending` is a purchase still in progress (which the real server may never mark active),
 * `failed` a purchase the carrier ended for good, `suspended` a number that handles no calls or
 * messages, `unknown` anything else, reported as-is and never guessed at.
 */
export type StatusMeaning = 'active' | 'pending' | 'failed' | 'suspended' | 'deleted' | 'unknown';

const PENDING = new Set(['purchase-pending', 'provision-pending']);
const REQUIREMENT_INFO = /^requirement-info-[a-z-]+$/;

/** Classifies a status; hyphens and underscores are the same (the API uses both spellings). */
export function classifyStatus(status: NumberStatus): StatusMeaning {
  // Most numbers of an account are active, and a plan asks about each several times.
  if (status === 'active') return 'active';
  const s = status.replaceAll('_', '-');
  if (s === 'active') return 'active';
  if (PENDING.has(s) || REQUIREMENT_INFO.test(s)) return 'pending';
  if (s === 'purchase-failed') return 'failed';
  if (s === 'suspended') return 'suspended';
  if (s === 'deleted') return 'deleted';
  return 'unknown';
}

/** True while a purchase is in progress at the carrier (any of its in-progress statuses). */
export function isPendingStatus(status: NumberStatus): boolean {
  return classifyStatus(status) === 'pending';
}
