import { VoipbinClient } from '../api/client.ts';
import { DEFAULT_ENDPOINT } from '../api/endpoint.ts';
import type { RequestNotice, RetryNotice } from '../api/http.ts';
import { formatDuration } from '../clock/format-duration.ts';
import { NumformError } from '../errors/numform-error.ts';
import {
  keySource,
  resolveApiSettings,
  type ApiSettings,
  type CliContext,
  type GlobalOptions,
} from './context.ts';
import { formatRequestNotice, formatRetryNotice } from './debug-log.ts';
import type { CliIO } from './io.ts';

// Apart from context.ts so that commands which send no request (and --help) never load the HTTP
// client and its dependencies.

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
