/* Generated from schemas/numbers.schema.json by `npm run gen:types`. Do not edit. */

/**
 * A glob pattern over E.164 numbers: * any digits, ? one digit, [0-9] a class. Example: "+1555*".
 */
export type Glob = string;

/**
 * A numform configuration file: the phone numbers of a VoIPBIN account, declared as code. A configuration is one or more such files.
 */
export interface NumbersFile {
  /**
   * The file format version. Optional; 1 is the only version.
   */
  version?: 1;
  policy?: Policy;
  defaults?: Defaults;
  /**
   * The numbers this file declares. Each number may be declared once across the whole configuration.
   */
  numbers?: NumberEntry[];
}
/**
 * Rules for the whole configuration. At most one file of a configuration may hold a policy.
 */
export interface Policy {
  /**
   * Release account numbers that no file declares (default: true). Unmanaged and protected numbers are never released.
   */
  prune?: boolean;
  /**
   * Manage only the account's numbers that match these globs (default: every number). Numbers outside the scope are invisible to numform: never planned, updated or released, and left out of the guards' counts; declaring one is an error. Lets several configurations share one account, each with its own scope.
   *
   * @minItems 1
   */
  scope?: [Glob, ...Glob[]];
  /**
   * Numbers matching these globs are ignored: never planned, never released, never reported as drift.
   */
  unmanaged?: Glob[];
  /**
   * numform refuses to release numbers matching these globs, declared or not: a plan that would release one fails.
   */
  protect?: Glob[];
  /**
   * Refuse a plan that buys more normal numbers than this (they cost money). Default: 20.
   */
  max_purchases?: number;
  /**
   * Refuse a plan that buys normal numbers when the account's monthly renewals would then cost more than this many US dollars ($5.00 per normal number; virtual numbers are free). Optional: no limit. --allow-mass-delete does not lift it.
   */
  max_monthly_cost?: number;
  /**
   * The id of the VoIPBIN customer this configuration belongs to (GET /customer). Optional; when set, planning against any other account is an error before anything else. `numform export` writes it.
   */
  account?: string;
}
/**
 * Values for the numbers of this file only, used where an entry leaves the field out. An entry's own flow (by name or by id) replaces the default flow given either way.
 */
export interface Defaults {
  /**
   * Default detail for the numbers of this file.
   */
  detail?: string;
  /**
   * Default flow for incoming calls, by its name (resolved with GET /flows; it must be unique); null for no flow.
   */
  call_flow?: string | null;
  /**
   * Default flow for incoming calls, by its id (a UUID from GET /flows).
   */
  call_flow_id?: string;
  /**
   * Default flow for incoming messages, by its name (resolved with GET /flows; it must be unique); null for no flow.
   */
  message_flow?: string | null;
  /**
   * Default flow for incoming messages, by its id (a UUID from GET /flows).
   */
  message_flow_id?: string;
  /**
   * Default for RTP debug capture (metadata).
   */
  rtp_debug?: boolean;
}
/**
 * One declared number.
 */
export interface NumberEntry {
  /**
   * The phone number in E.164 form (normal) or +899 and 9 digits (virtual), quoted. It is the identity of the entry: changing it means releasing one number and buying another.
   */
  number: string;
  /**
   * normal (bought from a carrier, costs money) or virtual (+899, free). Optional: derived from the prefix, and must agree with it.
   */
  type?: 'normal' | 'virtual';
  /**
   * The name of the number. Omitted means empty.
   */
  name?: string;
  /**
   * A description of the number. Omitted means empty (or the file's default).
   */
  detail?: string;
  /**
   * The flow to execute for incoming calls, by name (resolved with GET /flows; it must be unique). `call_flow: null` means no flow, even where the file's defaults set one; omitted means no flow (or the file's default).
   */
  call_flow?: string | null;
  /**
   * The flow to execute for incoming calls, by id (a UUID from GET /flows). Never together with call_flow. The nil UUID 00000000-0000-0000-0000-000000000000 also means no flow; `call_flow: null` says it readably.
   */
  call_flow_id?: string;
  /**
   * The flow to execute for incoming messages, by name (resolved with GET /flows; it must be unique). `message_flow: null` means no flow, even where the file's defaults set one; omitted means no flow (or the file's default).
   */
  message_flow?: string | null;
  /**
   * The flow to execute for incoming messages, by id (a UUID from GET /flows). Never together with message_flow. The nil UUID 00000000-0000-0000-0000-000000000000 also means no flow; `message_flow: null` says it readably.
   */
  message_flow_id?: string;
  /**
   * Capture RTP for debugging (number metadata). Omitted means false (or the file's default).
   */
  rtp_debug?: boolean;
  /**
   * Read-only expectation: whether the carrier enabled T.38 fax. numform cannot change it; a mismatch is reported as drift.
   */
  t38_enabled?: boolean;
  /**
   * Read-only expectation: whether the carrier enabled emergency calling. numform cannot change it; a mismatch is reported as drift.
   */
  emergency_enabled?: boolean;
}
