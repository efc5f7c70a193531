import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMicrosFixed,
  formatMicrosGo,
  LEGACY_UNSET,
  normalizeTimestamp,
  parseTimestampMicros,
} from '../../src/api/timestamps.ts';

describe('timestamps: offsets and anchors', () => {
  it.each([
    ['2026-03-12T16:00:00+05:30', '2026-03-12T10:30:00.000000Z'],
    ['2026-03-12T16:00:00+0530', '2026-03-12T10:30:00.000000Z'],
    ['2026-03-12T07:00:00-03:30', '2026-03-12T10:30:00.000000Z'],
    ['2026-03-12T05:30:00-0500', '2026-03-12T10:30:00.000000Z'],
    ['2026-03-12T10:30:00+00:00', '2026-03-12T10:30:00.000000Z'],
    ['2026-03-12 16:00:00.250000+05:30', '2026-03-12T10:30:00.250000Z'],
    ['2026-03-12T10:30:00.000001Z', '2026-03-12T10:30:00.000001Z'],
    ['  2026-03-12T10:30:00Z  ', '2026-03-12T10:30:00.000000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it('keeps microseconds exactly', () => {
    expect(parseTimestampMicros('1970-01-01T00:00:01.000002Z')).toBe(1_000_002);
    expect(parseTimestampMicros('1970-01-01T00:00:00.9Z')).toBe(900_000);
    expect(parseTimestampMicros('1970-01-01T01:00:00+01:00')).toBe(0);
    expect(parseTimestampMicros('1970-01-01T00:00:00-00:01')).toBe(60_000_000);
  });

  it.each([
    'x2026-03-12T10:30:00Z',
    '2026-03-12T10:30:00Zjunk',
    '2026-03-12T10:30:00+05:30:00',
    '2026-03-12T10:30Z',
    '2026-3-12T10:30:00Z',
    '26-03-12T10:30:00Z',
    '2026-03-12X10:30:00Z',
    '2026-03-12T10:30:00.Z',
    '2026-03-12T10:30:00.1234567890Z',
    '2026-03-12T10:30:00+5:30',
  ])('refuses %s', (input) => {
    expect(() => parseTimestampMicros(input)).toThrow(`unrecognised timestamp "${input}"`);
  });

  it('trims only the trailing zeros of the Go form', () => {
    expect(formatMicrosGo(Date.UTC(2026, 2, 12) * 1000 + 102_000)).toBe('2026-03-12T00:00:00.102Z');
  });

  it('reads every "not yet" form as unset', () => {
    expect(LEGACY_UNSET).toBe('9999-01-01 00:00:00.000000');
    expect(normalizeTimestamp(LEGACY_UNSET)).toBeNull();
    expect(normalizeTimestamp('9999-12-31T23:59:59Z')).toBeNull();
    expect(normalizeTimestamp(undefined)).toBeNull();
    expect(normalizeTimestamp('1999-01-01T00:00:00Z')).toBe('1999-01-01T00:00:00.000000Z');
  });
});

describe('timestamps: the quick path for UTC times agrees with the general one', () => {
  const general = (value: string): string | null => {
    const micros = parseTimestampMicros(value);
    return micros === null ? null : formatMicrosFixed(micros);
  };
  const digits = (n: number, max: number) =>
    fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));

  it('for any UTC time the server could write, and for fields out of range', () => {
    const utc = fc
      .tuple(
        // Past 2255 epoch microseconds outgrow a double, so the general path is exact only below.
        digits(4, 2200),
        digits(2, 99),
        digits(2, 99),
        digits(2, 99),
        digits(2, 99),
        digits(2, 99),
        fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
      )
      .map(
        ([y, mo, d, h, mi, s, frac]) =>
          `${y}-${mo}-${d}T${h}:${mi}:${s}${frac === undefined ? '' : `.${frac}`}Z`,
      );
    fc.assert(
      fc.property(utc, (value) => {
        expect(normalizeTimestamp(value)).toBe(general(value));
      }),
      {
        numRuns: 5_000,
      },
    );
  });

  it('for real times around month ends, leap days and the years the general path reads differently', () => {
    for (const value of [
      '2024-02-29T23:59:59.999999Z',
      '2023-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-12-31T23:59:59.1Z',
      '0099-01-01T00:00:00Z',
      '9999-01-01T00:00:00Z',
      '2026-03-12T10:30:00.123456789Z',
    ]) {
      expect(normalizeTimestamp(value), value).toBe(general(value));
    }
    expect(normalizeTimestamp('2024-02-29T23:59:59.5Z')).toBe('2024-02-29T23:59:59.500000Z');
    expect(normalizeTimestamp('2023-02-29T00:00:00Z')).toBe('2023-03-01T00:00:00.000000Z');
  });
});
