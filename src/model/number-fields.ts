import { NIL_UUID } from './number.ts';

/**
 * What a field holds: `text` (a string, "" when empty), `flow` (a flow id, the nil UUID for "no
 * flow"; declared by name or by id), `flag` (a boolean) or `time` (an RFC 3339 string or null).
 */
export type FieldKind = 'text' | 'flow' | 'flag' | 'time';

/** The value a field of each kind holds in memory. */
export interface FieldValueOf {
  text: string;
  flow: string;
  flag: boolean;
  time: string | null;
}

/**
 * How a field is written: `number` by PUT /numbers/{id} (which replaces name, detail and both
 * flows at once), `metadata` by PUT /numbers/{id}/metadata, `read-only` never (the carrier sets it).
 */
export type FieldWrite = 'number' | 'metadata' | 'read-only';

/**
 * How the configuration may speak of a field: `value` declares it (an omitted value means the
 * field's empty value); `expectation` may state it, and a mismatch is drift apply cannot fix;
 * `none` leaves it out of the configuration.
 */
export type FieldDeclare = 'value' | 'expectation' | 'none';

/** One field of a number, described once: everything else derives from this. */
export interface FieldSpec {
  kind: FieldKind;
  /** The API's name, which is also the configuration's key and the JSON plan's. */
  wire: string;
  /** Where the API puts it in a number, when not at the top level. */
  wirePath?: readonly string[];
  /** The name in the text plan. */
  label: string;
  /** The value when the configuration omits it (and what the API reports when unset). */
  empty: FieldValueOf[FieldKind];
  write: FieldWrite;
  declare: FieldDeclare;
}

/**
 * The fields of a number, in display order. To add one: describe it here (and, if the
 * configuration may declare it, in schemas/numbers.schema.json); the client, planner, renderers,
 * applier and export all follow from this table.
 */
export const NUMBER_FIELDS = {
  name: { kind: 'text', wire: 'name', label: 'name', empty: '', write: 'number', declare: 'value' },
  detail: { kind: 'text', wire: 'detail', label: 'detail', empty: '', write: 'number', declare: 'value' },
  callFlowId: {
    kind: 'flow',
    wire: 'call_flow_id',
    label: 'call_flow',
    empty: NIL_UUID,
    write: 'number',
    declare: 'value',
  },
  messageFlowId: {
    kind: 'flow',
    wire: 'message_flow_id',
    label: 'message_flow',
    empty: NIL_UUID,
    write: 'number',
    declare: 'value',
  },
  rtpDebug: {
    kind: 'flag',
    wire: 'rtp_debug',
    wirePath: ['metadata', 'rtp_debug'],
    label: 'rtp_debug',
    empty: false,
    write: 'metadata',
    declare: 'value',
  },
  t38Enabled: {
    kind: 'flag',
    wire: 't38_enabled',
    label: 't38_enabled',
    empty: false,
    write: 'read-only',
    declare: 'expectation',
  },
  emergencyEnabled: {
    kind: 'flag',
    wire: 'emergency_enabled',
    label: 'emergency_enabled',
    empty: false,
    write: 'read-only',
    declare: 'expectation',
  },
  tmPurchase: {
    kind: 'time',
    wire: 'tm_purchase',
    label: 'purchased',
    empty: null,
    write: 'read-only',
    declare: 'none',
  },
  tmRenew: {
    kind: 'time',
    wire: 'tm_renew',
    label: 'renewed',
    empty: null,
    write: 'read-only',
    declare: 'none',
  },
} as const satisfies Record<string, FieldSpec>;

type Specs = typeof NUMBER_FIELDS;

/** Every field's name, in display order. */
export type FieldName = keyof Specs;

/** The fields apply can write (declared as values). */
export type ManagedField = { [K in FieldName]: Specs[K]['write'] extends 'read-only' ? never : K }[FieldName];

/** The managed fields that hold a flow. */
export type FlowField = { [K in ManagedField]: Specs[K]['kind'] extends 'flow' ? K : never }[ManagedField];

/** The read-only fields the configuration may state as expectations. */
export type ExpectedField = {
  [K in FieldName]: Specs[K]['declare'] extends 'expectation' ? K : never;
}[FieldName];

/** Every field of a number, with its value. */
export type NumberFields = { -readonly [K in FieldName]: FieldValueOf[Specs[K]['kind']] };

/** The values of the fields apply can write. */
export type ManagedFields = Pick<NumberFields, ManagedField>;

/** The fields one endpoint writes, with their values: the body of that request, in memory. */
export type FieldsWrittenBy<W extends FieldWrite> = {
  [K in ManagedField as Specs[K]['write'] extends W ? K : never]: ManagedFields[K];
};

/** Expectations of read-only fields; absent when not declared. */
export type Expectations = Partial<Pick<NumberFields, ExpectedField>>;

const entries = Object.entries(NUMBER_FIELDS) as [FieldName, FieldSpec][];

/** The managed fields, in display order. */
export const MANAGED_FIELDS: readonly ManagedField[] = entries
  .filter(([, spec]) => spec.write !== 'read-only')
  .map(([name]) => name as ManagedField);

/** The read-only fields that may be declared as expectations. */
export const EXPECTED_FIELDS: readonly ExpectedField[] = entries
  .filter(([, spec]) => spec.declare === 'expectation')
  .map(([name]) => name as ExpectedField);

/** Every field, in display order. */
export const FIELD_NAMES: readonly FieldName[] = entries.map(([name]) => name);

/** The spec of one field. */
export function fieldSpec(name: FieldName): FieldSpec {
  return NUMBER_FIELDS[name];
}

/** Every field with its empty value. */
export function emptyNumberFields(): NumberFields {
  return Object.fromEntries(FIELD_NAMES.map((f) => [f, NUMBER_FIELDS[f].empty])) as NumberFields;
}

/** The managed fields with their empty values: what a number the configuration says nothing about holds. */
export function emptyManagedFields(): ManagedFields {
  return Object.fromEntries(MANAGED_FIELDS.map((f) => [f, NUMBER_FIELDS[f].empty])) as ManagedFields;
}

/** The managed fields whose values differ, in display order. */
export function changedFields(before: ManagedFields, after: ManagedFields): ManagedField[] {
  return MANAGED_FIELDS.filter((f) => before[f] !== after[f]);
}

/** The values one endpoint writes, taken from a number's managed fields. */
export function fieldsWrittenBy<W extends FieldWrite>(fields: ManagedFields, write: W): FieldsWrittenBy<W> {
  return Object.fromEntries(
    MANAGED_FIELDS.filter((f) => NUMBER_FIELDS[f].write === write).map((f) => [f, fields[f]]),
  ) as FieldsWrittenBy<W>;
}

/**
 * The managed fields of a number that has more, in display order. Written out rather than looped
 * over MANAGED_FIELDS: a plan picks these twice for every number of the account, and a property
 * read or written by a key that changes each turn of a loop is several times slower in V8 than a
 * named one. The return type makes a managed field left out (or one too many) a compile error;
 * a test checks the order.
 */
export function pickManaged(n: ManagedFields): ManagedFields {
  return {
    name: n.name,
    detail: n.detail,
    callFlowId: n.callFlowId,
    messageFlowId: n.messageFlowId,
    rtpDebug: n.rtpDebug,
  };
}

/**
 * Whether two numbers' managed fields are all equal: `changedFields(a, b).length === 0`, written
 * out for the reason pickManaged is (a test checks it against MANAGED_FIELDS field by field).
 */
export function sameManagedFields(a: ManagedFields, b: ManagedFields): boolean {
  return (
    a.name === b.name &&
    a.detail === b.detail &&
    a.callFlowId === b.callFlowId &&
    a.messageFlowId === b.messageFlowId &&
    a.rtpDebug === b.rtpDebug
  );
}

/**
 * A request that writes managed fields of an existing number: `number` is PUT /numbers/{id},
 * `flow_ids` PUT /numbers/{id}/flow_ids, `metadata` PUT /numbers/{id}/metadata.
 */
export type WriteRequest = 'number' | 'flow_ids' | 'metadata';

/**
 * The requests that write these changed fields, in the order they are sent. PUT /numbers/{id}
 * re-checks both flows on every call and fails on a flow deleted since it was set, while PUT
 * /flow_ids writes only the flows and checks nothing: a change of flows alone goes through the
 * endpoint that can succeed.
 */
export function requestsFor(changed: readonly ManagedField[]): WriteRequest[] {
  const out: WriteRequest[] = [];
  const numberFields = changed.filter((f) => NUMBER_FIELDS[f].write === 'number');
  if (numberFields.some((f) => NUMBER_FIELDS[f].kind !== 'flow')) out.push('number');
  else if (numberFields.length > 0) out.push('flow_ids');
  if (changed.some((f) => NUMBER_FIELDS[f].write === 'metadata')) out.push('metadata');
  return out;
}
