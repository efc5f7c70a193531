import type { NumbersApi } from '../api/client.ts';
import { formatDuration } from '../clock/format-duration.ts';
import type { Timing } from '../clock/timing.ts';
import { NumformError } from '../errors/numform-error.ts';
import { isPendingStatus, type CurrentNumber } from '../model/number.ts';

/** How to wait for a pending purchase. */
export interface WaitOptions {
  timeoutMs: number;
  /** First poll delay; grows 1.5× up to `maxPollMs`. */
  firstPollMs: number;
  maxPollMs: number;
  timing: Timing;
  signal: AbortSignal;
  /** Runs one API call under the applier's concurrency limit. */
  call: <T>(send: () => Promise<T>) => Promise<T>;
}

/**
 * Polls a number until its purchase is active, with a growing interval. Any status other than a
 * pending spelling or `active` (for example `purchase_failed`) fails at once; the timeout fails
 * with how to resume. Reporting progress is the reporter's job, not the waiter's.
 */
export async function waitForPurchase(
  api: NumbersApi,
  number: CurrentNumber,
  options: WaitOptions,
): Promise<CurrentNumber> {
  const { timing } = options;
  const started = timing.now();
  const deadline = started + options.timeoutMs;
  let pollIn = options.firstPollMs;
  let current = number;
  while (isPendingStatus(current.status)) {
    const now = timing.now();
    if (now >= deadline) {
      throw new NumformError(
        'WAIT_TIMEOUT',
        `the purchase was still pending (status "${current.status}") after ${formatDuration(now - started)}`,
        {
          hint: 'It is bought and stays in the account: run `numform apply` again later to resume waiting (it will not buy it twice), or raise --wait-timeout.',
        },
      );
    }
    // The last poll comes at the deadline, so a purchase that settles just in time is seen.
    await timing.sleep(Math.min(pollIn, deadline - now), options.signal);
    current = await options.call(() => api.getNumber(number.id));
    pollIn = Math.min(pollIn * 1.5, options.maxPollMs);
  }
  if (current.status !== 'active') {
    throw new NumformError('PURCHASE_FAILED', `the purchase ended with status "${current.status}"`, {
      hint: 'Check the number in the VoIPBIN admin console; numform will not retry a purchase the carrier ended.',
    });
  }
  return current;
}
