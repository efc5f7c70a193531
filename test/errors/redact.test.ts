import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../src/errors/redact.ts';

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
