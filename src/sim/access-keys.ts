import { createHash, randomUUID } from 'node:crypto';
import type { SimAccessKey, SimState } from './sim-types.ts';

/** How many characters of a key the server keeps in clear, to list it by. */
export const TOKEN_PREFIX_LENGTH = 11;

/** The SHA-256 hex digest the server stores instead of a key. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The key's first characters, as GET /accesskeys lists them. */
export function tokenPrefixOf(token: string): string {
  return token.slice(0, TOKEN_PREFIX_LENGTH);
}

/** What the authenticate middleware makes of an access key. */
export type KeyCheck = 'valid' | 'expired' | 'unknown';

/** An unknown key and an expired one both end in 401 INVALID_CREDENTIALS; `tm_expire` passed is strictly before now. */
export function checkAccessKey(state: SimState, token: string, nowMicros: number): KeyCheck {
  const hash = hashToken(token);
  const key = state.accessKeys.find((k) => k.tokenHash === hash);
  if (!key) return 'unknown';
  return key.tmExpire !== null && key.tmExpire < nowMicros ? 'expired' : 'valid';
}

/**
 * Makes sure the account holds the key the simulator was started with, adding it when missing,
 * and sets its expiry when one is given (`null`: never). Returns its entry.
 */
export function ensureAccessKey(
  state: SimState,
  token: string,
  nowMicros: number,
  expiresAt?: number | null,
): SimAccessKey {
  const hash = hashToken(token);
  let key = state.accessKeys.find((k) => k.tokenHash === hash);
  if (!key) {
    key = {
      id: randomUUID(),
      name: 'simulator key',
      tokenPrefix: tokenPrefixOf(token),
      tokenHash: hash,
      tmExpire: null,
      tmCreate: nowMicros,
    };
    state.accessKeys.push(key);
  }
  if (expiresAt !== undefined) key.tmExpire = expiresAt;
  return key;
}
