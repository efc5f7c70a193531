import { LineCounter, parseDocument, visit, type Node } from 'yaml';

/**
 * Where a file first uses a YAML alias (`*name`), as line and column, or undefined when it uses
 * none. Reordering keys can move an alias above its anchor, which YAML cannot read back.
 */
export function findFirstAlias(text: string): { line: number; col: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset);
}
