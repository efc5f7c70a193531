import { describe, expect, it } from 'vitest';
import {
  formatMicrosFixed,
  formatMicrosGo,
  formatMicrosLegacy,
  normalizeTimestamp,
  parseTimestampMicros,
} from '../../src/api/timestamps.ts';

describe('timestamps', () => {
  it.each([
    ['2026-03-12T10:30:00.123456Z', '2026-03-12T10:30:00.123456Z'],
    ['2026-03-12T10:30:00Z', '2026-03-12T10:30:00.000000Z'],
    ['2026-03-12T10:30:00.5Z', '2026-03-12T10:30:00.500000Z'],
    ['2026-03-12T10:30:00.123456789Z', '2026-03-12T10:30:00.123456Z'],
    ['2026-03-12T12:30:00+02:00', '2026-03-12T10:30:00.000000Z'],
    ['2022-02-01 00:00:00.000000', '2022-02-01T00:00:00.000000Z'],
  ])('reads %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each([[null], [''], ['9999-01-01 00:00:00.000000'], ['9999-01-01T00:00:00Z']])(
    'reads %s as unset',
    (input) => {
      expect(parseTimestampMicros(input)).toBeNull();
    },
  );

  it('rejects garbage', () => {
    expect(() => parseTimestampMicros('yesterday')).toThrow(/unrecognised timestamp/);
  });

  it('writes the three forms', () => {
    const micros = Date.UTC(2026, 2, 12, 10, 30, 0) * 1000 + 120_000;
    expect(formatMicrosFixed(micros)).toBe('2026-03-12T10:30:00.120000Z');
    expect(formatMicrosGo(micros)).toBe('2026-03-12T10:30:00.12Z');
    expect(formatMicrosGo(micros - 120_000)).toBe('2026-03-12T10:30:00Z');
    expect(formatMicrosLegacy(micros)).toBe('2026-03-12 10:30:00.120000');
  });
});
