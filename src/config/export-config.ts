import { Document, isMap, isScalar, visit } from 'yaml';
import { quoteOutside } from '../errors/redact.ts';
import { FIELD_NAMES, MANAGED_FIELDS, NUMBER_FIELDS, type ManagedField } from '../model/number-fields.ts';
import type { CurrentNumber, Flow } from '../model/number.ts';
import { compareText } from '../model/compare-text.ts';

/** How to write an export. */
export interface ExportOptions {
  /** Write flow names where they are unique (ids elsewhere). */
  flowNames: boolean;
  /** The schema reference for the first line (a path relative to the file, or a URL). */
  schemaRef: string;
  /** A comment line under the schema line, saying where the export came from. */
  origin?: string;
  /**
   * The customer the numbers were read from: written as `policy.account`, so the export plans
   * only against that account. The name, if given, is a comment beside the id.
   */
  account?: { id: string; name?: string };
  /**
   * Flow fields whose "no flow" is written out (`call_flow: null`), because a file the entries
   * are meant for sets that flow in its defaults: left out, the default would fill it.
   */
  spellNoFlow?: readonly ManagedField[];
  /** `policy.scope` of the export (the caller selected the numbers): written so it plans only those. */
  scope?: readonly string[];
}

/** Read-only facts as a comment: type, status, then each read-only field that has a value. */
function describeFacts(n: CurrentNumber): string {
  const facts = [n.type, `status ${n.status}`];
  for (const name of FIELD_NAMES) {
    const spec = NUMBER_FIELDS[name];
    const value = n[name];
    if (spec.write !== 'read-only' || value === null) continue;
    facts.push(`${spec.label} ${typeof value === 'boolean' ? (value ? 'on' : 'off') : value.slice(0, 10)}`);
  }
  return ` ${facts.join(', ')}`;
}

/**
 * A number's declared fields as configuration keys, leaving out empty values (but writing
 * `call_flow: null` for the flows in `spellNoFlow`).
 */
function toEntry(
  n: CurrentNumber,
  flowName: (id: string) => string | undefined,
  spellNoFlow: readonly ManagedField[],
): Record<string, unknown> {
  const entry: Record<string, unknown> = { number: n.number };
  for (const name of MANAGED_FIELDS) {
    const spec = NUMBER_FIELDS[name];
    const value = n[name];
    if (value === spec.empty) {
      if (spec.kind === 'flow' && spellNoFlow.includes(name)) entry[spec.label] = null;
      continue;
    }
    // A flow by name reads `call_flow: Main IVR`; by id, `call_flow_id: …`.
    const byName = spec.kind === 'flow' ? flowName(value as string) : undefined;
    if (byName !== undefined) entry[spec.label] = byName;
    else entry[spec.wire] = value;
  }
  return entry;
}

/**
 * Writes the account's numbers as a configuration that validates and plans to "No changes":
 * numbers sorted, empty fields left out, read-only facts as comments (not keys), and the schema
 * line first so editors validate it. Pure: the caller reads the account.
 */
export function renderExport(
  numbers: readonly CurrentNumber[],
  flows: readonly Flow[],
  options: ExportOptions,
): string {
  const nameCount = new Map<string, number>();
  for (const f of flows) nameCount.set(f.name, (nameCount.get(f.name) ?? 0) + 1);
  const nameOf = new Map(
    flows.filter((f) => f.name !== '' && nameCount.get(f.name) === 1).map((f) => [f.id, f.name]),
  );

  const sorted = [...numbers].sort((a, b) => compareText(a.number, b.number));
  const flowName = (id: string): string | undefined => (options.flowNames ? nameOf.get(id) : undefined);
  const entries = sorted.map((n) => toEntry(n, flowName, options.spellNoFlow ?? []));

  const policy = {
    ...(options.scope && { scope: [...options.scope] }),
    ...(options.account && { account: options.account.id }),
  };
  const pin = Object.keys(policy).length === 0 ? {} : { policy };
  const doc = new Document({ version: 1, ...pin, numbers: [] });
  const name = options.account?.name === undefined ? '' : quoteOutside(options.account.name, [], 80);
  if (name !== '') {
    const policy = doc.get('policy', true);
    const account = isMap(policy) ? policy.get('account', true) : undefined;
    if (isScalar(account)) account.comment = ` ${name}`;
  }
  doc.commentBefore = [
    ` yaml-language-server: $schema=${options.schemaRef}`,
    ...(options.origin ? [` ${options.origin}`] : []),
  ].join('\n');
  const head = renderDocument(doc);
  if (entries.length === 0) return head;
  // The list is written an entry at a time: through the document, 10,000 entries took half a
  // second after the account's last page.
  const list = entries.map((entry, i) => `  #${describeFacts(sorted[i]!)}\n${renderEntry(entry)}`);
  return `${head.slice(0, -EMPTY_LIST.length)}numbers:\n${list.join('')}`;
}

const EMPTY_LIST = 'numbers: []\n';

/** A document as exports write it: no folding, and words other YAML readers misread quoted. */
export function renderDocument(doc: Document): string {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      if (NUMBER_LIKE.test(node.value)) node.type = 'QUOTE_SINGLE';
      else if (YAML_11_WORD.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/**
 * Phone numbers and their globs, single-quoted as `fmt` writes them (a `+` or `*` reads like YAML
 * syntax to people), so that an export is already formatted.
 */
const NUMBER_LIKE = /^\+[0-9*?[\]-]*$/;
/** Words YAML 1.1 tools read as booleans or null: quoted for every reader. */
const YAML_11_WORD = /^(y|yes|n|no|on|off|true|false|null|~)$/i;

function mustQuote(text: string): boolean {
  return NUMBER_LIKE.test(text) || YAML_11_WORD.test(text);
}

/** Text YAML writes plain and reads back as the same text: a word, a name, a flow id. */
const PLAIN =
  /^(?:[A-Za-z_][A-Za-z0-9 _.,()/@-]*[A-Za-z0-9_.)]|[A-Za-z_]|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Words `mustQuote` double-quotes that need no escapes inside the quotes. */
const QUOTED_WORD = /^[A-Za-z~]+$/;

/**
 * One entry of the export's list, as `renderDocument` writes it under `numbers:`: by hand when
 * every value is one of the simple kinds (nearly always), else through a document of its own.
 */
export function renderEntry(entry: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    let text: string | undefined;
    if (typeof value === 'boolean' || value === null) text = String(value);
    else if (typeof value === 'string' && NUMBER_LIKE.test(value)) text = `'${value}'`;
    else if (typeof value === 'string' && YAML_11_WORD.test(value) && QUOTED_WORD.test(value))
      text = `"${value}"`;
    else if (typeof value === 'string' && PLAIN.test(value) && !mustQuote(value)) text = value;
    if (text === undefined) {
      const alone = renderDocument(new Document([entry]));
      return alone.replace(/^(?=.)/gm, '  ');
    }
    lines.push(`${lines.length === 0 ? '  - ' : '    '}${key}: ${text}\n`);
  }
  return lines.join('');
}
