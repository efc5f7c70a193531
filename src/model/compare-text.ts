/**
 * Code-point order, the same on every machine and locale: what sorted output and the digests
 * computed over it need (`localeCompare` may differ between machines).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
