import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliIO } from './io.ts';
import type { Outcome } from './exit-code.ts';
import { DEFAULT_ENDPOINT } from '../api/endpoint.ts';
import { DEFAULT_RATE_PER_SECOND } from '../api/rate-limiter.ts';
import { NumformError } from '../errors/numform-error.ts';
import type { DebugLog } from './debug-log.ts';

/** What every command gets: the process edges, and a way to say how it ended without throwing. */
export interface CliContext {
  io: CliIO;
  /** Records how a command ended; `run.ts` turns that into the exit code. */
  end(outcome: Outcome): void;
  /** Secrets to keep out of every line printed. */
  secrets: string[];
  /** The support log of `NUMFORM_LOG=debug`; absent otherwise. */
  debug?: DebugLog | undefined;
}

/** The global options every command shares, declared in `program.ts`. */
export interface GlobalOptions {
  endpoint?: string | undefined;
  accesskey?: string | undefined;
  rateLimit?: number | undefined;
  /** `--request-timeout`, in ms. */
  requestTimeout?: number | undefined;
  maxNumbers?: number | undefined;
  color?: boolean;
}

/** The global options as a command sees them: read and typed here, once, for every command. */
export function readGlobalOptions(cmd: CommandUnknownOpts): GlobalOptions {
  const o: Record<string, unknown> = cmd.optsWithGlobals();
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    endpoint: text(o.endpoint),
    accesskey: text(o.accesskey),
    rateLimit: typeof o.rateLimit === 'number' ? o.rateLimit : undefined,
    requestTimeout: typeof o.requestTimeout === 'number' ? o.requestTimeout : undefined,
    maxNumbers: typeof o.maxNumbers === 'number' ? o.maxNumbers : undefined,
    color: o.color !== false,
  };
}

/** Where and how to reach the API, after flags and environment were weighed (flag > env > default). */
export interface ApiSettings {
  endpoint: string;
  accessKey: string;
  ratePerSecond: number;
  /** How long one request may take before it is retried (the client's default when absent). */
  requestTimeoutMs?: number;
  /** The most numbers a listing may hold before numform gives up on it. */
  maxListed: number;
}

/** The default of `--max-numbers`: far above any real account, low enough to bound memory. */
export const DEFAULT_MAX_NUMBERS = 100_000;

/** Resolves the API settings; a missing key is an error that says where to put one. */
export function resolveApiSettings(globals: GlobalOptions, env: CliIO['env']): ApiSettings {
  const accessKey = globals.accesskey ?? env.VOIPBIN_ACCESSKEY ?? env.VN_ACCESS_KEY;
  if (!accessKey) {
    throw new NumformError('NO_ACCESS_KEY', 'No VoIPBIN access key was given.', {
      hint: 'Set VOIPBIN_ACCESSKEY (or VN_ACCESS_KEY), or pass --accesskey. Create keys in the VoIPBIN admin console.',
    });
  }
  // A key travels in a cookie: a space, a line break, a non-ASCII character or a cookie separator
  // cannot be in a real key (most likely pasted along with it), and would never reach the server.
  if (!/^[\x21-\x7e]+$/.test(accessKey) || /[;,"\\]/.test(accessKey)) {
    throw new NumformError(
      'BAD_ACCESS_KEY',
      `The access key given in ${keySource(globals, env)} has a character no key has (a space, a line break, a non-ASCII character or one of ; , " \\); it is not shown.`,
      { hint: 'Copy the key again from the VoIPBIN admin console, with nothing around it.' },
    );
  }
  return {
    endpoint: globals.endpoint ?? env.VOIPBIN_ENDPOINT ?? DEFAULT_ENDPOINT,
    accessKey,
    ratePerSecond: globals.rateLimit ?? DEFAULT_RATE_PER_SECOND,
    ...(globals.requestTimeout !== undefined && { requestTimeoutMs: globals.requestTimeout }),
    maxListed: globals.maxNumbers ?? DEFAULT_MAX_NUMBERS,
  };
}

/** Where the access key came from, for messages and the debug log (never the key itself). */
export function keySource(globals: GlobalOptions, env: CliIO['env']): string {
  if (globals.accesskey !== undefined) return '--accesskey';
  return env.VOIPBIN_ACCESSKEY ? 'VOIPBIN_ACCESSKEY' : 'VN_ACCESS_KEY';
}

/** True when colours may be used on this sink: a terminal, no NO_COLOR, no --no-color. */
export function shouldUseColor(
  globals: GlobalOptions,
  env: CliIO['env'],
  isTTY: boolean | undefined,
): boolean {
  if (globals.color === false || env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY === true && env.TERM !== 'dumb';
}
