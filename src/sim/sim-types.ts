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

/** The simulated customer's account settings. */
export interface SimCustomer {
  id: string;
  /** Virtual-number plan limit; 0 means unlimited (the free plan allows 5). */
  virtualLimit: number;
  identityVerified: boolean;
  /** Balance in dollars; a normal number costs $5.00. */
  balance: number;
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
  numbers: SimNumber[];
  flows: SimFlow[];
  /** Absent in files written before slow purchases were simulated. */
  inFlight?: SimPurchaseInFlight[];
}
