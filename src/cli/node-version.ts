// Plain syntax only: this module runs before anything else, on whatever Node the user has, so that
// an old Node hears what numform needs instead of failing deep inside a dependency.

/** The oldest Node numform runs on (its HTTP client, undici 7, needs this one). */
export const MINIMUM_NODE = '20.18.1';

/**
 * A message for a Node older than {@link MINIMUM_NODE}, or undefined when `version` (like
 * `process.versions.node`) is recent enough.
 */
export function describeOldNode(version: string): string | undefined {
  const have = version.split('.').map(Number);
  const need = MINIMUM_NODE.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] || 0;
    const n = need[i] || 0;
    if (h > n) return undefined;
    if (h < n) {
      return (
        'numform needs Node.js ' +
        MINIMUM_NODE +
        ' or newer; this is Node.js ' +
        version +
        '.\nInstall a current Node.js (20 LTS or later) and run numform again.\n'
      );
    }
  }
  return undefined;
}
