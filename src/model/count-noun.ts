/** "problem" or "problems": a noun in the number its count asks for (regular plurals only). */
export function pluralize(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

/** "1 problem", "3 problems": a count with its noun in the right number. */
export function countNoun(count: number, noun: string): string {
  return `${count} ${pluralize(count, noun)}`;
}

/** "a, b, c and 2 more": at most `max` items of a list, and how many were left out. */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
