import { CommanderError } from '@commander-js/extra-typings';
import { InterruptedError, type NumformError } from '../errors/numform-error.ts';

/**
 * How a command ended without throwing: `differences` is a plan with changes under
 * `--detailed-exitcode`; `invalid` a configuration `validate` found problems in; `failed` an apply
 * with failed changes; `interrupted` an apply stopped by Ctrl-C.
 */
export type Outcome = 'ok' | 'differences' | 'invalid' | 'failed' | 'interrupted';

/**
 * The one place exit codes are decided: 0 success or no changes, 1 any error, 2 changes with
 * --detailed-exitcode (an error always wins), 130 after Ctrl-C, as shells expect.
 */
export function exitCodeFor(ending: Outcome | NumformError | CommanderError): number {
  if (ending instanceof CommanderError) return ending.exitCode;
  if (ending instanceof InterruptedError) return 130;
  if (typeof ending !== 'string') return 1;
  return { ok: 0, differences: 2, invalid: 1, failed: 1, interrupted: 130 }[ending];
}
