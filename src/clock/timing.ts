/**
 * The clock and timer a component waits with. Injected everywhere time passes (the rate limiter,
 * retry back-off, purchase waits, progress heartbeats), so tests run on a virtual clock.
 */
export interface Timing {
  now: () => number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Real time. `now` never steps: a wall clock set back mid-run would stall the rate limiter's and
 * the purchase waits' arithmetic for as long, and one set forward would hand out a burst early.
 * It reads as the wall clock did when the process started, plus the time elapsed since.
 */
export const realTiming: Timing = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
