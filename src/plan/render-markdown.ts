import pc from 'picocolors';
import { quoteOutside } from '../errors/redact.ts';
import { formatCost } from './estimate-cost.ts';
import { countUnfixableDrift, planHasDifferences, summarizePlan, type Plan } from './plan-types.ts';
import type { PlanAccount, PlanContext } from './render-json.ts';
import { renderPlanText } from './render-text.ts';

const plain = pc.createColors(false);

/** Text from outside (a customer's name) as literal markdown: every punctuation mark escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (m) => `\\${m}`);
}

/** `**Acme Ltd** (`5e4a0680-…`)`: the name bold and literal, the id as code. */
function describeAccount(account: PlanAccount): string {
  const name = quoteOutside(account.name, [], 100);
  return name === '' ? `\`${account.id}\`` : `**${escapeMarkdown(name)}** (\`${account.id}\`)`;
}

/**
 * The plan for a pull-request comment or job summary: the account (when known) and endpoint, a
 * summary table, the cost (when known, with or without changes: it is the account's bill), and
 * the text plan.
 */
export function renderPlanMarkdown(
  plan: Plan,
  context: Pick<PlanContext, 'endpoint' | 'flows' | 'account' | 'cost'>,
): string {
  const { create, update, delete: del } = summarizePlan(plan);
  const status = planHasDifferences(plan) ? (del > 0 ? '⚠️ releases numbers' : 'changes') : '✅ no changes';
  const where = context.account
    ? `Account: ${describeAccount(context.account)} at \`${context.endpoint}\``
    : `Endpoint: \`${context.endpoint}\``;
  const out = [
    '### numform plan',
    '',
    `${where} — ${status}`,
    '',
    '| to create | to update | to delete | read-only drift |',
    '| ---: | ---: | ---: | ---: |',
    `| ${create} | ${update} | ${del} | ${countUnfixableDrift(plan)} |`,
    '',
    ...(context.cost ? [formatCost(context.cost), ''] : []),
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
