import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-code.ts';
import { InterruptedError, NumformError, toNumformError } from '../../src/errors/numform-error.ts';

describe('NumformError', () => {
  it('carries a code, a message, a hint, and ends the CLI with exit code 1', () => {
    const error = new NumformError('SOME_CODE', 'went wrong', { hint: 'do this' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NumformError');
    expect([error.code, error.message, error.hint, exitCodeFor(error)]).toEqual([
      'SOME_CODE',
      'went wrong',
      'do this',
      1,
    ]);
    expect(error.cause).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('keeps a given cause and diagnostics, and names subclasses after themselves', () => {
    const cause = new Error('root');
    const diagnostics = [{ severity: 'error', code: 'BAD_UUID', message: 'x' }] as const;
    const error = new NumformError('X', 'm', { cause, diagnostics });
    expect(error.cause).toBe(cause);
    expect(error.diagnostics).toEqual(diagnostics);
    expect(new NumformError('X', 'm').diagnostics).toEqual([]);
    const interrupted = new InterruptedError();
    expect([interrupted.name, interrupted.code, interrupted.message, exitCodeFor(interrupted)]).toEqual([
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

describe('NumformError sources', () => {
  it('keeps the texts its diagnostics point into, and none when given none', () => {
    const sources = [{ file: 'a.yaml', text: 'numbers: []' }];
    expect(new NumformError('X', 'm', { sources }).sources).toEqual(sources);
    expect(new NumformError('X', 'm').sources).toEqual([]);
  });
});
