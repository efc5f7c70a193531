import { CommanderError } from '@commander-js/extra-typings';
import { InterruptedError, toNumformError, type NumformError } from '../errors/numform-error.ts';
import type { StopSignal } from './io.ts';

/**
 * How a command ended without throwing: `differences` is a plan with changes under
 * `--detailed-exitcode`; `invalid` a configuration `validate` found problems in; `failed` an apply
 * with failed changes; `interrupted` an apply stopped by Ctrl-C or SIGTERM.
 */
export type Outcome = 'ok' | 'differences' | 'invalid' | 'failed' | 'interrupted';

/** The exit code of a run stopped by a signal, as shells expect: 128 + the signal's number. */
export function exitCodeForSignal(stopSignal: StopSignal): number {
  return stopSignal === 'SIGTERM' ? 143 : 130;
}

/**
 * The one place exit codes are decided: 0 success or no changes, 1 any error, 2 changes with
 * --detailed-exitcode (an error always wins), 130 after Ctrl-C and 143 after SIGTERM (`stoppedBy`
 * says which signal stopped the run).
 */
export function exitCodeFor(
  ending: Outcome | NumformError | CommanderError,
  stoppedBy: StopSignal = 'SIGINT',
): number {
  if (ending instanceof CommanderError) return ending.exitCode;
  if (ending instanceof InterruptedError || ending === 'interrupted') return exitCodeForSignal(stoppedBy);
  if (typeof ending !== 'string') return 1;
  return { ok: 0, differences: 2, invalid: 1, failed: 1 }[ending];
}

/**
 * What a thrown value means to the user: Ctrl-C or SIGTERM waking a wait (a retry's back-off while
 * planning, say) is a stop, not a bug; anything else not a NumformError is a bug.
 */
export function toEndingError(error: unknown, signal: AbortSignal): NumformError {
  const stopped =
    signal.aborted && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'));
  return stopped ? new InterruptedError('Interrupted; nothing was changed.') : toNumformError(error);
}
