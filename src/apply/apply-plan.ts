import pLimit from 'p-limit';
import type { NumbersApi } from '../api/client.ts';
import { realTiming, type Timing } from '../clock/timing.ts';
import { InterruptedError, toNumformError } from '../errors/numform-error.ts';
import { countNoun } from '../model/count-noun.ts';
import {
  fieldsWrittenBy,
  NUMBER_FIELDS,
  type FieldWrite,
  type ManagedField,
} from '../model/number-fields.ts';
import { isPendingStatus, type CurrentNumber } from '../model/number.ts';
import type { CreateChange, DeleteChange, Plan, PlannedChange, UpdateChange } from '../plan/plan-types.ts';
import type { ApplyEvent, ApplyResult } from './apply-events.ts';
import { runSteps, type Step, type StepOutcome } from './run-steps.ts';
import { waitForPurchase } from './wait-for-purchase.ts';

/** Defaults of apply, shared with the CLI's option defaults. */
export const APPLY_DEFAULTS = {
  parallelism: 10,
  waitTimeoutMs: 600_000,
  firstPollMs: 1000,
  maxPollMs: 10_000,
} as const;

/** How to apply a plan; what is left out takes its value from APPLY_DEFAULTS. */
export interface ApplyOptions {
  /** Requests at once; the client's rate limit still applies. */
  parallelism?: number;
  /** How long to wait for a purchase made in this run to stop pending. */
  waitTimeoutMs?: number;
  /** Ctrl-C: nothing new starts once it aborts; requests in flight finish. */
  signal?: AbortSignal;
  timing?: Timing;
  onEvent?: (event: ApplyEvent) => void;
  /** Poll pacing of pending purchases. */
  firstPollMs?: number;
  maxPollMs?: number;
}

const INTERRUPTED_MIDWAY = 'interrupted before it finished; run apply again to finish it';

/** The ids of a change's steps, in the order they run. */
function stepIds(change: PlannedChange): string[] {
  if (change.action === 'create') return [`post ${change.number}`, `settle ${change.number}`];
  return [`${change.action} ${change.number}`];
}

/** The endpoints that write these fields. */
function writesOf(fields: readonly ManagedField[]): Set<FieldWrite> {
  return new Set(fields.map((f) => NUMBER_FIELDS[f].write));
}

/**
 * Applies a plan as steps with prerequisites: every create's POST first; updates once those were
 * answered; releases only once every create and update succeeded, so a failure numform has not
 * understood never leads to a release. Waits for pending purchases overlap the rest of the work.
 */
export async function applyPlan(
  plan: Plan,
  api: NumbersApi,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const timing = options.timing ?? realTiming;
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const limit = pLimit(options.parallelism ?? APPLY_DEFAULTS.parallelism);
  const result: ApplyResult = {
    completed: [],
    failed: [],
    skipped: [],
    bought: [],
    held: [],
    interrupted: false,
  };
  /** Purchases answered in this run, by change: what an interrupted wait still made. */
  const purchased = new Map<PlannedChange, string>();

  /** A call refused or a wait cut short by Ctrl-C: unfinished work, not a failure. */
  const isInterruption = (error: unknown): boolean =>
    signal.aborted && (error instanceof InterruptedError || error === signal.reason);

  /** One API call under the concurrency limit; refused once Ctrl-C was pressed. */
  const call = <T>(send: () => Promise<T>): Promise<T> =>
    limit(() => {
      if (signal.aborted) throw new InterruptedError();
      return send();
    });

  const startedAt = new Map<PlannedChange, number>();
  const begin = (change: PlannedChange): void => {
    startedAt.set(change, timing.now());
    emit({ kind: 'started', change });
  };
  const finish = (change: PlannedChange, id: string, adopted = false): void => {
    result.completed.push({ change, id });
    emit({ kind: 'completed', change, id, adopted, elapsedMs: timing.now() - startedAt.get(change)! });
  };

  /** Sends the changed fields, each through the endpoint that writes it; the last answer wins. */
  const write = async (
    number: CurrentNumber | { id: string },
    change: CreateChange | UpdateChange,
    writes: Set<FieldWrite>,
  ): Promise<CurrentNumber | undefined> => {
    let answer: CurrentNumber | undefined;
    if (writes.has('number'))
      answer = await call(() => api.updateNumber(number.id, fieldsWrittenBy(change.after, 'number')));
    if (writes.has('metadata'))
      answer = await call(() => api.updateMetadata(number.id, fieldsWrittenBy(change.after, 'metadata')));
    return answer;
  };

  const posts = plan.changes.filter((c) => c.action === 'create').map((c) => stepIds(c)[0]!);
  const beforeReleases = plan.changes.filter((c) => c.action !== 'delete').flatMap(stepIds);

  const createSteps = (change: CreateChange): Step[] => {
    let bought: CurrentNumber;
    let adopted = false;
    const [post, settle] = stepIds(change) as [string, string];
    return [
      {
        id: post,
        needs: [],
        waitsFor: [],
        blocked: () => 'not started',
        run: async () => {
          begin(change);
          const created = await call(() =>
            api.createNumber({
              number: change.number,
              type: change.type,
              ...fieldsWrittenBy(change.after, 'number'),
            }),
          );
          ({ number: bought, adopted } = created);
          purchased.set(change, bought.id);
          // An adopted number was bought by an earlier, ambiguous request: make all its fields ours.
          const writes = new Set<FieldWrite>(adopted ? ['number'] : []);
          if (bought.rtpDebug !== change.after.rtpDebug) writes.add('metadata');
          bought = (await write(bought, change, writes)) ?? bought;
          // Bought and not pending: done, whatever happens next (Ctrl-C included).
          if (!isPendingStatus(bought.status)) finish(change, bought.id, adopted);
        },
      },
      {
        id: settle,
        needs: [post],
        waitsFor: [],
        blocked: () => 'the purchase request did not succeed',
        run: async () => {
          if (!isPendingStatus(bought.status)) return;
          emit({ kind: 'purchase-pending', change, id: bought.id, status: bought.status });
          const active = await waitForPurchase(api, bought, {
            timeoutMs: options.waitTimeoutMs ?? APPLY_DEFAULTS.waitTimeoutMs,
            firstPollMs: options.firstPollMs ?? APPLY_DEFAULTS.firstPollMs,
            maxPollMs: options.maxPollMs ?? APPLY_DEFAULTS.maxPollMs,
            timing,
            signal,
            call,
          });
          finish(change, active.id, adopted);
        },
      },
    ];
  };

  const updateStep = (change: UpdateChange): Step => ({
    id: stepIds(change)[0]!,
    needs: [],
    waitsFor: posts,
    blocked: () => 'not started',
    run: async () => {
      begin(change);
      // VoIPBIN accepts changes to a number whose purchase is pending: nothing to wait for.
      await write(change, change, writesOf(change.changed));
      finish(change, change.id);
    },
  });

  const releaseStep = (change: DeleteChange): Step => ({
    id: stepIds(change)[0]!,
    needs: beforeReleases,
    waitsFor: [],
    blocked: (unfinished: readonly StepOutcome[]) => {
      const failed = unfinished.filter((o) => o.status === 'failed' && !isInterruption(o.error)).length;
      return failed > 0
        ? `release skipped because ${countNoun(failed, 'earlier change')} failed`
        : 'not started: interrupted';
    },
    run: async () => {
      begin(change);
      await call(() => api.deleteNumber(change.id));
      finish(change, change.id);
    },
  });

  const changeOf = new Map<string, PlannedChange>();
  const steps = plan.changes.flatMap((change): Step[] => {
    if (change.reason?.code === 'HELD') {
      result.held.push({ change, reason: change.reason.message });
      emit({ kind: 'skipped', change, reason: change.reason.message });
      return [];
    }
    const made =
      change.action === 'create'
        ? createSteps(change)
        : [change.action === 'update' ? updateStep(change) : releaseStep(change)];
    for (const step of made) changeOf.set(step.id, change);
    return made;
  });

  // A change ends with its first step that does not end done; later steps only repeat it.
  const ended = new Set<PlannedChange>();
  await runSteps(steps, signal, (step, outcome) => {
    const change = changeOf.get(step.id)!;
    const completed = result.completed.some((c) => c.change === change);
    if (outcome.status === 'done' || completed || ended.has(change)) return;
    ended.add(change);
    if (outcome.status === 'skipped') return skip(change, outcome.reason);
    if (isInterruption(outcome.error)) {
      const id = purchased.get(change);
      if (id === undefined) return skip(change, INTERRUPTED_MIDWAY);
      result.bought.push({ change, id });
      return emit({
        kind: 'skipped',
        change,
        reason: `bought [id=${id}]; stopped waiting for it to become active`,
      });
    }
    const e = toNumformError(outcome.error);
    result.failed.push({ change, message: e.message, hint: e.hint });
    emit({ kind: 'failed', change, message: e.message, hint: e.hint });
  });
  result.interrupted = signal.aborted;
  return result;

  function skip(change: PlannedChange, reason: string): void {
    result.skipped.push({ change, reason });
    emit({ kind: 'skipped', change, reason });
  }
}
