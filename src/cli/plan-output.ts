import type { Colors } from 'picocolors/types.js';
import { NumformError } from '../errors/numform-error.ts';
import { countNoun } from '../model/count-noun.ts';
import type { Diagnostic } from '../errors/diagnostic.ts';
import type { Plan } from '../plan/plan-types.ts';
import { renderPlanJson, type PlanContext } from '../plan/render-json.ts';
import { renderPlanMarkdown } from '../plan/render-markdown.ts';
import { renderPlanText } from '../plan/render-text.ts';
import type { PlanFormat } from './plan-options.ts';

/** Renders a plan in the chosen format. */
export function renderPlan(plan: Plan, context: PlanContext, format: PlanFormat, colors: Colors): string {
  if (format === 'json') return renderPlanJson(plan, context);
  if (format === 'markdown') return renderPlanMarkdown(plan, context);
  return renderPlanText(plan, context.flows, colors, context);
}

/** The error that stops plan and apply when the plan breaks a safety rule. */
export function guardError(violations: readonly Diagnostic[]): NumformError {
  return new NumformError(
    violations.length === 1 ? violations[0]!.code : 'SAFETY_GUARDS',
    `The plan breaks ${countNoun(violations.length, 'safety rule')}; nothing was changed.`,
    { diagnostics: violations },
  );
}

/**
 * The error that stops plan and apply when the plan breaks a safety rule, or when VoIPBIN would
 * refuse some of it (predicted from the account): undefined when neither.
 */
export function refusalError(prepared: {
  violations: readonly Diagnostic[];
  predicted: readonly Diagnostic[];
}): NumformError | undefined {
  if (prepared.violations.length > 0) return guardError(prepared.violations);
  const { predicted } = prepared;
  if (predicted.length === 0) return undefined;
  return new NumformError(
    predicted.length === 1 ? predicted[0]!.code : 'APPLY_WOULD_FAIL',
    `VoIPBIN would refuse this plan (${countNoun(predicted.length, 'problem')}); nothing was changed.`,
    { diagnostics: predicted },
  );
}
