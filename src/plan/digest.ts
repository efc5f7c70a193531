import { compareText } from '../model/compare-text.ts';
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareText(a, b)),
      );
    }
    return v;
  });
}

/** `sha256:` and the hex digest of the canonical JSON of a value. */
export function digestOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}
