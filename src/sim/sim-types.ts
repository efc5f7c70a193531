/** A number as the simulator stores it: times in epoch microseconds, null when unset. */
export interface SimNumber {
  id: string;
  customerId: string;
  number: string;
  type: string;
  callFlowId: string;
  messageFlowId: string;
  name: string;
  detail: string;
  status: string;
  t38Enabled: boolean;
  emergencyEnabled: boolean;
  rtpDebug: boolean;
  tmPurchase: number | null;
  tmRenew: number | null;
  tmCreate: number;
  tmUpdate: number | null;
  tmDelete: number | null;
  /** When a pending purchase turns into its final status. */
  settlesAt: number | null;
  settlesTo: string | null;
}

/** A flow as the simulator stores it. */
export interface SimFlow {
  id: string;
  customerId: string;
  type: string;
  name: string;
  detail: string;
  tmCreate: number;
  tmDelete: number | null;
}

/** The simulated customer, as GET /customer shows it. */
export interface SimCustomer {
  id: string;
  name: string;
  /** `none`, `pending`, `verified` or `rejected`: only `verified` may buy normal numbers. */
  identityVerification: string;
  /**
   * The HMAC secret the customer's webhooks are signed with. GET /customer answers it, so tests
   * can prove that numform never prints, logs or saves it.
   */
  webhookSecret: string;
  tmCreate: number;
}

/** The customer's billing account, as GET /billing_account shows it. */
export interface SimBillingAccount {
  id: string;
  /** `free`, `basic`, `professional` or `unlimited`; any other value fails every virtual purchase, as on the server. */
  planType: string;
  /** `balance_credit`: micros of a US dollar. It may go negative: an `unlimited` plan is charged without a check. */
  balanceMicros: number;
  /**
   * Overrides the plan type's virtual-number limit (0: no limit). Not visible through the API, so
   * with it the simulator no longer agrees with the plan type it shows: for tests of the purchase
   * path only.
   */
  virtualLimit?: number;
  tmCreate: number;
}

/** An access key of the customer. The key itself is never stored, only its hash, as on the server. */
export interface SimAccessKey {
  id: string;
  name: string;
  /** The first 11 characters of the key. */
  tokenPrefix: string;
  /** SHA-256 of the key, hex; empty for a listed key whose text nobody knows. */
  tokenHash: string;
  /** When it stops being accepted (µs), or null for never. */
  tmExpire: number | null;
  tmCreate: number;
}

/** The fields of a POST /numbers after body binding. */
export interface SimPurchaseRequest {
  number: string;
  type: string;
  name: string;
  detail: string;
  callFlowId: string;
  messageFlowId: string;
}

/** A purchase the gateway gave up on (503) while the server carries on with it. */
export interface SimPurchaseInFlight {
  customerId: string;
  request: SimPurchaseRequest;
  /** When the number is stored and appears in GET /numbers (µs). */
  landsAt: number;
}

/** Everything the simulator persists between commands (`--data FILE`). */
export interface SimState {
  customer: SimCustomer;
  /** Null when the customer has no billing account: GET /billing_account answers 409, every purchase 500. */
  billing: SimBillingAccount | null;
  accessKeys: SimAccessKey[];
  numbers: SimNumber[];
  flows: SimFlow[];
  /** Absent in files written before slow purchases were simulated. */
  inFlight?: SimPurchaseInFlight[];
}
