import { InvalidArgumentError } from '@commander-js/extra-typings';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const DURATION_EXAMPLE = 'write it like 30s, 10m or 1h';

/**
 * Parses `500ms`, `30s`, `10m`, `1h`, `1m30s` into milliseconds. Every part needs its unit (a bare
 * `600` could mean seconds or milliseconds); only `0` may go without one.
 */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new InvalidArgumentError(`"${text}" is not a duration; ${DURATION_EXAMPLE}.`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** A parser of durations from `minMs` to `maxMs` (timers cannot wait longer than about 24 days). */
export function parseDurationBetween(minMs: number, maxMs: number): (text: string) => number {
  return (text) => {
    const ms = parseDuration(text);
    if (ms < minMs || ms > maxMs) {
      throw new InvalidArgumentError(
        `expected a duration from ${wholeUnits(minMs)} to ${wholeUnits(maxMs)}; ${DURATION_EXAMPLE}.`,
      );
    }
    return ms;
  };
}

/** A parser of whole numbers from `min` to `max`, written in plain digits. */
export function parseIntBetween(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** A parser of numbers from `min` to `max`, in plain decimal digits (no exponent, no sign). */
export function parseNumberBetween(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = decimal(text);
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`expected a number from ${min} to ${max}.`);
    return n;
  };
}

/** The bounds of `--rate-limit`: a rate below this would wait minutes between requests. */
export const RATE_LIMIT_RANGE = { min: 0.1, max: 1000 } as const;

/** Parses `--rate-limit`: 0 turns the limit off; otherwise requests per second in a sane range. */
export function parseRateLimit(text: string): number {
  const n = decimal(text);
  if (n === 0 || (n >= RATE_LIMIT_RANGE.min && n <= RATE_LIMIT_RANGE.max)) return n;
  throw new InvalidArgumentError(
    `expected 0 (no limit) or requests per second from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}.`,
  );
}

/** `0`, `500ms`, `30s`, `24h`: a bound in the largest unit it is a whole number of. */
function wholeUnits(ms: number): string {
  if (ms === 0) return '0';
  const [unit, size] = Object.entries(UNITS)
    .sort((a, b) => b[1] - a[1])
    .find(([, size]) => ms % size === 0)!;
  return `${ms / size}${unit}`;
}

/** `12`, `0.5`: the number, or NaN for anything else (`''`, `1e-300`, `0x10`, `Infinity`, `-1`). */
function decimal(text: string): number {
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
}
