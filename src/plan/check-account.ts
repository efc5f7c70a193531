import type { Diagnostic, SourceSpan } from '../errors/diagnostic.ts';
import { quoteOutside } from '../errors/redact.ts';
import type { AccountFacts } from '../model/account.ts';
import type { Policy } from '../model/desired.ts';

/**
 * The customer as the plan names it: `Acme Ltd (5e4a0680-…)`. The name comes from the server, so
 * it is made fit to print on one line; nothing else of the customer is ever shown.
 */
export function describeCustomer(customer: { id: string; name: string }): string {
  const name = quoteOutside(customer.name, [], 100);
  return name === '' ? customer.id : `${name} (${customer.id})`;
}

/**
 * Checks `policy.account` against the account the access key acts for: an error when the
 * configuration is pinned to another customer, naming both, so that a key for the wrong account
 * (production instead of staging, say) stops the plan before anything is planned. Nothing when the
 * configuration is not pinned. Pure; `source` is where the pin is written, when known.
 */
export function checkAccountPin(
  policy: Policy,
  facts: AccountFacts,
  source?: SourceSpan,
): Diagnostic | undefined {
  if (policy.account === undefined) return undefined;
  const { customer } = facts;
  if (policy.account.toLowerCase() === customer.id.toLowerCase()) return undefined;
  return {
    severity: 'error',
    code: 'ACCOUNT_MISMATCH',
    message: `This configuration belongs to account ${policy.account} (policy.account), but the access key is for account ${describeCustomer(customer)}.`,
    hint: `Use an access key of account ${policy.account}. If the configuration is meant for ${describeCustomer(customer)}, set policy.account to ${customer.id}.`,
    ...(source && { source }),
  };
}
