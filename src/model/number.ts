import type { NumberFields } from './number-fields.ts';

/** The nil UUID: VoIPBIN's "no flow" value, never `null`. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** `normal` numbers are bought from a carrier and cost money; `virtual` (+899) numbers are free. */
export type NumberType = 'normal' | 'virtual';

/** A number's status as the API reports it; an open string (carriers invent new ones). */
export type NumberStatus = string;

/** Where something was declared: 1-based line and column in a file. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** A number as the account holds it (read from the API, normalised). */
export interface CurrentNumber extends NumberFields {
  id: string;
  number: string;
  /** `normal` or `virtual`; kept open because the API does not validate it. */
  type: string;
  status: NumberStatus;
  /** When the account record was made (RFC 3339, microseconds); orders the API's lists. */
  tmCreate: string | null;
}

/** A flow as GET /flows lists it. */
export interface Flow {
  id: string;
  name: string;
  detail: string;
}

/** The number type implied by an E.164 string: +899 is VoIPBIN's virtual range. */
export function deriveNumberType(number: string): NumberType {
  return number.startsWith('+899') ? 'virtual' : 'normal';
}

/** Lower-cases a flow UUID and maps "" to the nil UUID, as the server normalises it. */
export function normalizeFlowId(id: string | undefined | null): string {
  if (!id) return NIL_UUID;
  return id.toLowerCase();
}
