import pLimit from 'p-limit';
import type { NumbersApi } from '../api/client.ts';
import { realTiming, type Timing } from '../clock/timing.ts';
import { InterruptedError, toNumformError } from '../errors/numform-error.ts';
import { isPendingStatus, type CurrentNumber, type NumberType } from '../model/number.ts';
import type { Plan, PlannedChange } from '../plan/plan-types.ts';
import type { ApplyEvent, ApplyResult } from './apply-events.ts';
import { waitForPurchase } from './wait-for-purchase.ts';
import { countNoun } from '../model/count-noun.ts';

/** How to apply a plan. */
export interface ApplyOptions {
  /** Requests at once (default 10); the client's rate limit still applies. */
  parallelism?: number;
  /** How long to wait for a pending purchase (default 10 minutes). */
  waitTimeoutMs?: number;
  /** Ctrl-C: nothing new starts once it aborts; requests in flight finish. */
  signal?: AbortSignal;
  timing?: Timing;
  onEvent?: (event: ApplyEvent) => void;
  /** Poll and heartbeat pacing, shortened by tests. */
  firstPollMs?: number;
  maxPollMs?: number;
  heartbeatMs?: number;
}

/**
 * Applies a plan in order: creates, then updates, then deletes. Pending purchases are waited for
 * alongside the rest of the work. Deletes run only when every create and update succeeded, so a
 * failure numform has not understood never leads to a release.
 */
export async function applyPlan(
  plan: Plan,
  api: NumbersApi,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const timing = options.timing ?? realTiming;
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const limit = pLimit(options.parallelism ?? 10);
  const result: ApplyResult = { completed: [], failed: [], skipped: [], interrupted: false };

  /** One API call under the concurrency limit; refused once Ctrl-C was pressed. */
  const schedule = <T>(call: () => Promise<T>): Promise<T> =>
    limit(() => {
      if (signal.aborted) throw new InterruptedError();
      return call();
    });

  const waitUntilActive = (change: PlannedChange, number: CurrentNumber): Promise<CurrentNumber> =>
    waitForPurchase(api, number, {
      timeoutMs: options.waitTimeoutMs ?? 600_000,
      firstPollMs: options.firstPollMs ?? 1000,
      maxPollMs: options.maxPollMs ?? 10_000,
      heartbeatMs: options.heartbeatMs ?? 10_000,
      timing,
      signal,
      schedule,
      onHeartbeat: (elapsedMs) => emit({ kind: 'still-pending', change, elapsedMs }),
    });

  const skip = (change: PlannedChange, reason: string): void => {
    result.skipped.push({ change, reason });
    emit({ kind: 'skipped', change, reason });
  };

  /** Runs one change's steps, recording its outcome; never throws. */
  const track = async (
    change: PlannedChange,
    steps: () => Promise<{ id: string; adopted?: boolean }>,
  ): Promise<void> => {
    if (signal.aborted) return skip(change, 'not started: interrupted');
    const started = timing.now();
    emit({ kind: 'started', change });
    try {
      const { id, adopted = false } = await steps();
      result.completed.push({ change, id });
      emit({ kind: 'completed', change, id, elapsedMs: timing.now() - started, adopted });
    } catch (error) {
      // A wait cut short by Ctrl-C rejects with the signal's reason; a refused call with InterruptedError.
      if (signal.aborted && (error instanceof InterruptedError || error === signal.reason)) {
        return skip(change, 'interrupted before it finished; run apply again to finish it');
      }
      const e = toNumformError(error);
      result.failed.push({ change, message: e.message, hint: e.hint });
      emit({ kind: 'failed', change, message: e.message, hint: e.hint });
    }
  };

  // Phase 1: every create is sent; pending purchases are then waited for in the background.
  const purchases: Promise<void>[] = [];
  const creates = plan.changes.filter((c) => c.action === 'create');
  await Promise.all(
    creates.map(async (change) => {
      let posted!: () => void;
      const sent = new Promise<void>((resolve) => (posted = resolve));
      const purchase = track(change, async () => {
        try {
          const after = change.after!;
          const { number, adopted } = await schedule(() =>
            api.createNumber({
              number: change.number,
              type: change.type as NumberType,
              name: after.name,
              detail: after.detail,
              callFlowId: after.call_flow_id,
              messageFlowId: after.message_flow_id,
            }),
          );
          posted();
          let created = number;
          if (adopted) created = await schedule(() => api.updateNumber(number.id, fieldsForPut(change)));
          if (created.rtpDebug !== after.rtp_debug) {
            created = await schedule(() => api.updateMetadata(number.id, after.rtp_debug));
          }
          if (isPendingStatus(created.status)) {
            emit({ kind: 'purchase-pending', change, id: created.id, status: created.status });
            created = await waitUntilActive(change, created);
          }
          return { id: created.id, adopted };
        } finally {
          posted();
        }
      });
      purchases.push(purchase);
      // The phase moves on once the POST is answered, or once the change ended without one.
      await Promise.race([sent, purchase]);
    }),
  );

  // Phase 2: updates, alongside the purchases still pending.
  const updates = plan.changes
    .filter((c) => c.action === 'update')
    .map((change) =>
      track(change, async () => {
        const id = change.id!;
        if (change.wait_for_purchase) {
          emit({ kind: 'purchase-pending', change, id, status: 'pending' });
          await waitUntilActive(change, await schedule(() => api.getNumber(id)));
        }
        if (change.fields.some((f) => f !== 'rtp_debug'))
          await schedule(() => api.updateNumber(id, fieldsForPut(change)));
        if (change.fields.includes('rtp_debug'))
          await schedule(() => api.updateMetadata(id, change.after!.rtp_debug));
        return { id };
      }),
    );
  await Promise.all([...purchases, ...updates]);

  // Phase 3: deletes, only after everything before them succeeded.
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  const blocked = result.failed.length > 0 || signal.aborted || result.skipped.length > 0;
  if (blocked) {
    const reason =
      result.failed.length > 0
        ? `release skipped because ${countNoun(result.failed.length, 'earlier change')} failed`
        : 'not started: interrupted';
    for (const change of deletes) skip(change, reason);
  } else {
    await Promise.all(
      deletes.map((change) =>
        track(change, async () => {
          await schedule(() => api.deleteNumber(change.id!));
          return { id: change.id! };
        }),
      ),
    );
  }
  result.interrupted = signal.aborted;
  return result;
}

function fieldsForPut(change: PlannedChange) {
  const after = change.after!;
  return {
    name: after.name,
    detail: after.detail,
    callFlowId: after.call_flow_id,
    messageFlowId: after.message_flow_id,
  };
}
