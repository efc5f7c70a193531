import { NumformError } from '../errors/numform-error.ts';
import { redactSecrets } from '../errors/redact.ts';

/**
 * Refuses to write configuration text that holds a known secret (the access key, most likely
 * pasted into a number's name or detail in the console). Printed, it would be redacted and the
 * file would mean something else; written, the key would end up in git. Nothing is written.
 */
export function refuseSecretsInConfig(
  texts: readonly string[],
  secrets: readonly string[],
  command: string,
): void {
  // Exactly what redaction would touch, so its rule for short secrets holds here too.
  if (texts.every((text) => redactSecrets(text, secrets) === text)) return;
  throw new NumformError(
    'SECRET_IN_ACCOUNT_DATA',
    `A value in the account holds the access key (or another secret numform keeps out of output); ${command} wrote nothing.`,
    {
      hint: 'Find the number whose name or detail holds the key in the VoIPBIN console, change it, and rotate the key.',
    },
  );
}
