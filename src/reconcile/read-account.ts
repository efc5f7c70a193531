import type { NumbersApi } from '../api/client.ts';
import type { AccountFacts } from '../model/account.ts';
import type { CurrentNumber, Flow } from '../model/number.ts';
import { WrittenItems } from '../plan/digest.ts';

/**
 * Reads what the account holds: its numbers and its flows, in parallel. Each page of numbers is
 * written out for the state digest as it arrives (`written`), so hashing them costs little later.
 */
export async function readAccount(
  api: NumbersApi,
  written?: WrittenItems,
): Promise<{ numbers: CurrentNumber[]; flows: Flow[] }> {
  const [numbers, flows] = await Promise.all([
    api.listNumbers(written && { onPage: (page) => written.add(page) }),
    api.listFlows(),
  ]);
  return { numbers, flows };
}

/** The reads a plan is made from, under way. */
export interface AccountReads {
  account: Promise<{ numbers: CurrentNumber[]; flows: Flow[] }>;
  facts: Promise<AccountFacts>;
  /** The numbers' canonical JSON, written as their pages arrive, for the state digest. */
  written: WrittenItems;
}

/**
 * Sends the reads a plan needs (numbers, flows, and the facts about the customer, billing and
 * key), and returns at once. Nothing awaits them yet: their failures are left to whoever does.
 */
export function startReadingAccount(api: NumbersApi): AccountReads {
  const written = new WrittenItems();
  const reads = { account: readAccount(api, written), facts: api.readAccountFacts(), written };
  reads.account.catch(() => undefined);
  reads.facts.catch(() => undefined);
  return reads;
}
