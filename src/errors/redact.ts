/** The text that stands where a secret was. */
export const REDACTED = '[REDACTED]';

/**
 * Removes every occurrence of the given secrets from a text. Used on anything that may be printed:
 * error messages, debug output, saved plans. Secrets under 4 characters are left alone: replacing
 * every "ab" would garble the text and protect nothing (no access key is that short).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
