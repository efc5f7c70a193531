import type { Diagnostic } from '../errors/diagnostic.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import { countNoun } from '../model/count-noun.ts';

/**
 * The error of a configuration with problems: carries them all, found before any change (and,
 * unless `accountRead`, before any request: a large configuration is checked while the account
 * is read).
 */
export function invalidConfigError(
  diagnostics: readonly Diagnostic[],
  sources: readonly SourceText[],
  options: { accountRead?: boolean } = {},
): NumformError {
  const outcome = options.accountRead
    ? 'nothing was changed (only reads were sent)'
    : 'nothing was sent to VoIPBIN';
  return new NumformError(
    'INVALID_CONFIG',
    `The configuration has ${countNoun(diagnostics.length, 'problem')}; ${outcome}.`,
    {
      hint: 'Fix them and run again; `numform validate` checks the files offline.',
      diagnostics,
      sources,
    },
  );
}
