import { digestOf } from '../../src/plan/digest.ts';

/**
 * A saved plan edited as a deliberate forger would: the document digest recomputed over the
 * edit, so that the checks behind it (configuration, endpoint, a fresh plan) are what stops it.
 */
export function resealPlan(doc: object): string {
  const { document_digest: _old, ...rest } = doc as Record<string, unknown>;
  return JSON.stringify({ ...rest, document_digest: digestOf(rest) });
}
