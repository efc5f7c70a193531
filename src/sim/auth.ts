import type { IncomingMessage } from 'node:http';
import type { KeyCheck } from './access-keys.ts';
import { SimHttpError } from './sim-error.ts';

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

/**
 * Authenticate middleware: a token (cookie, query, Bearer) wins over an accesskey (cookie, query).
 * `checkKey` says what the account makes of an access key: only a `valid` one gets in; an unknown
 * and an expired one get the same 401.
 */
export function authenticate(
  req: IncomingMessage,
  url: URL,
  checkKey: (key: string) => KeyCheck,
  jwt: string | undefined,
  customerId: string,
): string | SimHttpError {
  const cookies = parseCookies(req.headers.cookie);
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = cookies.get('token') ?? url.searchParams.get('token') ?? bearer;
  const invalid = new SimHttpError(
    401,
    'UNAUTHENTICATED',
    'INVALID_CREDENTIALS',
    'The provided credentials are invalid.',
  );
  if (token !== undefined && token !== null && token !== '')
    return jwt !== undefined && token === jwt ? customerId : invalid;
  const key = cookies.get('accesskey') ?? url.searchParams.get('accesskey');
  if (key === undefined || key === null || key === '') {
    return new SimHttpError(401, 'UNAUTHENTICATED', 'AUTHENTICATION_REQUIRED', 'Authentication is required.');
  }
  return checkKey(key) === 'valid' ? customerId : invalid;
}
