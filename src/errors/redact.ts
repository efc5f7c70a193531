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

// C0/C1 controls and the bidirectional overrides that can make a terminal line lie about itself.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * Makes a text that came from outside (a server's answer, a header, a network error) fit to print
 * on one line: secrets redacted, control characters and runs of blanks turned into one space, and
 * at most `maxChars` characters kept. Redaction comes first, so a secret cut by the limit cannot
 * leave a piece of itself behind.
 */
export function quoteOutside(text: string, secrets: readonly (string | undefined)[], maxChars = 200): string {
  const safe = redactSecrets(text, secrets).replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  return safe.length <= maxChars ? safe : `${safe.slice(0, Math.max(0, maxChars - 1))}…`;
}
