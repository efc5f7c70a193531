import type { Timing } from '../../src/clock/timing.ts';

/**
 * A clock that moves only when the test says so: sleepers wake in time order as `advance` passes
 * their deadline, so schedules (polls, heartbeats, back-off) can be asserted exactly.
 */
export interface VirtualClock extends Timing {
  /** Moves time forward, waking each sleeper whose time has come, in order. */
  advance(ms: number): Promise<void>;
  /** How many sleepers are waiting. */
  readonly sleepers: number;
}

export function createVirtualClock(start = 0): VirtualClock {
  let now = start;
  let timers: { at: number; wake: () => void }[] = [];
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const timer = { at: now + Math.max(0, ms), wake: resolve };
        timers.push(timer);
        signal?.addEventListener(
          'abort',
          () => {
            timers = timers.filter((t) => t !== timer);
            reject(signal.reason as Error);
          },
          { once: true },
        );
      }),
    async advance(ms) {
      const until = now + ms;
      await settle();
      for (;;) {
        const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.wake();
        await settle();
      }
      now = until;
    },
    get sleepers() {
      return timers.length;
    },
  };
}
