import { isMap, isNode, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { parseInChunks } from './parse-in-chunks.ts';
import type { SourceFile } from './read-sources.ts';

/** A parsed YAML file with what it takes to point at any of its nodes. */
export interface ParsedSource {
  file: string;
  text: string;
  /**
   * The YAML node at a data path (the document's top for `[]`), with the offset its positions
   * count from. A large file read in chunks keeps the file without its list, and parses again
   * only the chunk of the list that a question is about.
   */
  nodeAt(path: readonly (string | number)[]): { node: unknown; base: number };
  lineCounter: LineCounter;
  /** The plain data (`doc.toJS()`), or undefined when the file could not be read as YAML. */
  data: unknown;
  /** Where each entry of `numbers` starts, when known without the document. */
  entryOffsets?: readonly number[];
}

/**
 * From this size on a file is first read a chunk of entries at a time (see parseInChunks): its
 * whole syntax tree would take hundreds of megabytes at tens of thousands of numbers.
 */
export const CHUNKED_PARSE_MIN_BYTES = 256 * 1024;

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/** How many alias expansions a file may make before it is refused (YAML "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'YAML indents with spaces only; replace the tab with spaces.',
  DUPLICATE_KEY: 'Each key may appear once in a mapping; remove or merge the repeated one.',
  BAD_INDENT: 'Check the indentation: items of one list or mapping line up in the same column.',
  MULTIPLE_DOCS:
    'Keep one document per file: remove the `---`, or move what follows it into a file of its own (numform reads every file of a folder together).',
};

/** Problems the YAML library words for programmers, said for the user instead. */
const YAML_MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS: 'a second YAML document starts here; a numbers file holds one',
};

/** Parses a file's YAML; syntax errors, duplicate keys, tabs and alias bombs become issues. */
export function parseYamlSource(source: SourceFile): { parsed: ParsedSource; issues: Diagnostic[] } {
  const chunked = source.text.length >= CHUNKED_PARSE_MIN_BYTES ? readInChunks(source) : undefined;
  if (chunked) return { parsed: chunked, issues: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, ...YAML_OPTIONS });
  // The parser gives up on absurd nesting with a stack overflow. Whatever else it reports then
  // depends on how much stack was left, so that one problem is all the file gets.
  const overflow = doc.errors.find((e) => /Maximum call stack/.test(e.message));
  const issues: Diagnostic[] = (overflow ? [overflow] : doc.errors).map((e): Diagnostic => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    if (e === overflow) {
      return {
        severity: 'error',
        source: { file: source.file, line, col },
        code: 'NESTING_TOO_DEEP',
        message: 'the YAML nests lists or mappings too deeply to read',
        hint: 'A numbers file is a few levels deep; check that this is the file you meant.',
      };
    }
    const hint = YAML_HINTS[e.code];
    return {
      severity: 'error',
      source: { file: source.file, line, col },
      code: e.code === 'DUPLICATE_KEY' || e.code === 'TAB_AS_INDENT' ? e.code : 'YAML_SYNTAX',
      message: YAML_MESSAGES[e.code] ?? firstLine(e.message),
      ...(hint && { hint }),
    };
  });
  let data: unknown;
  if (issues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const alias = findFirstAlias(doc);
      const { line, col } = lineCounter.linePos(alias?.range?.[0] ?? 0);
      issues.push({
        severity: 'error',
        source: { file: source.file, line, col },
        code: 'ALIAS_LIMIT',
        message: `anchors and aliases expand beyond ${MAX_ALIAS_COUNT} nodes (${(error as Error).message})`,
        hint: 'Write the values out instead of nesting aliases.',
      });
    }
  }
  const nodeAt = (path: readonly (string | number)[]) => ({
    node: path.length === 0 ? doc.contents : doc.getIn(path, true),
    base: 0,
  });
  return { parsed: { file: source.file, text: source.text, nodeAt, lineCounter, data }, issues };
}

/**
 * A large file read in chunks, or undefined when it must be read whole (its layout, or any
 * problem at all, which the whole reading then reports as usual). Of the syntax tree only the
 * file without its list is kept; a chunk is parsed again only if a position inside it is needed.
 */
function readInChunks(source: SourceFile): ParsedSource | undefined {
  let chunked;
  try {
    chunked = parseInChunks(source.text, YAML_OPTIONS);
  } catch {
    return undefined; // absurd nesting overflows the stack: the whole reading says so
  }
  if (!chunked) return undefined;
  const { head, chunks } = chunked;
  const parsedChunks = new Map<number, Document.Parsed>();
  const nodeAt = (path: readonly (string | number)[]): { node: unknown; base: number } => {
    const [list, index, ...rest] = path;
    const chunk = list === 'numbers' && typeof index === 'number' ? findChunk(chunks, index) : undefined;
    if (!chunk) return { node: path.length === 0 ? head.contents : head.getIn(path, true), base: 0 };
    let doc = parsedChunks.get(chunk.start);
    if (!doc) {
      doc = parseDocument(source.text.slice(chunk.start, chunk.end), YAML_OPTIONS);
      parsedChunks.set(chunk.start, doc);
    }
    return { node: doc.getIn([(index as number) - chunk.first, ...rest], true), base: chunk.start };
  };
  return {
    file: source.file,
    text: source.text,
    data: chunked.data,
    entryOffsets: chunked.entryOffsets,
    lineCounter: chunked.lineCounter,
    nodeAt,
  };
}

/** The chunk holding the entry at `index`, if any. */
function findChunk<C extends { first: number }>(chunks: readonly C[], index: number): C | undefined {
  let low = 0;
  let high = chunks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (chunks[mid]!.first <= index) low = mid;
    else high = mid - 1;
  }
  const chunk = chunks[low];
  return chunk && chunk.first <= index ? chunk : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function findFirstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** The 1-based position of the node at a data path; with `key`, of that key in the mapping there. */
export function locatePath(
  parsed: ParsedSource,
  path: readonly (string | number)[],
  options: { key?: string } = {},
): { line: number; col: number } {
  let node: unknown;
  let base = 0;
  if (options.key !== undefined) {
    const map = parsed.nodeAt(path);
    if (isMap(map.node))
      node = map.node.items.find((p) => isScalar(p.key) && p.key.value === options.key)?.key;
    base = map.base;
  }
  for (let n = path.length; node === undefined && n >= 0; n--) {
    const candidate = parsed.nodeAt(path.slice(0, n));
    if (isNode(candidate.node)) ({ node, base } = candidate);
  }
  const offset = isNode(node) && node.range ? node.range[0] + base : 0;
  return parsed.lineCounter.linePos(offset);
}

/** The node at a data path, if it is a scalar. */
export function scalarAt(
  parsed: ParsedSource,
  path: readonly (string | number)[],
): { value: unknown; source?: string } | undefined {
  const { node } = parsed.nodeAt(path);
  if (!isScalar(node)) return undefined;
  return { value: node.value, ...(node.source !== undefined && { source: node.source }) };
}
