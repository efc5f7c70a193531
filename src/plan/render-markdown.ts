import pc from 'picocolors';
import { countUnfixableDrift, planHasDifferences, summarizePlan, type Plan } from './plan-types.ts';
import { renderPlanText, type FlowNames } from './render-text.ts';

const plain = pc.createColors(false);

/** The plan for a pull-request comment or job summary: a summary table and the text plan. */
export function renderPlanMarkdown(plan: Plan, context: { endpoint: string; flows: FlowNames }): string {
  const { create, update, delete: del } = summarizePlan(plan);
  const status = planHasDifferences(plan) ? (del > 0 ? '⚠️ releases numbers' : 'changes') : '✅ no changes';
  const out = [
    '### numform plan',
    '',
    `Endpoint: \`${context.endpoint}\` — ${status}`,
    '',
    '| to create | to update | to delete | read-only drift |',
    '| ---: | ---: | ---: | ---: |',
    `| ${create} | ${update} | ${del} | ${countUnfixableDrift(plan)} |`,
    '',
    '<details' + (planHasDifferences(plan) ? ' open' : '') + '><summary>Plan</summary>',
    '',
    '```text',
    renderPlanText(plan, context.flows, plain).trimEnd(),
    '```',
    '',
    '</details>',
  ];
  return out.join('\n') + '\n';
}
