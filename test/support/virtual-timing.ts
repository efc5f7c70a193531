import type { Timing } from '../../src/clock/timing.ts';

/** A clock that moves only when someone sleeps on it, so waits are exact and instant. */
export interface VirtualTiming extends Timing {
  /** Every sleep asked for, in order. */
  slept: number[];
  /** Runs `action` once the clock has reached `time` (checked whenever a sleep ends). */
  at(time: number, action: () => void): void;
}

/** `start` is where the clock begins, so tests can tell elapsed time from the clock's reading. */
export function virtualTiming(start = 0): VirtualTiming {
  let now = start;
  const slept: number[] = [];
  let due: { time: number; action: () => void }[] = [];
  return {
    slept,
    now: () => now,
    at: (time, action) => void due.push({ time, action }),
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      slept.push(ms);
      now += ms;
      const ready = due.filter((d) => d.time <= now);
      due = due.filter((d) => d.time > now);
      for (const d of ready) d.action();
      return Promise.resolve();
    },
  };
}

/** A clock whose sleeps never end on their own: only an abort of their signal wakes them. */
export function stoppedTiming(): Timing & { sleeping: () => number } {
  let sleeping = 0;
  return {
    sleeping: () => sleeping,
    now: () => 0,
    sleep: (_ms, signal) =>
      new Promise<void>((_resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        sleeping++;
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      }),
  };
}
