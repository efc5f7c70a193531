import { isMap, isNode, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.ts';
import { parseInChunks } from './parse-in-chunks.ts';
import type { SourceFile } from './read-sources.ts';

/** A parsed YAML file with what it takes to point at any of its nodes. */
export interface ParsedSource {
  file: string;
  text: string;
  /** The whole document; a large file read in chunks is parsed whole only when this is asked for. */
  readonly doc: Document.Parsed;
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
      message: firstLine(e.message),
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
  return { parsed: { file: source.file, text: source.text, doc, lineCounter, data }, issues };
}

/**
 * A large file read in chunks, or undefined when it must be read whole (its layout, or any
 * problem at all, which the whole reading then reports as usual). Nothing of the syntax tree is
 * kept: the document is parsed again only if a problem found later needs a position.
 */
function readInChunks(source: SourceFile): ParsedSource | undefined {
  let chunked;
  try {
    chunked = parseInChunks(source.text, YAML_OPTIONS);
  } catch {
    return undefined; // absurd nesting overflows the stack: the whole reading says so
  }
  if (!chunked) return undefined;
  let whole: Document.Parsed | undefined;
  return {
    file: source.file,
    text: source.text,
    data: chunked.data,
    entryOffsets: chunked.entryOffsets,
    lineCounter: chunked.lineCounter,
    get doc() {
      whole ??= parseDocument(source.text, YAML_OPTIONS);
      return whole;
    },
  };
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
  if (options.key !== undefined) {
    const map = parsed.doc.getIn(path, true);
    if (isMap(map)) node = map.items.find((p) => isScalar(p.key) && p.key.value === options.key)?.key;
  }
  for (let n = path.length; node === undefined && n >= 0; n--) {
    const candidate = n === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, n), true);
    if (isNode(candidate)) node = candidate;
  }
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  return parsed.lineCounter.linePos(offset);
}

/** The node at a data path, if it is a scalar. */
export function scalarAt(
  parsed: ParsedSource,
  path: readonly (string | number)[],
): { value: unknown; source?: string } | undefined {
  const node = parsed.doc.getIn(path, true);
  if (!isScalar(node)) return undefined;
  return { value: node.value, ...(node.source !== undefined && { source: node.source }) };
}
