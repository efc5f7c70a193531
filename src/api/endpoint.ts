import { NumformError } from '../errors/numform-error.ts';
import { quoteOutside } from '../errors/redact.ts';

/** The API's public address. */
export const DEFAULT_ENDPOINT = 'https://api.voipbin.net/v1.0';

/** True for hosts on this machine, where plain http cannot leak the key to a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The endpoint as an error may quote it: secrets redacted, and not at all when it has none of a
 * URL's marks (`.`, `/`, `:`), since that is what an access key pasted in the wrong place looks like.
 */
function quoteEndpoint(endpoint: string, secrets: readonly (string | undefined)[]): string {
  if (endpoint !== '' && !/[./:]/.test(endpoint)) {
    return 'given (not shown: it may be an access key pasted in the wrong place)';
  }
  return `"${quoteOutside(endpoint, secrets, 100)}"`;
}

/**
 * Checks an endpoint URL: it must parse, and plain http is allowed only on loopback, because the
 * access key travels in every request's cookie. Returns the URL without a trailing slash. `secrets`
 * are redacted from any message that quotes the endpoint.
 */
export function checkEndpoint(endpoint: string, secrets: readonly (string | undefined)[] = []): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new NumformError('BAD_ENDPOINT', `The endpoint ${quoteEndpoint(endpoint, secrets)} is not a URL.`, {
      hint: `Use the form ${DEFAULT_ENDPOINT}.`,
    });
  }
  // Any `?` or `#`: even a bare one, which parses to nothing, would end the path requests go to.
  if (url.username || url.password || /[?#]/.test(endpoint)) {
    throw new NumformError(
      'BAD_ENDPOINT',
      'The endpoint must not carry credentials, a query string or a fragment (`?…`, `#…`).',
      {
        hint: 'Give the access key with VOIPBIN_ACCESSKEY or --accesskey; numform sends it as a cookie, never in a URL.',
      },
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new NumformError(
      'INSECURE_ENDPOINT',
      `Refusing plain http:// for ${quoteOutside(url.host, secrets, 100)}: the access key would travel unencrypted.`,
      {
        hint: 'Use an https:// endpoint; plain http is accepted only for loopback (a local simulator).',
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NumformError(
      'BAD_ENDPOINT',
      `The endpoint ${quoteEndpoint(endpoint, secrets)} must be http(s).`,
    );
  }
  return endpoint.replace(/\/+$/, '');
}
