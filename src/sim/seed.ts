import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseTimestampMicros } from '../api/timestamps.ts';
import { uuidOrNil } from './account.ts';
import type { SimCustomer, SimFlow, SimNumber, SimState } from './sim-types.ts';

/** The simulated customer's id (the one VoIPBIN's documentation uses in its examples). */
export const SIM_CUSTOMER_ID = '5e4a0680-804e-11ec-8477-2fea5968d85b';

/** A seed as written by people: snake_case like the API, most fields optional. */
export interface SimSeed {
  customer?: { virtual_limit?: number; identity_verified?: boolean; balance?: number };
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

/** The account a fresh simulator starts with. */
export function createEmptyState(customer: Partial<SimCustomer> = {}): SimState {
  return {
    customer: { id: SIM_CUSTOMER_ID, virtualLimit: 5, identityVerified: true, balance: 1000, ...customer },
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
  const state = createEmptyState({
    ...(seed.customer?.virtual_limit !== undefined && { virtualLimit: seed.customer.virtual_limit }),
    ...(seed.customer?.identity_verified !== undefined && {
      identityVerified: seed.customer.identity_verified,
    }),
    ...(seed.customer?.balance !== undefined && { balance: seed.customer.balance }),
  });
  const flows = seed.flows ?? [];
  const numbers = seed.numbers ?? [];
  let t = nowMicros - (flows.length + numbers.length + 1) * 1_000_000;
  const nextTime = (given?: string): number => parseTimestampMicros(given) ?? (t += 1_000_000);
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
  return JSON.parse(text) as SimState;
}

/** Persists the account atomically, so a crash never leaves half a file. */
export function saveState(path: string, state: SimState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, path);
}
