import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['0', 0],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10 minutes', 'm10', '5x', '1m 30s', '250'])('refuses %j with an example', (text) => {
    expect(() => parseDuration(text)).toThrow(/write it like 30s, 10m or 1h/);
  });
});
