import {
  FIELD_NAMES,
  MANAGED_FIELDS,
  NUMBER_FIELDS,
  type FieldSpec,
  type FieldWrite,
  type FieldsWrittenBy,
  type ManagedFields,
  type NumberFields,
} from '../model/number-fields.ts';
import { normalizeFlowId, type CurrentNumber, type Flow } from '../model/number.ts';
import { normalizeTimestamp } from './timestamps.ts';
import type { WireFlow, WireNumber } from './wire.ts';

/** Reads one field from a wire number, applying the server's own normalisation. */
function readField(wire: WireNumber, spec: FieldSpec): NumberFields[keyof NumberFields] {
  let value: unknown = wire;
  for (const key of spec.wirePath ?? [spec.wire]) value = (value as Record<string, unknown> | null)?.[key];
  switch (spec.kind) {
    case 'text':
      return typeof value === 'string' ? value : '';
    case 'flow':
      return normalizeFlowId(typeof value === 'string' ? value : undefined);
    case 'flag':
      return value === true;
    case 'time':
      return normalizeTimestamp(value as string | null | undefined);
  }
}

/** Maps a wire number to the model, every field as its descriptor says. */
export function toCurrentNumber(wire: WireNumber): CurrentNumber {
  // A plain loop: this runs for every number of the account, 50,000 of them on a large one.
  const number: Record<string, unknown> = {
    id: wire.id,
    number: wire.number,
    type: wire.type,
    status: wire.status,
    tmCreate: normalizeTimestamp(wire.tm_create),
  };
  for (const name of FIELD_NAMES) number[name] = readField(wire, NUMBER_FIELDS[name]);
  return number as unknown as CurrentNumber;
}

/**
 * The body of the request that writes fields through one endpoint: each field that endpoint
 * writes, under its name in that body (`rtp_debug` for the metadata endpoint).
 */
export function toWriteBody<W extends FieldWrite>(
  fields: FieldsWrittenBy<W>,
  endpoint: W,
): Record<string, unknown> {
  const values = fields as Partial<ManagedFields>;
  return Object.fromEntries(
    MANAGED_FIELDS.filter((f) => NUMBER_FIELDS[f].write === endpoint).map((f) => {
      const spec: FieldSpec = NUMBER_FIELDS[f];
      return [spec.wirePath?.at(-1) ?? spec.wire, values[f]];
    }),
  );
}

/** True when the API reports the number as gone (status `deleted` or a delete time). */
export function isDeletedWireNumber(wire: WireNumber): boolean {
  return wire.status === 'deleted' || normalizeTimestamp(wire.tm_delete) !== null;
}

/** Maps a wire flow to the model; omitted names and details are "". */
export function toFlow(wire: WireFlow): Flow {
  return { id: normalizeFlowId(wire.id), name: wire.name ?? '', detail: wire.detail ?? '' };
}
