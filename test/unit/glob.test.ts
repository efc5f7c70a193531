import { describe, expect, it } from 'vitest';
import { createGlobMatcher, findGlobProblem } from '../../src/model/glob.ts';

describe('number globs', () => {
  it('matches with *, ? and classes', () => {
    const match = createGlobMatcher(['+1555*', '+899100?00001', '+44[1-3]0']);
    expect(match('+15551234567')).toBe(true);
    expect(match('+15561234567')).toBe(false);
    expect(match('+899100500001')).toBe(true);
    expect(match('+4420')).toBe(true);
    expect(match('+4440')).toBe(false);
  });

  it.each([
    ['', /empty/],
    ['+1[55', /unclosed/],
    ['+1]5', /unmatched/],
    ['+1 555*', /cannot match/],
    ['+1[]', /empty character class/],
    ['+1[a-z]', /cannot stand in a character class/],
  ])('says why %j is not a glob', (pattern, why) => {
    expect(findGlobProblem(pattern)).toMatch(why);
  });

  it('accepts valid patterns', () => {
    expect(findGlobProblem('+8991000*')).toBeUndefined();
  });
});
