import { describe, expect, it } from 'vitest';
import { formatDuration, formatElapsed } from '../../src/clock/format-duration.ts';

describe('durations as people read them', () => {
  it('formats elapsed time as Terraform does', () => {
    expect(formatElapsed(20_000)).toBe('00m20s');
    expect(formatElapsed(125_000)).toBe('02m05s');
    expect(formatElapsed(999)).toBe('00m00s');
  });

  it('formats how long something took', () => {
    expect(formatDuration(34_400)).toBe('34s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(600_000)).toBe('10m00s');
  });
});
