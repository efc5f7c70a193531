import { readFileSync, writeFileSync } from 'node:fs';
import { NumformError } from '../errors/numform-error.ts';
import type { SourceFile } from '../config/read-sources.ts';
import type { Plan, PlannedChange } from '../plan/plan-types.ts';
import {
  PLAN_FORMAT_VERSION,
  toChangeDocument,
  toPlanDocument,
  type PlanContext,
} from '../plan/render-json.ts';
import { canonicalJson, digestOf } from '../plan/digest.ts';

/** A saved plan: the JSON plan plus the configuration it was made from and the options used. */
export interface SavedPlan {
  format_version: typeof PLAN_FORMAT_VERSION;
  endpoint: string;
  targets: string[];
  config_digest: string;
  state_digest: string;
  plan_digest: string;
  /** The changes as the JSON plan shows them; only compared, never applied. */
  changes: unknown[];
  options: { allow_mass_delete: boolean; release_while_pending?: boolean };
  configuration: { files: { file: string; text: string }[] };
  /** Of everything else in the file, so that `show` notices any field edited after writing. */
  document_digest?: string;
}

/** Writes a plan to a file, with the configuration texts it came from (never the access key). */
export function writeSavedPlan(
  path: string,
  plan: Plan,
  context: PlanContext,
  sources: readonly SourceFile[],
  options: { allowMassDelete: boolean; releaseWhilePending?: boolean },
): void {
  const document = {
    ...toPlanDocument(plan, context),
    options: {
      allow_mass_delete: options.allowMassDelete,
      release_while_pending: options.releaseWhilePending ?? false,
    },
    configuration: { files: sources.map((s) => ({ file: s.file, text: s.text })) },
  };
  const sealed = { ...document, document_digest: digestOf(document) };
  writeFileSync(path, JSON.stringify(sealed, null, 2) + '\n');
}

/** Reads and checks the shape of a saved plan. */
export function readSavedPlan(path: string, shownPath = path): SavedPlan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new NumformError(
      'BAD_PLAN_FILE',
      `Cannot read the saved plan ${shownPath}: ${(error as Error).message}`,
      {
        hint: 'Pass a file written by `numform plan --out FILE`.',
      },
    );
  }
  // `null` is valid JSON, but no plan.
  const plan = (data ?? {}) as Partial<SavedPlan>;
  const version: unknown = plan.format_version;
  if (typeof version === 'string' && version !== PLAN_FORMAT_VERSION) {
    // The version comes from the file: shown quoted and short, never as a whole.
    throw new NumformError(
      'BAD_PLAN_FILE',
      `${shownPath} is a plan of format ${JSON.stringify(version.slice(0, 20))}; this numform reads format "${PLAN_FORMAT_VERSION}".`,
      { hint: 'Make a new plan with this numform: `numform plan --out FILE`.' },
    );
  }
  if (
    version !== PLAN_FORMAT_VERSION ||
    !plan.plan_digest ||
    !Array.isArray(plan.configuration?.files) ||
    !plan.configuration.files.every(isSourceText) ||
    !Array.isArray(plan.changes)
  ) {
    throw new NumformError('BAD_PLAN_FILE', `${shownPath} is not a numform plan.`, {
      hint: 'Pass a file written by `numform plan --out FILE` of this numform version.',
    });
  }
  // Any field edited by hand (an option flipped, a warning dropped) is refused as such, by every
  // reader. The digest is no signature: an edit that also recomputes it still has to get past
  // apply's own checks (the same configuration, endpoint and changes as a fresh plan).
  const { document_digest: documentDigest, ...document } = plan;
  if (documentDigest !== digestOf(document)) {
    throw new NumformError(
      'TAMPERED_PLAN',
      `${shownPath} was changed after numform wrote it: its document digest does not match its content. Nothing was changed.`,
      {
        hint: 'Pass a file written by `numform plan --out FILE`, as it was written; make a new plan if in doubt.',
      },
    );
  }
  return plan as SavedPlan;
}

function isSourceText(value: unknown): boolean {
  const f = value as { file?: unknown; text?: unknown } | null;
  return typeof f?.file === 'string' && typeof f.text === 'string';
}

/** The numbers whose planned change differs between a saved plan and a fresh one. */
export function diffPlannedNumbers(saved: readonly unknown[], fresh: readonly PlannedChange[]): string[] {
  const numberOf = (c: unknown): string => {
    const n = (c as { number?: unknown } | null)?.number;
    return typeof n === 'string' ? n : '(an entry without a number)';
  };
  const savedBy = new Map(saved.map((c) => [numberOf(c), canonicalJson(c)]));
  const freshBy = new Map(fresh.map((c) => [c.number, canonicalJson(toChangeDocument(c))]));
  const numbers = new Set([...savedBy.keys(), ...freshBy.keys()]);
  return [...numbers].filter((n) => savedBy.get(n) !== freshBy.get(n)).sort();
}
