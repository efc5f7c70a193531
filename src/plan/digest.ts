import { createHash } from 'node:crypto';

/**
 * Adds every object key met anywhere in the value to `keys`. An item already written is skipped
 * where the digest writes items one by one (down to STREAMED_DEPTH), as its text is used there.
 */
function collectKeys(value: unknown, keys: Set<string>, written?: WrittenItems, depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > 0 && depth <= STREAMED_DEPTH && written?.has(value)) return;
  const json = (value as { toJSON?: unknown }).toJSON;
  // What toJSON gives is written whole, by JSON.stringify: every key in it counts.
  if (typeof json === 'function') return collectKeys((json as () => unknown).call(value), keys);
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, keys, written, depth + 1);
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    keys.add(key);
    collectKeys((value as Record<string, unknown>)[key], keys, written, depth + 1);
  }
}

/**
 * JSON with object keys sorted at every level: equal data gives equal text. Every key of the
 * value, sorted once, is handed to `JSON.stringify` as its property list: it then writes each
 * object's keys in that fixed order, natively, instead of copying every object into a sorted one
 * (which made digests of large accounts slow). The text is the same as the copying gave.
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  collectKeys(value, keys);
  // A listed key is looked up through the prototype too: `__proto__` would find Object.prototype.
  if (keys.has('__proto__')) return JSON.stringify(value, sortEachObject);
  return JSON.stringify(value, orderKeys(keys));
}

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The order the first digests wrote keys in: they were sorted in code-unit order (as `compareText`
 * sorts) into a fresh object, where JavaScript puts array-index keys first, in numeric order.
 */
function orderKeys(keys: Iterable<string>): string[] {
  const indexes: string[] = [];
  const names: string[] = [];
  for (const key of keys) {
    if (ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1) indexes.push(key);
    else names.push(key);
  }
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...names.sort()];
}

/** The slow way, for the one key the fixed order cannot serve. */
function sortEachObject(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
  return v;
}

/**
 * `sha256:` and the hex digest of the canonical JSON of a value. The text is hashed as it is
 * written, an array item at a time, never whole: the state of 50,000 numbers is tens of
 * megabytes of JSON, which would otherwise be held at once just to be hashed.
 */
export function digestOf(value: unknown, written?: WrittenItems): string {
  const hash = createHash('sha256');
  const keys = new Set<string>();
  collectKeys(value, keys, written);
  // Only containers are streamed; a scalar, or an object the fixed key order cannot serve, is
  // written whole (and small or rare).
  if (!keys.has('__proto__') && isStreamed(value, 0)) {
    // Pieces are gathered into about 64 KiB before hashing: a call per number cost more than the
    // hashing itself.
    let pending = '';
    writeCanonical(
      value,
      orderKeys(keys),
      (text) => {
        pending += text;
        if (pending.length >= HASH_CHUNK) {
          hash.update(pending);
          pending = '';
        }
      },
      0,
      written,
    );
    hash.update(pending);
  } else hash.update(canonicalJson(value) ?? '');
  return `sha256:${hash.digest('hex')}`;
}

const HASH_CHUNK = 64 * 1024;

/** How deep the containers are written piece by piece; below that, each value is written whole. */
const STREAMED_DEPTH = 2;

function isStreamed(value: unknown, depth: number): value is object {
  return depth < STREAMED_DEPTH && typeof value === 'object' && value !== null && !('toJSON' in value);
}

/** Writes what `JSON.stringify(value, order)` would for a container, in pieces. */
function writeCanonical(
  value: object,
  order: string[],
  write: (text: string) => void,
  depth: number,
  written: WrittenItems | undefined,
): void {
  // Each item is written after `prefix`; JSON leaves out a member it cannot write (undefined, a
  // function) and writes null for such an array item.
  const writeItem = (item: unknown, prefix: string, orElse: string | undefined): boolean => {
    const known = written?.textOf(item);
    if (known !== undefined) {
      write(prefix + known);
      return true;
    }
    if (isStreamed(item, depth + 1)) {
      write(prefix);
      writeCanonical(item, order, write, depth + 1, written);
      return true;
    }
    const text = (JSON.stringify(item, order) as string | undefined) ?? orElse;
    if (text === undefined) return false;
    write(prefix + text);
    return true;
  };
  if (Array.isArray(value)) {
    write('[');
    value.forEach((item: unknown, i) => writeItem(item, i > 0 ? ',' : '', 'null'));
    write(']');
    return;
  }
  write('{');
  let first = true;
  for (const key of order) {
    // Looked up as JSON.stringify looks up a listed key (through the prototype too).
    if (
      writeItem(
        (value as Record<string, unknown>)[key],
        `${first ? '' : ','}${JSON.stringify(key)}:`,
        undefined,
      )
    ) {
      first = false;
    }
  }
  write('}');
}

/**
 * The canonical JSON of items worked out ahead of a digest: the numbers of an account as their
 * pages arrive, while the client waits for the next page, rather than all of them after the last.
 * An item's text is the one the digest would write: sorting its own keys orders them as sorting
 * every key of the value does. Items must not change once added.
 */
export class WrittenItems {
  private readonly texts = new WeakMap<object, string>();

  /**
   * Writes each item's canonical JSON now. Items that share keys share their order, so it is
   * worked out once for all of them; items the fixed key order cannot serve are left to the digest.
   */
  add(items: readonly object[]): void {
    const plain = items.filter((item) => !('toJSON' in item));
    const keys = new Set<string>();
    for (const item of plain) collectKeys(item, keys);
    if (keys.has('__proto__')) return;
    const order = orderKeys(keys);
    for (const item of plain) this.texts.set(item, JSON.stringify(item, order));
  }

  has(item: object): boolean {
    return this.texts.has(item);
  }

  textOf(item: unknown): string | undefined {
    return typeof item === 'object' && item !== null ? this.texts.get(item) : undefined;
  }
}
