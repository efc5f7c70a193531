import type { AccountFacts } from '../model/account.ts';

/** The three reads that describe the account a key acts for. */
export interface AccountReader {
  getCustomer(): Promise<AccountFacts['customer']>;
  getBillingAccount(): Promise<AccountFacts['billing']>;
  findAccessKey(): Promise<AccountFacts['accessKey']>;
}

/** Reads the customer, its billing account and this key's expiry at once, into one AccountFacts. */
export async function readAccountFacts(api: AccountReader): Promise<AccountFacts> {
  const [customer, billing, accessKey] = await Promise.all([
    api.getCustomer(),
    api.getBillingAccount(),
    api.findAccessKey(),
  ]);
  return { customer, ...(billing && { billing }), ...(accessKey && { accessKey }) };
}
