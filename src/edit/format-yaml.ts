import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type Pair, type YAMLMap } from 'yaml';
import { compareText } from '../model/compare-text.ts';
import { newlineOf } from './edit-entries.ts';
import { rankKey, type MappingKind } from './key-order.ts';

/** How `fmt` lays a file out. */
export interface FormatOptions {
  /** Sort each file's number entries by number (`fmt --sort`); off by default, since order may carry meaning to people. */
  sort?: boolean;
}

/** The layout every formatted file gets: two-space indents, lists indented under their key, no folding. */
const TO_STRING = { indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: false } as const;

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** Orders a mapping's pairs as the schema declares its keys; pairs carry their comments along. */
function orderKeys(node: unknown, kind: MappingKind): void {
  if (!isMap(node)) return;
  const ranked = node.items.map((pair, index) => ({ pair, index, rank: rankKey(kind, keyOf(pair)) }));
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const head = node.items[0]?.key;
  const first = ranked[0]?.pair.key;
  // A comment above the first key heads the mapping (a file's header): it stays on top.
  if (isScalar(head) && isScalar(first) && head !== first && head.commentBefore) {
    first.commentBefore = [head.commentBefore, first.commentBefore].filter(Boolean).join('\n');
    head.commentBefore = null;
  }
  node.items = ranked.map((r) => r.pair);
}

/**
 * A comment above a list entry's first key is written after the entry's dash (`- # …`), and reads
 * back as a comment above the entry: it goes there at once, so that a second fmt changes nothing.
 */
function liftFirstKeyComment(entry: YAMLMap): void {
  const first = entry.items[0]?.key;
  if (!isScalar(first) || !first.commentBefore) return;
  entry.commentBefore = [entry.commentBefore, first.commentBefore].filter(Boolean).join('\n');
  first.commentBefore = null;
}

/** Phone numbers and their globs are strings, always written in single quotes. */
function quote(node: unknown): void {
  if (isScalar(node) && typeof node.value === 'string') node.type = Scalar.QUOTE_SINGLE;
}

function numberOf(entry: unknown): string {
  const value = isMap(entry) ? entry.get('number') : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * Lays a parsed numbers file out canonically, in place: keys in the schema's order, phone numbers
 * and globs single-quoted, entries sorted by number when asked. Only the document's nodes are
 * moved and retyped, so comments and blank lines stay with what they annotate.
 */
export function formatDocument(doc: Document, options: FormatOptions = {}): void {
  const root = doc.contents;
  orderKeys(root, 'file');
  if (!isMap(root)) return;
  const policy = root.get('policy', true);
  orderKeys(policy, 'policy');
  if (isMap(policy)) {
    for (const key of ['scope', 'unmanaged', 'protect']) {
      const globs = policy.get(key, true);
      if (isSeq(globs)) globs.items.forEach(quote);
    }
  }
  orderKeys(root.get('defaults', true), 'defaults');
  const numbers = root.get('numbers', true);
  if (!isSeq(numbers)) return;
  for (const entry of numbers.items) {
    orderKeys(entry, 'number');
    if (!isMap(entry)) continue;
    quote(entry.get('number', true));
    liftFirstKeyComment(entry);
  }
  if (options.sort) numbers.items.sort((a, b) => compareText(numberOf(a), numberOf(b)));
}

/**
 * A numbers file's text in canonical layout (see formatDocument), with the file's own line ends
 * (a file written on Windows stays CRLF); the text must be valid YAML.
 */
export function formatYamlText(text: string, options: FormatOptions = {}): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  formatDocument(doc, options);
  const out = doc.toString(TO_STRING);
  return newlineOf(text) === '\r\n' ? out.replaceAll('\n', '\r\n') : out;
}
