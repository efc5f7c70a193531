import { Document, isMap, isSeq, visit } from 'yaml';
import { NIL_UUID, type CurrentNumber, type Flow } from '../model/number.ts';

/** How to write an export. */
export interface ExportOptions {
  /** Write flow names where they are unique (ids elsewhere). */
  flowNames: boolean;
  /** The schema reference for the first line (a path relative to the file, or a URL). */
  schemaRef: string;
  /** A comment line under the schema line, saying where the export came from. */
  origin?: string;
}

function describeFacts(n: CurrentNumber): string {
  const facts = [
    n.type,
    `status ${n.status}`,
    `t38 ${n.t38Enabled ? 'on' : 'off'}`,
    `emergency ${n.emergencyEnabled ? 'on' : 'off'}`,
  ];
  if (n.tmPurchase) facts.push(`purchased ${n.tmPurchase.slice(0, 10)}`);
  if (n.tmRenew) facts.push(`renewed ${n.tmRenew.slice(0, 10)}`);
  return ` ${facts.join(', ')}`;
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

  const sorted = [...numbers].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  const entries = sorted.map((n) => {
    const entry: Record<string, unknown> = { number: n.number };
    if (n.name !== '') entry.name = n.name;
    if (n.detail !== '') entry.detail = n.detail;
    for (const [key, id] of [
      ['call_flow', n.callFlowId],
      ['message_flow', n.messageFlowId],
    ] as const) {
      if (id === NIL_UUID) continue;
      const name = options.flowNames ? nameOf.get(id) : undefined;
      if (name !== undefined) entry[key] = name;
      else entry[`${key}_id`] = id;
    }
    if (n.rtpDebug) entry.rtp_debug = true;
    return entry;
  });

  const doc = new Document({ version: 1, numbers: entries });
  doc.commentBefore = [
    ` yaml-language-server: $schema=${options.schemaRef}`,
    ...(options.origin ? [` ${options.origin}`] : []),
  ].join('\n');
  const seq = doc.get('numbers', true);
  if (isSeq(seq)) {
    seq.items.forEach((item, i) => {
      if (isMap(item)) item.commentBefore = describeFacts(sorted[i]!);
    });
  }
  // YAML 1.1 tools read these plain words as booleans or null: quote them for every reader.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /^(y|yes|n|no|on|off|true|false|null|~)$/i.test(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}
