import type { Timing } from '../clock/timing.ts';
import type { PlannedChange } from '../plan/plan-types.ts';
import type { ApplyEvent } from './apply-events.ts';
import { formatApplyEvent, formatStillPending } from './progress-lines.ts';

/** Prints apply's events; call `close` when apply ends. */
export interface ProgressReporter {
  onEvent: (event: ApplyEvent) => void;
  close: () => void;
}

/**
 * One line per event, and while a purchase is pending a "Still pending..." line every
 * `heartbeatMs` (Terraform's rhythm: a silent wait looks hung and gets killed by CI).
 */
export function createProgressReporter(
  writeLine: (line: string) => void,
  options: { timing: Timing; heartbeatMs: number },
): ProgressReporter {
  const { timing, heartbeatMs } = options;
  const waiting = new Map<PlannedChange, AbortController>();

  const beat = async (change: PlannedChange, stop: AbortSignal): Promise<void> => {
    const since = timing.now();
    try {
      for (;;) {
        await timing.sleep(heartbeatMs, stop);
        writeLine(formatStillPending(change, timing.now() - since));
      }
    } catch {
      // Stopped: the wait ended.
    }
  };
  const stopBeating = (change: PlannedChange): void => {
    waiting.get(change)?.abort();
    waiting.delete(change);
  };

  return {
    onEvent: (event) => {
      writeLine(formatApplyEvent(event));
      if (event.kind === 'purchase-pending') {
        const stop = new AbortController();
        waiting.set(event.change, stop);
        void beat(event.change, stop.signal);
      } else if (event.kind !== 'started') {
        stopBeating(event.change);
      }
    },
    close: () => {
      for (const change of [...waiting.keys()]) stopBeating(change);
    },
  };
}
