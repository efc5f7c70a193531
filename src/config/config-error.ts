import type { Diagnostic } from '../errors/diagnostic.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { SourceText } from '../errors/render-diagnostics.ts';
import { countNoun } from '../model/count-noun.ts';

/** The error of a configuration with problems: carries them all, found before any request. */
export function invalidConfigError(
  diagnostics: readonly Diagnostic[],
  sources: readonly SourceText[],
): NumformError {
  return new NumformError(
    'INVALID_CONFIG',
    `The configuration has ${countNoun(diagnostics.length, 'problem')}; nothing was sent to VoIPBIN.`,
    {
      hint: 'Fix them and run again; `numform validate` checks the files offline.',
      diagnostics,
      sources,
    },
  );
}
