import { describe, expect, it } from 'vitest';
import { quoteOutside, REDACTED, redactSecrets } from '../../src/errors/redact.ts';

describe('redactSecrets', () => {
  it('marks the place of a secret with [REDACTED]', () => {
    expect(REDACTED).toBe('[REDACTED]');
    expect(redactSecrets('cookie: accesskey=vb_live_0123456789', ['vb_live_0123456789'])).toBe(
      'cookie: accesskey=[REDACTED]',
    );
  });

  it('replaces every occurrence of every secret', () => {
    const text = 'key=abcd; again abcd; token=wxyz-123 then abcd';
    expect(redactSecrets(text, ['abcd', 'wxyz-123'])).toBe(
      'key=[REDACTED]; again [REDACTED]; token=[REDACTED] then [REDACTED]',
    );
  });

  it('redacts short secrets of four characters', () => {
    expect(redactSecrets('k=k3y9!', ['k3y9'])).toBe('k=[REDACTED]!');
  });

  it('ignores empty, missing and three-character secrets, which would shred ordinary text', () => {
    const text = 'the abc of it';
    expect(redactSecrets(text, ['', undefined, 'abc'])).toBe(text);
  });

  it('treats secrets as plain text, not as patterns', () => {
    expect(redactSecrets('a.b*c+d and axbbcd', ['a.b*c+d'])).toBe('[REDACTED] and axbbcd');
  });

  it('returns the text unchanged when it holds no secret', () => {
    expect(redactSecrets('nothing here', ['vb_secret'])).toBe('nothing here');
  });
});

describe('quoteOutside', () => {
  const KEY = 'vb_live_0123456789abcdef';

  it('redacts before it clips, so a secret across the limit leaves no piece behind', () => {
    const text = `${'x'.repeat(186)}${KEY} and more`;
    const quoted = quoteOutside(text, [KEY], 200);
    expect(quoted).toBe(`${'x'.repeat(186)}[REDACTED] an…`);
    expect(quoted).not.toContain(KEY.slice(0, 8));
  });

  it('turns control characters, bidi overrides and runs of blanks into one space', () => {
    expect(quoteOutside('a\u001b[31mb\r\n\t c\u202ed\u0000', [])).toBe('a [31mb c d');
  });

  it('keeps a short text whole, and marks a clipped one with an ellipsis', () => {
    expect(quoteOutside('short', [], 5)).toBe('short');
    expect(quoteOutside('longer', [], 5)).toBe('long…');
  });
});
