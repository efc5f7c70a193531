/** How a step ended. */
export type StepOutcome =
  { status: 'done' } | { status: 'failed'; error: unknown } | { status: 'skipped'; reason: string };

/**
 * One unit of apply's work and its edges (Terraform's graph): it starts after every step in
 * `waitsFor` has ended, however it ended, and runs only if every step in `needs` is done;
 * otherwise it is skipped, and `blocked` says why.
 */
export interface Step {
  id: string;
  needs: readonly string[];
  waitsFor: readonly string[];
  run: () => Promise<void>;
  /** Why this step did not run, given the needed steps that did not end done. */
  blocked: (unfinished: readonly StepOutcome[]) => string;
}

/** How the steps ended, by id. */
export type StepOutcomes = ReadonlyMap<string, StepOutcome>;

/**
 * Runs steps as soon as their prerequisites are done, each at most once, all others alongside
 * (the API client and the caller's concurrency limit pace the requests). Once `signal` aborts,
 * no step starts: it is skipped as interrupted. Never throws; a step's error is its outcome.
 */
export async function runSteps(
  steps: readonly Step[],
  signal: AbortSignal,
  onEnd: (step: Step, outcome: StepOutcome) => void = () => undefined,
): Promise<StepOutcomes> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const step of steps) {
    for (const id of [...step.needs, ...step.waitsFor]) {
      if (!byId.has(id)) throw new Error(`step ${step.id} waits for an unknown step ${id}`);
    }
  }
  const running = new Map<string, Promise<StepOutcome>>();
  const visiting = new Set<string>();

  const start = (step: Step): Promise<StepOutcome> => {
    const known = running.get(step.id);
    if (known) return known;
    if (visiting.has(step.id)) throw new Error(`steps wait for each other in a cycle at ${step.id}`);
    visiting.add(step.id);
    const needed = step.needs.map((id) => start(byId.get(id)!));
    const awaited = step.waitsFor.map((id) => start(byId.get(id)!));
    const outcome = (async (): Promise<StepOutcome> => {
      const [before] = await Promise.all([Promise.all(needed), Promise.all(awaited)]);
      const ended = await settle(step, before, signal);
      onEnd(step, ended);
      return ended;
    })();
    running.set(step.id, outcome);
    return outcome;
  };

  const ended = await Promise.all(steps.map(async (s) => [s.id, await start(s)] as const));
  return new Map(ended);
}

async function settle(step: Step, needed: readonly StepOutcome[], signal: AbortSignal): Promise<StepOutcome> {
  const unfinished = needed.filter((o) => o.status !== 'done');
  if (unfinished.length > 0) return { status: 'skipped', reason: step.blocked(unfinished) };
  if (signal.aborted) return { status: 'skipped', reason: 'not started: interrupted' };
  try {
    await step.run();
    return { status: 'done' };
  } catch (error) {
    return { status: 'failed', error };
  }
}
