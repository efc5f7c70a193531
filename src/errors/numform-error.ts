import type { Diagnostic } from './diagnostic.ts';
import type { SourceText } from './render-diagnostics.ts';
import packageJson from '../../package.json' with { type: 'json' };

/** What a NumformError may carry besides its message. */
export interface NumformErrorOptions {
  hint?: string | undefined;
  cause?: unknown;
  /** The problems behind this error, each rendered (with its location) under it. */
  diagnostics?: readonly Diagnostic[];
  /** The texts those diagnostics point into, for code frames. */
  sources?: readonly SourceText[];
}

/**
 * The one error base class of numform. Every failure a user can meet is a NumformError with a
 * stable `code` (for scripts and tests), a `message` (what went wrong), an optional `hint`
 * (what to do next) and the diagnostics behind it. Only `src/cli` turns it into an exit code.
 */
export class NumformError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: readonly SourceText[];

  constructor(code: string, message: string, options: NumformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.diagnostics = options.diagnostics ?? [];
    this.sources = options.sources ?? [];
  }
}

/** Ctrl-C: the run stopped starting new work; exits 130 as shells expect. */
export class InterruptedError extends NumformError {
  constructor(message = 'Interrupted.') {
    super('INTERRUPTED', message);
  }
}

/** Turns anything thrown into a NumformError, keeping unknown errors as INTERNAL bugs. */
export function toNumformError(error: unknown): NumformError {
  if (error instanceof NumformError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NumformError('INTERNAL', `Unexpected error: ${message}`, {
    hint: `This is a bug in numform; please report it at ${packageJson.bugs.url} with the command you ran.`,
    cause: error,
  });
}
