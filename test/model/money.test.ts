import { describe, expect, it } from 'vitest';
import { listSome } from '../../src/model/count-noun.ts';
import { dollarsToMicros, formatDollars } from '../../src/model/money.ts';

describe('formatDollars', () => {
  it.each([
    [0, '$0.00'],
    [5_000_000, '$5.00'],
    [12_500_000, '$12.50'],
    [10_000, '$0.01'],
    [1_234_567_890_000, '$1,234,567.89'],
    [999_000_000, '$999.00'],
    [1_000_000_000, '$1,000.00'],
    [-2_500_000, '-$2.50'],
    // Below a cent is shown, not rounded away: a shortfall of $0.004 is a shortfall.
    [4_000, '$0.004'],
    [1_234_500, '$1.2345'],
    [1, '$0.000001'],
    [-1, '-$0.000001'],
  ])('%d micros read %s', (micros, text) => {
    expect(formatDollars(micros)).toBe(text);
  });
});

describe('dollarsToMicros', () => {
  it('gives whole micros, whatever floating point does to the product', () => {
    expect(dollarsToMicros(5)).toBe(5_000_000);
    expect(dollarsToMicros(0.07)).toBe(70_000);
    expect(dollarsToMicros(19.99)).toBe(19_990_000);
    expect(Number.isInteger(dollarsToMicros(0.1 + 0.2))).toBe(true);
  });
});

describe('listSome', () => {
  it('lists up to the maximum, then says how many more', () => {
    expect(listSome([])).toBe('');
    expect(listSome(['a', 'b'])).toBe('a, b');
    expect(listSome(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c, d, e');
    expect(listSome(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
    expect(listSome(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});
