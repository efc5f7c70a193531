import type { Diagnostic } from '../errors/diagnostic.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import { countNoun } from '../model/count-noun.ts';

/** When the problems were found: what the error can promise was left undone. */
const OUTCOMES = {
  'before-requests': 'nothing was sent to VoIPBIN',
  // A large configuration is checked while the account is read.
  'while-reading': 'nothing was changed (only reads were sent)',
  // fmt and pull check a file before they rewrite it.
  'before-writing': 'no file was written',
} as const;

/** The error of a configuration with problems: carries them all, found before any change. */
export function invalidConfigError(
  diagnostics: readonly Diagnostic[],
  sources: readonly SourceText[],
  options: { found?: keyof typeof OUTCOMES } = {},
): NumformError {
  const outcome = OUTCOMES[options.found ?? 'before-requests'];
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
