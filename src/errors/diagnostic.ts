import { compareText } from '../model/compare-text.ts';

/** Where a problem was found: a file, and a 1-based position in it when known. */
export interface SourceSpan {
  file: string;
  line?: number;
  col?: number;
}

/** `error` stops the command; `warning` is worth a look; `note` is information. */
export type Severity = 'error' | 'warning' | 'note';

/**
 * Every code a diagnostic can carry. Closed, as eemeli/yaml's error codes are, so scripts and tests
 * can rely on them and a typo in a code is a type error.
 */
export const DIAGNOSTIC_CODES = [
  // Reading and parsing configuration files
  'PATH_NOT_FOUND',
  'NO_CONFIG_FILES',
  'UNREADABLE',
  'NOT_A_FILE',
  'FILE_TOO_LARGE',
  'NOT_UTF8',
  'YAML_SYNTAX',
  'DUPLICATE_KEY',
  'TAB_AS_INDENT',
  'ALIAS_LIMIT',
  'NESTING_TOO_DEEP',
  // The file's shape (JSON Schema)
  'UNKNOWN_KEY',
  'MISSING_KEY',
  'UNQUOTED_NUMBER',
  'WRONG_TYPE',
  'BAD_VALUE',
  'TOO_LONG',
  'EMPTY_VALUE',
  'SCHEMA',
  'NOT_E164',
  'BAD_UUID',
  // Rules across entries and files
  'POLICY_IN_TWO_FILES',
  'BAD_GLOB',
  'DUPLICATE_NUMBER',
  'TYPE_MISMATCH',
  'BAD_VIRTUAL_NUMBER',
  'RESERVED_VIRTUAL_RANGE',
  'FLOW_NAME_AND_ID',
  'UNMANAGED_DECLARED',
  'OUT_OF_SCOPE_DECLARED',
  // Flows checked against the account
  'UNKNOWN_FLOW_ID',
  'UNKNOWN_FLOW_NAME',
  'AMBIGUOUS_FLOW_NAME',
  'DANGLING_FLOW',
  // Safety guards
  'PROTECTED_RELEASE',
  'MASS_RELEASE',
  'RELEASE_ALL',
  'EMPTY_CONFIGURATION',
  'TOO_MANY_PURCHASES',
  'MONTHLY_COST_LIMIT',
  // What the account says about the plan (customer, billing account, access key)
  'ACCOUNT_MISMATCH',
  'IDENTITY_NOT_VERIFIED',
  'INSUFFICIENT_BALANCE',
  'NO_BILLING_ACCOUNT',
  'VIRTUAL_NUMBER_LIMIT',
  'ACCESS_KEY_EXPIRED',
  'ACCESS_KEY_EXPIRING',
  'RENEWAL_AT_RISK',
  // What the plan wants the user to know
  'READ_ONLY_DRIFT',
  'UNKNOWN_STATUS',
  'PENDING_PURCHASE',
  'PURCHASE_FAILED',
  'SUSPENDED',
  'TARGETING',
  'OUT_OF_SCOPE',
] as const;

/** One of DIAGNOSTIC_CODES. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/**
 * numform's one shape for a problem or a remark, after Terraform's tfdiags: configuration issues,
 * unresolvable flows, guard violations and plan warnings are all diagnostics, rendered by one
 * renderer (`render-diagnostics.ts`) in every command.
 */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Where it was declared, when it comes from a file. */
  source?: SourceSpan;
  /** The number it is about, when it is about one. */
  number?: string;
}

/** `FILE:LINE:COL` (or `FILE` when the position is unknown). */
export function formatSource(source: SourceSpan): string {
  return source.line === undefined ? source.file : `${source.file}:${source.line}:${source.col ?? 1}`;
}

/** Orders diagnostics by file (in the given order), position, number, then code: stable output. */
export function sortDiagnostics(
  list: readonly Diagnostic[],
  fileOrder: readonly string[] = [],
): Diagnostic[] {
  const rank = (d: Diagnostic): number => (d.source ? fileOrder.indexOf(d.source.file) : -1);
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.col ?? 0) - (b.source?.col ?? 0) ||
      compareText(a.number ?? '', b.number ?? '') ||
      compareText(a.code, b.code),
  );
}
