/**
 * Glob patterns over E.164 strings, as used by `policy.unmanaged` and `policy.protect`:
 * `*` any run of characters, `?` one character, `[0-9]`/`[135]` a class. Everything else is literal.
 */

/** Why a pattern is not a valid glob, or undefined when it is. */
export function findGlobProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'an empty pattern matches nothing';
  let inClass = false;
  let classStart = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (inClass) {
      if (ch === ']') {
        if (i === classStart + 1) return `empty character class at column ${i + 1} of the pattern`;
        const reversed = findReversedRange(pattern.slice(classStart + 1, i));
        if (reversed) return `the range "${reversed}" is reversed; write it low to high, like [0-9]`;
        inClass = false;
      } else if (!/[0-9-]/.test(ch))
        return `"${ch}" cannot stand in a character class; use digits and ranges like [0-9]`;
    } else if (ch === '[') {
      inClass = true;
      classStart = i;
    } else if (ch === ']') return `unmatched "]" at position ${i + 1}`;
    else if (!/[+0-9*?]/.test(ch))
      return `"${ch}" cannot match a phone number; use digits, +, *, ? and [0-9]`;
  }
  if (inClass) return `unclosed "[" at position ${classStart + 1}`;
  return undefined;
}

/** The first range of a character class whose ends are out of order (`9-0`), if any. */
function findReversedRange(content: string): string | undefined {
  for (const [range, low, high] of content.matchAll(/(\d)-(\d)/g)) if (low! > high!) return range;
  return undefined;
}

/** Compiles a valid glob into an anchored RegExp. */
export function compileGlob(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i);
      re += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else re += ch === '+' ? '\\+' : ch;
  }
  return new RegExp(`^${re}$`);
}

/** Builds a predicate that tells whether a number matches any of the patterns. */
export function createGlobMatcher(patterns: readonly string[]): (number: string) => boolean {
  const regexps = patterns.map(compileGlob);
  return (number) => regexps.some((re) => re.test(number));
}
