/** "1 problem", "3 problems": a count with its noun in the right number (regular plurals only). */
export function countNoun(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
