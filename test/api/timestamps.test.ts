import { describe, expect, it } from 'vitest';
import {
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
