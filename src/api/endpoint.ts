import { NumformError } from '../errors/numform-error.ts';

/** The API's public address. */
export const DEFAULT_ENDPOINT = 'https://api.voipbin.net/v1.0';

/** True for hosts on this machine, where plain http cannot leak the key to a network. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Checks an endpoint URL: it must parse, and plain http is allowed only on loopback, because the
 * access key travels in every request's cookie. Returns the URL without a trailing slash.
 */
export function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new NumformError('BAD_ENDPOINT', `The endpoint "${endpoint}" is not a URL.`, {
      hint: `Use the form ${DEFAULT_ENDPOINT}.`,
    });
  }
  if (url.username || url.password || url.search) {
    throw new NumformError('BAD_ENDPOINT', 'The endpoint must not carry credentials or a query string.', {
      hint: 'Give the access key with VOIPBIN_ACCESSKEY or --accesskey; numform sends it as a cookie, never in a URL.',
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new NumformError(
      'INSECURE_ENDPOINT',
      `Refusing plain http:// for ${url.host}: the access key would travel unencrypted.`,
      {
        hint: 'Use an https:// endpoint; plain http is accepted only for loopback (a local simulator).',
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NumformError('BAD_ENDPOINT', `The endpoint "${endpoint}" must be http(s).`);
  }
  return endpoint.replace(/\/+$/, '');
}
