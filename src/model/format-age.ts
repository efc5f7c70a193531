/**
 * How long ago, in the largest whole unit: `40s`, `12m`, `5h`, `3d`. For ages of days (a purchase
 * pending since an earlier run), not for timing work: see the clock's formatDuration for that.
 */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
