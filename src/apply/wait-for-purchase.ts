import type { NumbersApi } from '../api/client.ts';
import type { Timing } from '../clock/timing.ts';
import { NumformError } from '../errors/numform-error.ts';
import { isPendingStatus, type CurrentNumber } from '../model/number.ts';

/** How to wait for a pending purchase. */
export interface WaitOptions {
  timeoutMs: number;
  /** First poll delay; grows 1.5× up to `maxPollMs`. */
  firstPollMs: number;
  maxPollMs: number;
  /** A "still pending" heartbeat this often, so a wait never looks hung. */
  heartbeatMs: number;
  timing: Timing;
  signal: AbortSignal;
  onHeartbeat: (elapsedMs: number) => void;
  /** Runs one API call under the applier's concurrency limit. */
  schedule: <T>(call: () => Promise<T>) => Promise<T>;
}

/**
 * Polls a number until its purchase is active. Any status other than a pending spelling or
 * `active` (for example `purchase_failed`) fails at once; the timeout fails with how to resume.
 */
export async function waitForPurchase(
  api: NumbersApi,
  number: CurrentNumber,
  options: WaitOptions,
): Promise<CurrentNumber> {
  const { timing } = options;
  const started = timing.now();
  let pollIn = options.firstPollMs;
  let nextPollAt = started + pollIn;
  let nextHeartbeatAt = started + options.heartbeatMs;
  let current = number;
  while (isPendingStatus(current.status)) {
    const now = timing.now();
    if (now - started >= options.timeoutMs) {
      throw new NumformError(
        'WAIT_TIMEOUT',
        `the purchase was still pending (status "${current.status}") after ${formatDuration(now - started)}`,
        {
          hint: 'It is bought and stays in the account: run `numform apply` again later to resume waiting (it will not buy it twice), or raise --wait-timeout.',
        },
      );
    }
    const wakeAt = Math.min(nextPollAt, nextHeartbeatAt, started + options.timeoutMs);
    await timing.sleep(Math.max(0, wakeAt - now), options.signal);
    const woke = timing.now();
    if (woke >= nextHeartbeatAt) {
      options.onHeartbeat(woke - started);
      nextHeartbeatAt += options.heartbeatMs;
    }
    if (woke >= nextPollAt || woke - started >= options.timeoutMs) {
      current = await options.schedule(() => api.getNumber(number.id));
      pollIn = Math.min(pollIn * 1.5, options.maxPollMs);
      nextPollAt = timing.now() + pollIn;
    }
  }
  if (current.status !== 'active') {
    throw new NumformError('PURCHASE_FAILED', `the purchase ended with status "${current.status}"`, {
      hint: 'Check the number in the VoIPBIN admin console; numform will not retry a purchase the carrier ended.',
    });
  }
  return current;
}

/** `34s`, `2m05s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Terraform's `00m20s`. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
}
