import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliIO } from './io.ts';
import type { Outcome } from './exit-code.ts';
import { DEFAULT_ENDPOINT } from '../api/endpoint.ts';
import { VoipbinClient } from '../api/client.ts';
import { DEFAULT_RATE_PER_SECOND } from '../api/rate-limiter.ts';
import type { RequestNotice, RetryNotice } from '../api/http.ts';
import { formatDuration } from '../clock/format-duration.ts';
import { NumformError } from '../errors/numform-error.ts';
import { formatRequestNotice, formatRetryNotice, type DebugLog } from './debug-log.ts';

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
    maxNumbers: typeof o.maxNumbers === 'number' ? o.maxNumbers : undefined,
    color: o.color !== false,
  };
}

/** Where and how to reach the API, after flags and environment were weighed (flag > env > default). */
export interface ApiSettings {
  endpoint: string;
  accessKey: string;
  ratePerSecond: number;
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
  return {
    endpoint: globals.endpoint ?? env.VOIPBIN_ENDPOINT ?? DEFAULT_ENDPOINT,
    accessKey,
    ratePerSecond: globals.rateLimit ?? DEFAULT_RATE_PER_SECOND,
    maxListed: globals.maxNumbers ?? DEFAULT_MAX_NUMBERS,
  };
}

/**
 * Refuses an endpoint that is not an http(s) URL without quoting it: a value that is not a URL may
 * well be the access key pasted into the wrong variable, and the key is then registered as a
 * secret so nothing printed later carries it either.
 */
function checkEndpointShape(globals: GlobalOptions, env: CliIO['env'], secrets: string[]): void {
  const endpoint = globals.endpoint ?? env.VOIPBIN_ENDPOINT;
  if (endpoint === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return;
  secrets.push(endpoint);
  const where = globals.endpoint !== undefined ? '--endpoint' : 'VOIPBIN_ENDPOINT';
  throw new NumformError(
    'BAD_ENDPOINT',
    `The endpoint given in ${where} is not an http(s) URL (its value is not shown: it may be a secret).`,
    {
      hint: `Use the form ${DEFAULT_ENDPOINT}; the access key belongs in VOIPBIN_ACCESSKEY or --accesskey.`,
    },
  );
}

/** Builds the API client for a command and registers its key as a secret. */
export function createClient(
  ctx: CliContext,
  globals: GlobalOptions,
): { client: VoipbinClient; settings: ApiSettings } {
  checkEndpointShape(globals, ctx.io.env, ctx.secrets);
  const settings = resolveApiSettings(globals, ctx.io.env);
  ctx.secrets.push(settings.accessKey);
  const { signal, timing } = ctx.io;
  const { debug } = ctx;
  const onRetry = (r: RetryNotice): void => {
    debug?.(formatRetryNotice(r));
    ctx.io.stderr.write(`Retrying ${r.operation} in ${formatDuration(r.delayMs)} (${r.reason})...\n`);
  };
  debug?.(
    `api: endpoint ${settings.endpoint}, access key from ${keySource(globals, ctx.io.env)}, ` +
      `rate limit ${settings.ratePerSecond || 'off'}${settings.ratePerSecond ? '/s' : ''}, at most ${settings.maxListed} numbers`,
  );
  return {
    client: new VoipbinClient({
      ...settings,
      signal,
      onRetry,
      ...(debug && { onRequest: (r: RequestNotice) => debug(formatRequestNotice(r)) }),
      ...(timing && { timing }),
    }),
    settings,
  };
}

/** Where the access key came from, for the debug log (never the key itself). */
function keySource(globals: GlobalOptions, env: CliIO['env']): string {
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
