import {
  Composer,
  CST,
  Lexer,
  LineCounter,
  Parser,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** What a large file read in chunks gives: its data, and where each entry of `numbers` starts. */
export interface ChunkedParse {
  data: Record<string, unknown>;
  /** The offset of each entry of `numbers`, in order. */
  entryOffsets: number[];
  lineCounter: LineCounter;
  /** The file without its list (`numbers` empty), positions the file's: small, so it is kept. */
  head: Document.Parsed;
  /** Where each chunk of the list lies, and the index of its first entry. */
  chunks: { start: number; end: number; first: number }[];
}

/**
 * Entries composed at a time. A chunk's syntax tree is then gone before the garbage collector
 * would promote it to the old generation; with 500 the process peaked 40 MB higher at 50,000
 * numbers (and ran slower).
 */
export const ENTRIES_PER_CHUNK = 100;

const DOC_MODE = '\x02';
const SCALAR = '\x1f';
/** Syntax that could reach across entries, or that this reader does not follow: read whole. */
const WHOLE_FILE_ONLY = new Set([
  'anchor',
  'alias',
  'tag',
  'directive-line',
  'doc-start',
  'doc-end',
  'flow-error-end',
]);

/**
 * Reads a configuration whose top-level `numbers:` is a block list, composing its entries a chunk
 * at a time, so that at no point does the whole file's syntax tree exist: at 50,000 numbers that
 * tree is about 200 MB, a chunk's well under one. The file is lexed once; the lexemes of each chunk go to
 * a parser of their own, placed at the chunk's offset so every position is the file's. The rest
 * of the file (everything but the list) is composed as one document with `numbers` left empty.
 *
 * Returns undefined whenever this reading could differ from reading the file whole: anything it
 * does not follow (anchors, aliases, tags, directives, several documents, a list in flow style or
 * not at the top level) and any error or warning at all. The caller then reads the file whole,
 * which also reports every problem exactly as usual.
 */
export function parseInChunks(
  text: string,
  options: YamlOptions,
  entriesPerChunk = ENTRIES_PER_CHUNK,
): ChunkedParse | undefined {
  const rest = startDocument(options, 0);
  const chunks: { start: number; lexemes: string[]; entries: number }[] = [];
  let chunk: (typeof chunks)[number] | undefined;
  let region: 'head' | 'list' | 'tail' = 'head';
  let listIndent = -1;
  let numbersKeyLine = false;
  let awaitingList = false;
  let listEnd = text.length;

  let offset = 0;
  let flowDepth = 0;
  let docs = 0;
  let afterScalarMarker = false;
  // A block scalar's text comes as one lexeme after its header's line: never a line of its own.
  let inBlockScalar = false;
  // The lexemes of the current line before its first significant one, and that line's indent.
  let pending: string[] = [];
  let lineStart = 0;
  let indent = 0;
  let significantSeen = false;

  // What follows `numbers:` up to the first entry (its line end, blank and comment lines) is held
  // back and given to the rest of the file just before what follows the list, so that no item
  // there seems to start a list's length before its key (YAML limits an implicit key to 1,024).
  let between: string[] = [];
  const resumeRest = (at: number): void => {
    rest.skipTo(at - between.reduce((sum, l) => sum + l.length, 0));
    for (const l of between) rest.next(l);
    between = [];
  };
  const feed = (lexeme: string): void => {
    if (region === 'list') chunk!.lexemes.push(lexeme);
    else if (region === 'head' && awaitingList) between.push(lexeme);
    else rest.next(lexeme);
  };

  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === DOC_MODE) {
      if (++docs > 1) return undefined;
      feed(lexeme);
      continue;
    }
    if (lexeme === SCALAR) {
      // Zero-width: it belongs with the scalar that follows, wherever that goes.
      afterScalarMarker = true;
      pending.push(lexeme);
      continue;
    }
    const type = afterScalarMarker ? 'scalar' : CST.tokenType(lexeme);
    afterScalarMarker = false;
    if (type === null || WHOLE_FILE_ONLY.has(type)) return undefined;
    if (offset === 0 || text.charCodeAt(offset - 1) === 10) {
      lineStart = offset;
      indent = 0;
      significantSeen = false;
    }
    offset += lexeme.length;

    const blockText = inBlockScalar && type === 'scalar';
    if (type === 'block-scalar-header') inBlockScalar = true;
    if (blockText) inBlockScalar = false;
    if (significantSeen || flowDepth > 0 || blockText) {
      for (const l of pending) feed(l);
      pending = [];
      feed(lexeme);
    } else if (type === 'space' && offset - lexeme.length === lineStart + indent) {
      if (!/^ +$/.test(lexeme)) return undefined;
      indent += lexeme.length;
      pending.push(lexeme);
    } else if (type === 'newline' || type === 'comment' || type === 'space') {
      pending.push(lexeme);
      if (type === 'newline') {
        for (const l of pending) feed(l);
        pending = [];
      }
    } else {
      // The first significant lexeme of a line decides where the line belongs.
      significantSeen = true;
      const entryStart = type === 'seq-item-ind';
      if (region === 'head' && awaitingList) {
        if (!entryStart) return undefined;
        region = 'list';
        listIndent = indent;
      } else if (region === 'head') {
        numbersKeyLine = indent === 0 && type === 'scalar' && lexeme === 'numbers';
      } else if (region === 'list' && (indent < listIndent || (indent === listIndent && !entryStart))) {
        region = 'tail';
        listEnd = lineStart;
        resumeRest(listEnd);
      }
      if (region === 'list' && indent === listIndent && entryStart) {
        if (!chunk || chunk.entries === entriesPerChunk) {
          chunk = { start: lineStart, lexemes: [], entries: 0 };
          chunks.push(chunk);
        }
        chunk.entries++;
      }
      for (const l of pending) feed(l);
      pending = [];
      feed(lexeme);
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') flowDepth++;
    if (type === 'flow-map-end' || type === 'flow-seq-end') flowDepth--;
    // `numbers:` followed by nothing but a comment on its line: its value is the list below.
    if (numbersKeyLine && region === 'head') {
      if (type === 'map-value-ind') awaitingList = true;
      else if (awaitingList && type !== 'space' && type !== 'comment' && type !== 'newline') return undefined;
      if (type === 'newline') numbersKeyLine = false;
    }
  }
  for (const l of pending) feed(l);
  if (region === 'head') return undefined;
  if (region === 'list') resumeRest(text.length);

  const head = rest.finish(text.length);
  if (!head || typeof head.contents !== 'object') return undefined;
  const data = head.toJS() as unknown;
  if (!isPlainObject(data) || !('numbers' in data) || data.numbers !== null) return undefined;

  const entries: unknown[] = [];
  const entryOffsets: number[] = [];
  const bounds: ChunkedParse['chunks'] = [];
  for (const [i, c] of chunks.entries()) {
    const end = chunks[i + 1]?.start ?? listEnd;
    bounds.push({ start: c.start, end, first: entries.length });
    const doc = startDocument(options, c.start);
    doc.next(DOC_MODE);
    for (const l of c.lexemes) doc.next(l);
    const composed = doc.finish(end);
    const items = composed?.contents;
    const values = composed?.toJS() as unknown;
    if (!items || !('items' in items) || !Array.isArray(values) || values.length !== c.entries)
      return undefined;
    for (const item of items.items as { range?: [number, number, number] }[]) {
      if (!item?.range) return undefined;
      entryOffsets.push(item.range[0]);
    }
    entries.push(...(values as unknown[]));
  }
  data.numbers = entries;
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return { data, entryOffsets, lineCounter, head, chunks: bounds };
}

/**
 * One document composed from lexemes handed in one by one, its positions counted from `start`.
 * `skipTo` jumps over lexemes composed elsewhere; `finish` is the document, or undefined when it
 * has any error or warning (or is not exactly one document).
 */
function startDocument(options: YamlOptions, start: number) {
  const parser = new Parser();
  parser.offset = start;
  const composer = new Composer(options);
  const docs: Document.Parsed[] = [];
  return {
    next(lexeme: string): void {
      for (const token of parser.next(lexeme)) docs.push(...composer.next(token));
    },
    skipTo(offset: number): void {
      parser.offset = offset;
    },
    finish(end: number): Document.Parsed | undefined {
      for (const token of parser.end()) docs.push(...composer.next(token));
      docs.push(...composer.end(true, end));
      const [doc] = docs;
      if (docs.length !== 1 || doc!.errors.length > 0 || doc!.warnings.length > 0) return undefined;
      return doc;
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
