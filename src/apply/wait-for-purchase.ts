import type { NumbersApi } from '../api/client.ts';
import type { Timing } from '../clock/timing.ts';
import { NumformError } from '../errors/numform-error.ts';
import { classifyStatus } from '../model/number-status.ts';
import type { CurrentNumber } from '../model/number.ts';

/** How to wait for a pending purchase. */
export interface WaitOptions {
  timeoutMs: number;
  /** First poll delay; kept for `steadyMs`, then grows 1.5× up to `maxPollMs`. */
  firstPollMs: number;
  maxPollMs: number;
  /**
   * How long to keep polling every `firstPollMs` before the interval grows (default 0). Most
   * purchases settle within seconds, and a PurchasePoller answers a round for every pending
   * purchase with one request, so close polls early cost little and see a settled number soon.
   */
  steadyMs?: number;
  timing: Timing;
  signal: AbortSignal;
  /** Runs one API call under the applier's concurrency limit. */
  call: <T>(send: () => Promise<T>) => Promise<T>;
  /** Reads the number (default: GET /numbers/{id} through `call`); a PurchasePoller shares reads. */
  poll?: (id: string) => Promise<CurrentNumber>;
  /**
   * Moves every poll to the nearest multiple of this on the clock (default 1: none), so that
   * waits begun at nearby times poll together (their schedules grow alike), and a PurchasePoller
   * answers each such round with one request.
   */
  alignMs?: number;
}

/** How a wait ended: the purchase left the pending statuses, or the wait's time ran out. */
export type WaitResult =
  { settled: true; number: CurrentNumber } | { settled: false; number: CurrentNumber; waitedMs: number };

/**
 * Polls a number while its purchase is pending, with a growing interval, as VoIPBIN documents.
 * The real server may never change the status, so running out of time is an answer (still
 * pending at the carrier), not a failure. A purchase the carrier ended (`purchase-failed`) fails;
 * any other status ends the wait and is the caller's to report.
 */
export async function waitForPurchase(
  api: NumbersApi,
  number: CurrentNumber,
  options: WaitOptions,
): Promise<WaitResult> {
  const { timing } = options;
  const started = timing.now();
  const deadline = started + options.timeoutMs;
  const align = options.alignMs ?? 1;
  const poll = options.poll ?? ((id: string) => options.call(() => api.getNumber(id)));
  let pollIn = options.firstPollMs;
  let current = number;
  while (classifyStatus(current.status) === 'pending') {
    const now = timing.now();
    if (now >= deadline) return { settled: false, number: current, waitedMs: now - started };
    // The last poll comes at the deadline, so a purchase that settles just in time is seen.
    const next = nextPollAt(now, pollIn, align);
    await timing.sleep(Math.min(next, deadline) - now, options.signal);
    current = await poll(number.id);
    if (timing.now() - started >= (options.steadyMs ?? 0)) pollIn = Math.min(pollIn * 1.5, options.maxPollMs);
  }
  checkNotFailed(current);
  return { settled: true, number: current };
}

/**
 * `pollIn` after `now`, moved to the nearest multiple of `align` (never to `now` or before). Every
 * poll, not just the first: waits polled in one round are woken a little apart, and would drift
 * into ever more rounds. The nearest rather than the next multiple, so that a wait woken a moment
 * after its tick is not put a whole tick later than the others.
 */
function nextPollAt(now: number, pollIn: number, align: number): number {
  if (align <= 1) return now + pollIn;
  const aligned = Math.round((now + pollIn) / align) * align;
  return aligned > now ? aligned : aligned + align;
}

/** Throws PURCHASE_FAILED for a purchase the carrier ended for good. */
export function checkNotFailed(number: CurrentNumber): void {
  if (classifyStatus(number.status) !== 'failed') return;
  throw new NumformError('PURCHASE_FAILED', `the carrier ended the purchase (status "${number.status}")`, {
    hint: 'Check the number in the VoIPBIN console; numform does not retry a purchase the carrier ended.',
  });
}
