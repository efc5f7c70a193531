import { describe, expect, it } from 'vitest';
import { InterruptedError, NumformError, toNumformError } from '../../src/errors/numform-error.ts';

describe('NumformError', () => {
  it('carries a code, a message, a hint and exit code 1 by default', () => {
    const error = new NumformError('SOME_CODE', 'went wrong', { hint: 'do this' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NumformError');
    expect([error.code, error.message, error.hint, error.exitCode]).toEqual([
      'SOME_CODE',
      'went wrong',
      'do this',
      1,
    ]);
    expect(error.cause).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('keeps a given exit code and cause, and names subclasses after themselves', () => {
    const cause = new Error('root');
    const error = new NumformError('X', 'm', { exitCode: 3, cause });
    expect(error.exitCode).toBe(3);
    expect(error.cause).toBe(cause);
    const interrupted = new InterruptedError();
    expect([interrupted.name, interrupted.code, interrupted.message, interrupted.exitCode]).toEqual([
      'InterruptedError',
      'INTERRUPTED',
      'Interrupted.',
      130,
    ]);
    expect(new InterruptedError('Stopped.').message).toBe('Stopped.');
  });
});

describe('toNumformError', () => {
  it('passes a NumformError through unchanged', () => {
    const error = new NumformError('X', 'm');
    expect(toNumformError(error)).toBe(error);
  });

  it('wraps anything else as an INTERNAL bug, keeping the cause', () => {
    const cause = new TypeError('x is undefined');
    const wrapped = toNumformError(cause);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('Unexpected error: x is undefined');
    expect(wrapped.hint).toMatch(/bug in numform/);
    expect(wrapped.cause).toBe(cause);
    expect(toNumformError('plain string').message).toBe('Unexpected error: plain string');
  });
});
