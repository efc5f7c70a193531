/** `34s`, `2m05s`, `10m`: how long something took, or may take. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const rest = s % 60;
  return `${Math.floor(s / 60)}m${rest === 0 ? '' : `${String(rest).padStart(2, '0')}s`}`;
}

/** Terraform's `00m20s`: time elapsed so far. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}m${String(s % 60).padStart(2, '0')}s`;
}
