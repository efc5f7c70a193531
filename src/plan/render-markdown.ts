import pc from 'picocolors';
import { planHasDifferences, type Plan } from './plan-types.ts';
import { renderPlanText } from './render-text.ts';

const plain = pc.createColors(false);

/** The plan for a pull-request comment or job summary: a summary table and the text plan. */
export function renderPlanMarkdown(plan: Plan, context: { endpoint: string }): string {
  const { create, update, delete: del } = plan.summary;
  const status = planHasDifferences(plan) ? (del > 0 ? '⚠️ releases numbers' : 'changes') : '✅ no changes';
  const out = [
    '### numform plan',
    '',
    `Endpoint: \`${context.endpoint}\` — ${status}`,
    '',
    '| to create | to update | to delete | read-only drift |',
    '| ---: | ---: | ---: | ---: |',
    `| ${create} | ${update} | ${del} | ${plan.unfixable_drift} |`,
    '',
    '<details' + (planHasDifferences(plan) ? ' open' : '') + '><summary>Plan</summary>',
    '',
    '```text',
    renderPlanText(plan, plain).trimEnd(),
    '```',
    '',
    '</details>',
  ];
  return out.join('\n') + '\n';
}
