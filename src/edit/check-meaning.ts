import { checkSources } from '../config/load-config.ts';
import type { SourceFile } from '../config/read-sources.ts';
import { NumformError } from '../errors/numform-error.ts';
import { compareText } from '../model/compare-text.ts';
import type { DesiredState } from '../model/desired.ts';
import { digestOf } from '../plan/digest.ts';

/**
 * The meaning of a configuration, as a digest: its policy and its numbers, not where they are
 * written. With `anyOrder`, the order of the numbers does not count either.
 */
export function digestMeaning(desired: DesiredState, anyOrder = false): string {
  const numbers = anyOrder
    ? [...desired.numbers].sort((a, b) => compareText(a.number, b.number))
    : desired.numbers;
  return digestOf({ policy: desired.policy, numbers: numbers.map(({ source: _source, ...rest }) => rest) });
}

/**
 * Checks that rewritten files mean what the originals meant, before anything is written: a
 * rewrite that would change the configuration is a bug in numform, and stops with nothing written.
 */
export function checkSameMeaning(
  before: DesiredState,
  after: readonly SourceFile[],
  options: { anyOrder?: boolean; command: string },
): void {
  const checked = checkSources(after);
  const same =
    checked.desired !== undefined &&
    digestMeaning(checked.desired, options.anyOrder) === digestMeaning(before, options.anyOrder);
  if (!same) {
    throw new NumformError(
      'INTERNAL',
      `${options.command} would have changed what the configuration means; nothing was written.`,
      { hint: 'This is a bug in numform; please report it with the files you ran it on.' },
    );
  }
}
