import { Composer, CST, isMap, isScalar, isSeq, parse, Parser, type Document, type Scalar } from 'yaml';
import { rankKey } from './key-order.ts';

/** A value to write into one key of one number entry. */
export interface EntryEdit {
  /** The entry's index in the file's `numbers` list. */
  index: number;
  key: string;
  /** `null` only for a flow: "no flow", spelled as the configuration spells it. */
  value: string | boolean | null;
  /**
   * A key this one takes the place of (`call_flow` for `call_flow_id`): when the entry has it and
   * not `key`, it is renamed in place, so the line stays where the user put it.
   */
  replaces?: string;
}

/** Why an edit could not be made in place; the file is then left as it was. */
export class EditError extends Error {}

type ScalarType = Scalar.Type;

/**
 * The scalar style for a value: booleans plain; strings in the style they had when it reads the
 * value back, else plain when that reads back as the same string, else a block for several lines
 * and double quotes for one.
 */
function styleFor(value: string | boolean | null, previous: ScalarType | undefined): ScalarType {
  if (typeof value !== 'string') return 'PLAIN';
  if (previous && previous !== 'PLAIN') {
    const multiline = value.includes('\n');
    const block = previous === 'BLOCK_LITERAL' || previous === 'BLOCK_FOLDED';
    if (multiline === block || !block) return previous;
  }
  if (value.includes('\n')) return 'BLOCK_LITERAL';
  return parse(value) === value ? 'PLAIN' : 'QUOTE_DOUBLE';
}

function typeOf(token: CST.Token | undefined): ScalarType | undefined {
  if (!token) return undefined;
  if (token.type === 'single-quoted-scalar') return 'QUOTE_SINGLE';
  if (token.type === 'double-quoted-scalar') return 'QUOTE_DOUBLE';
  if (token.type === 'block-scalar') {
    const header = token.props[0];
    return header?.type === 'block-scalar-header' && header.source.startsWith('>')
      ? 'BLOCK_FOLDED'
      : 'BLOCK_LITERAL';
  }
  return token.type === 'scalar' ? 'PLAIN' : undefined;
}

function sourceOf(value: string | boolean | null): string {
  return typeof value === 'string' ? value : String(value);
}

/** The line end a file uses (CRLF when any of its lines ends so, else LF), so added lines match it. */
export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Adds `key: value` to a block mapping at the place the schema's key order gives it. */
function insertPair(map: CST.BlockMap, key: string, value: string | boolean | null, newline: string): void {
  const keyOf = (item: CST.BlockMap['items'][number]): string =>
    item.key && 'source' in item.key ? item.key.source : '';
  const rank = rankKey('number', key);
  let at = map.items.length;
  for (let i = map.items.length - 1; i >= 0; i--) {
    if (rankKey('number', keyOf(map.items[i]!)) <= rank) break;
    at = i;
  }
  // Nothing goes before the first key: it follows the list's "- ".
  if (at === 0) at = 1;
  const indent = map.indent;
  const previous = map.items[at - 1]!;
  const endsLine = (token: CST.Token | undefined): boolean => {
    if (!token) return false;
    if (token.type === 'block-scalar') return true;
    const end = 'end' in token ? token.end : undefined;
    return end?.some((t) => t.type === 'newline') ?? false;
  };
  if (!endsLine(previous.value)) {
    // The file's last line, without a line break: give it one before the new line.
    const last = previous.value;
    const flowScalar =
      last?.type === 'scalar' ||
      last?.type === 'single-quoted-scalar' ||
      last?.type === 'double-quoted-scalar';
    if (!flowScalar || at !== map.items.length) {
      throw new EditError('the entry is not laid out one key per line');
    }
    last.end ??= [];
    last.end.push({ type: 'newline', offset: -1, indent, source: newline });
  }
  const valueToken = CST.createScalarToken(sourceOf(value), {
    indent: indent + 2,
    type: styleFor(value, undefined),
    end: [{ type: 'newline', offset: -1, indent, source: newline }],
  });
  map.items.splice(at, 0, {
    start: [{ type: 'space', offset: -1, indent: 0, source: ' '.repeat(indent) }],
    key: { type: 'scalar', offset: -1, indent, source: key },
    sep: [
      { type: 'map-value-ind', offset: -1, indent, source: ':' },
      { type: 'space', offset: -1, indent, source: ' ' },
    ],
    value: valueToken,
  });
}

/** The entry mapping at `index` of the document's `numbers`, as a block mapping of the CST. */
function entryAt(doc: Document, index: number): { node: ReturnType<typeof findEntry>; token: CST.BlockMap } {
  const node = findEntry(doc, index);
  const token = node.srcToken;
  if (token?.type !== 'block-map') throw new EditError(`entry ${index + 1} is not a block mapping`);
  return { node, token };
}

function findEntry(doc: Document, index: number) {
  const root = doc.contents;
  const numbers = isMap(root) ? root.get('numbers', true) : undefined;
  const entry = isSeq(numbers) ? numbers.items[index] : undefined;
  if (!isMap(entry)) throw new EditError(`there is no entry ${index + 1} under numbers`);
  return entry;
}

/**
 * Writes values into number entries by editing the file's syntax tree in place: only the scalars
 * named change (or a line is added for a key the entry lacks), so comments, order, quoting and
 * layout everywhere else stay byte for byte.
 */
export function editEntries(text: string, edits: readonly EntryEdit[]): string {
  const tokens = [...new Parser().parse(text)];
  const docs = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
  if (docs.length !== 1) throw new EditError('the file does not hold exactly one YAML document');
  const doc = docs[0]!;
  const newline = newlineOf(text);
  for (const edit of edits) {
    const { node, token } = entryAt(doc, edit.index);
    const pair =
      node.items.find((p) => isScalar(p.key) && p.key.value === edit.key) ??
      (edit.replaces === undefined
        ? undefined
        : node.items.find((p) => isScalar(p.key) && p.key.value === edit.replaces));
    if (!pair) {
      insertPair(token, edit.key, edit.value, newline);
      continue;
    }
    if (!isScalar(pair.key) || !isScalar(pair.value) || !pair.key.srcToken || !pair.value.srcToken) {
      throw new EditError(`${edit.key} of entry ${edit.index + 1} is not a plain key and value`);
    }
    if (pair.key.value !== edit.key) CST.setScalarValue(pair.key.srcToken, edit.key, { implicitKey: true });
    const previous = typeOf(pair.value.srcToken);
    CST.setScalarValue(pair.value.srcToken, sourceOf(edit.value), {
      afterKey: true,
      type: styleFor(edit.value, previous),
    });
  }
  const out = tokens.map((t) => CST.stringify(t)).join('');
  checkEdits(out, edits);
  return out;
}

/** Reads the edited text back: each edited key must hold its new value, or nothing is written. */
function checkEdits(text: string, edits: readonly EntryEdit[]): void {
  const data = parse(text) as { numbers?: Record<string, unknown>[] } | null;
  for (const edit of edits) {
    const got = data?.numbers?.[edit.index]?.[edit.key];
    if (got !== edit.value) throw new EditError(`${edit.key} of entry ${edit.index + 1} did not read back`);
  }
}
