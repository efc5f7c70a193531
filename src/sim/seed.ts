import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseTimestampMicros } from '../api/timestamps.ts';
import { uuidOrNil } from './account.ts';
import { hashToken, tokenPrefixOf } from './access-keys.ts';
import { DEFAULT_BALANCE_MICROS, dollarsToMicros } from './billing.ts';
import type { SimAccessKey, SimBillingAccount, SimFlow, SimNumber, SimState } from './sim-types.ts';

/** The simulated customer's id (the one VoIPBIN's documentation uses in its examples). */
export const SIM_CUSTOMER_ID = '5e4a0680-804e-11ec-8477-2fea5968d85b';

/** The name of the simulated customer unless a seed or option gives one. */
export const DEFAULT_CUSTOMER_NAME = 'Simulated customer';

/** A seed as written by people: snake_case like the API, most fields optional. */
export interface SimSeed {
  customer?: {
    name?: string;
    /** `none`, `pending`, `verified` (the default) or `rejected`. */
    identity_verification?: string;
    /** Older seeds: true is `verified`, false is `none`. */
    identity_verified?: boolean;
    /** Default: a random secret, made anew for every fresh account. */
    webhook_secret?: string;
    /** Overrides the plan type's virtual-number limit (0: no limit); invisible through the API. */
    virtual_limit?: number;
    /** Older seeds: the balance in dollars (`billing_account.balance_credit` wins). */
    balance?: number;
  };
  /** `null`: the customer has no billing account. Default: a `free` plan with $1,000.00. */
  billing_account?: {
    plan_type?: string;
    /** Micros of a US dollar, as the API shows it. */
    balance_credit?: number;
  } | null;
  /**
   * The customer's access keys besides the simulator's own. A key given by `token` can be used (an
   * entry with the simulator's key sets that key's expiry); one given by `token_prefix` only is listed.
   */
  access_keys?: {
    token?: string;
    token_prefix?: string;
    name?: string;
    /** Never expires when absent or null. */
    tm_expire?: string | null;
    tm_create?: string;
  }[];
  flows?: {
    id?: string;
    name?: string;
    detail?: string;
    type?: string;
    customer_id?: string;
    tm_create?: string;
    /** A deleted flow: not listed, not found, refused by PUT /numbers/{id}; numbers may still hold it. */
    deleted?: boolean;
  }[];
  numbers?: {
    id?: string;
    number: string;
    type?: string;
    name?: string;
    detail?: string;
    call_flow_id?: string;
    message_flow_id?: string;
    call_flow?: string;
    message_flow?: string;
    /** Any status, kept as given (default `active`): the server has no fixed set. */
    status?: string;
    t38_enabled?: boolean;
    emergency_enabled?: boolean;
    rtp_debug?: boolean;
    customer_id?: string;
    tm_create?: string;
    /** When a normal number was bought (default its `tm_create`), to say how long it has been pending. */
    tm_purchase?: string;
  }[];
}

/** A secret shaped like the server's (random letters and digits), unique to each fresh account. */
function generateWebhookSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** The account a fresh simulator starts with: verified, on a `free` plan, with $1,000.00. */
export function createEmptyState(nowMicros: number): SimState {
  return {
    customer: {
      id: SIM_CUSTOMER_ID,
      name: DEFAULT_CUSTOMER_NAME,
      identityVerification: 'verified',
      webhookSecret: generateWebhookSecret(),
      tmCreate: nowMicros,
    },
    billing: {
      id: randomUUID(),
      planType: 'free',
      balanceMicros: DEFAULT_BALANCE_MICROS,
      tmCreate: nowMicros,
    },
    accessKeys: [],
    numbers: [],
    flows: [],
  };
}

/**
 * Builds an account from a seed. Times not given are spread one second apart in the past, oldest
 * first; given times may repeat, which is how the page-boundary tie of the real API is reproduced.
 * Numbers may name their flows by `call_flow` / `message_flow` (a seeded flow's name).
 */
export function buildStateFromSeed(seed: SimSeed, nowMicros: number): SimState {
  const flows = seed.flows ?? [];
  const numbers = seed.numbers ?? [];
  const keys = seed.access_keys ?? [];
  let t = nowMicros - (flows.length + numbers.length + keys.length + 2) * 1_000_000;
  const nextTime = (given?: string): number => parseTimestampMicros(given) ?? (t += 1_000_000);
  const state = createEmptyState(nextTime());
  const c = seed.customer ?? {};
  if (c.name !== undefined) state.customer.name = c.name;
  if (c.identity_verified !== undefined)
    state.customer.identityVerification = c.identity_verified ? 'verified' : 'none';
  if (c.identity_verification !== undefined) state.customer.identityVerification = c.identity_verification;
  if (c.webhook_secret !== undefined) state.customer.webhookSecret = c.webhook_secret;
  state.billing = seedBilling(seed, state.billing!);
  state.accessKeys = keys.map((k): SimAccessKey => ({
    id: randomUUID(),
    name: k.name ?? '',
    tokenPrefix: k.token !== undefined ? tokenPrefixOf(k.token) : (k.token_prefix ?? randomTokenPrefix()),
    tokenHash: k.token !== undefined ? hashToken(k.token) : '',
    tmExpire: parseTimestampMicros(k.tm_expire),
    tmCreate: nextTime(k.tm_create),
  }));
  state.flows = flows.map((f): SimFlow => ({
    id: f.id?.toLowerCase() ?? randomUUID(),
    customerId: f.customer_id ?? SIM_CUSTOMER_ID,
    type: f.type ?? 'flow',
    name: f.name ?? '',
    detail: f.detail ?? '',
    tmCreate: nextTime(f.tm_create),
    tmDelete: f.deleted ? nowMicros : null,
  }));
  const flowByName = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : state.flows.find((f) => f.name === name)?.id;
  state.numbers = numbers.map((n): SimNumber => {
    const type = n.type ?? (n.number.startsWith('+899') ? 'virtual' : 'normal');
    const created = nextTime(n.tm_create);
    const purchased = type === 'virtual' ? null : (parseTimestampMicros(n.tm_purchase) ?? created);
    return {
      id: n.id?.toLowerCase() ?? randomUUID(),
      customerId: n.customer_id ?? SIM_CUSTOMER_ID,
      number: n.number,
      type,
      callFlowId: uuidOrNil(flowByName(n.call_flow) ?? n.call_flow_id),
      messageFlowId: uuidOrNil(flowByName(n.message_flow) ?? n.message_flow_id),
      name: n.name ?? '',
      detail: n.detail ?? '',
      status: n.status ?? 'active',
      t38Enabled: n.t38_enabled ?? false,
      emergencyEnabled: n.emergency_enabled ?? false,
      rtpDebug: n.rtp_debug ?? false,
      tmPurchase: purchased,
      tmRenew: purchased,
      tmCreate: created,
      tmUpdate: null,
      tmDelete: null,
      settlesAt: null,
      settlesTo: null,
    };
  });
  return state;
}

/** The billing account a seed asks for, on top of the default one; null when it asks for none. */
function seedBilling(seed: SimSeed, base: SimBillingAccount): SimBillingAccount | null {
  if (seed.billing_account === null) return null;
  const c = seed.customer ?? {};
  const b = seed.billing_account ?? {};
  return {
    ...base,
    ...(b.plan_type !== undefined && { planType: b.plan_type }),
    ...(c.balance !== undefined && { balanceMicros: dollarsToMicros(c.balance) }),
    ...(b.balance_credit !== undefined && { balanceMicros: b.balance_credit }),
    ...(c.virtual_limit !== undefined && { virtualLimit: c.virtual_limit }),
  };
}

/** A listed key's prefix when the seed gives none: `vb_` and 8 random characters, as the server's. */
function randomTokenPrefix(): string {
  return `vb_${randomBytes(6).toString('base64url')}`;
}
/** Reads a seed file, YAML or JSON (JSON is YAML). */
export function readSeedFile(path: string): SimSeed {
  return (parse(readFileSync(path, 'utf8')) as SimSeed | null) ?? {};
}

/** Loads a persisted account, or undefined when the file does not exist yet. */
export function loadState(path: string): SimState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return upgradeState(JSON.parse(text) as SimState & { customer: LegacyCustomer });
}

/** The customer as files written before the billing account was simulated hold it. */
interface LegacyCustomer {
  virtualLimit?: number;
  identityVerified?: boolean;
  /** Dollars. */
  balance?: number;
}

/**
 * Reads a persisted account written by an older simulator: its customer held the balance in
 * dollars, a verified flag and the virtual limit, and it had no access keys.
 */
function upgradeState(state: SimState & { customer: LegacyCustomer }): SimState {
  if (state.billing !== undefined) return state;
  const { virtualLimit, identityVerified, balance, ...customer } = state.customer;
  const now = Date.now() * 1000;
  return {
    ...state,
    customer: {
      ...customer,
      name: customer.name ?? DEFAULT_CUSTOMER_NAME,
      identityVerification: identityVerified === false ? 'none' : 'verified',
      webhookSecret: customer.webhookSecret ?? generateWebhookSecret(),
      tmCreate: customer.tmCreate ?? now,
    },
    billing: {
      id: randomUUID(),
      planType: 'free',
      balanceMicros: dollarsToMicros(balance ?? 1000),
      ...(virtualLimit !== undefined && virtualLimit !== 5 && { virtualLimit }),
      tmCreate: now,
    },
    accessKeys: state.accessKeys ?? [],
  };
}

/** Persists the account atomically, so a crash never leaves half a file. */
export function saveState(path: string, state: SimState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, path);
}
