/**
 * The one error base class of numform. Every failure a user can meet is a NumformError with a
 * stable `code` (for scripts and tests), a `message` (what went wrong), an optional `hint`
 * (what to do next) and the `exitCode` the CLI ends with. Only `src/cli` turns it into an exit.
 */
export class NumformError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    options: { hint?: string | undefined; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Ctrl-C: the run stopped starting new work; exits 130 as shells expect. */
export class InterruptedError extends NumformError {
  constructor(message = 'Interrupted.') {
    super('INTERRUPTED', message, { exitCode: 130 });
  }
}

/** Turns anything thrown into a NumformError, keeping unknown errors as INTERNAL bugs. */
export function toNumformError(error: unknown): NumformError {
  if (error instanceof NumformError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NumformError('INTERNAL', `Unexpected error: ${message}`, {
    hint: 'This is a bug in numform; please report it with the command you ran.',
    cause: error,
  });
}
