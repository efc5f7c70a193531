/**
 * VoIPBIN timestamps in every form the API and its docs use: RFC 3339 with or without a fraction
 * (the code's form), `null`, `""`, and the docs' legacy `2022-02-01 00:00:00.000000` with the
 * `9999-01-01 …` sentinel meaning "not yet". Times are handled as integer microseconds since the
 * epoch, because the server's page token compares at microsecond precision.
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses a timestamp to epoch microseconds; null for unset values. Throws on garbage. */
export function parseTimestampMicros(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) throw new Error(`unrecognised timestamp "${value}"`);
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  if (y!.startsWith('9999')) return null;
  let millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    millis -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const micros = Number(frac.padEnd(6, '0').slice(0, 6));
  return millis * 1000 + micros;
}

function formatBase(micros: number, separator: string): { base: string; fraction: string } {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2026-03-12T10:30:00.123Z
  const fraction = String(micros - Math.floor(micros / 1_000_000) * 1_000_000).padStart(6, '0');
  return { base: iso.slice(0, 19).replace('T', separator), fraction };
}

/** `2026-03-12T10:30:00.123456Z`: always six fraction digits (the page-token form). */
export function formatMicrosFixed(micros: number): string {
  const { base, fraction } = formatBase(micros, 'T');
  return `${base}.${fraction}Z`;
}

/** Go's RFC3339Nano: trailing zeros of the fraction trimmed, no dot when it is zero. */
export function formatMicrosGo(micros: number): string {
  const { base, fraction } = formatBase(micros, 'T');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${base}.${trimmed}Z` : `${base}Z`;
}

/** The docs' legacy form: `2022-02-01 00:00:00.000000`. */
export function formatMicrosLegacy(micros: number): string {
  const { base, fraction } = formatBase(micros, ' ');
  return `${base}.${fraction}`;
}

/** The legacy "not yet" sentinel. */
export const LEGACY_UNSET = '9999-01-01 00:00:00.000000';

/** Normalises any accepted timestamp to the fixed RFC 3339 form, or null. */
export function normalizeTimestamp(value: string | null | undefined): string | null {
  const fixed = value ? padUtcTimestamp(value) : undefined;
  if (fixed !== undefined) return fixed;
  const micros = parseTimestampMicros(value);
  return micros === null ? null : formatMicrosFixed(micros);
}

const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The fixed form of a UTC time the server wrote (Go's RFC3339Nano, as every number carries five):
 * the fraction padded or cut to six digits, without a round trip through Date, which made
 * reading a large account's numbers slow. Undefined for anything else (an offset, the legacy
 * form, a field out of range, a year outside 1970-2200), which takes that path: the two agree
 * wherever epoch microseconds fit a double exactly.
 */
function padUtcTimestamp(value: string): string | undefined {
  const m = UTC_TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  const inRange =
    year >= 1970 &&
    year <= 2200 &&
    days !== undefined &&
    Number(d) >= 1 &&
    Number(d) <= days &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 59;
  return inRange ? `${value.slice(0, 19)}.${frac.padEnd(6, '0').slice(0, 6)}Z` : undefined;
}
