import type { Expectations, ManagedField, ManagedFields, NUMBER_FIELDS } from './number-fields.ts';
import type { NumberType, SourceLocation } from './number.ts';

/** A flow as the configuration names it: not at all, by id, or by name (resolved at plan time). */
export type FlowRef = { kind: 'none' } | { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** The managed fields as declared: flow fields hold a reference until resolved against the account. */
export type DeclaredFields = {
  [K in ManagedField]: (typeof NUMBER_FIELDS)[K]['kind'] extends 'flow' ? FlowRef : ManagedFields[K];
};

/** A number as the configuration declares it, after defaults and normalisation. */
export interface DesiredNumber extends DeclaredFields {
  number: string;
  type: NumberType;
  /** Read-only fields declared as expectations; absent when not declared. */
  expect: Expectations;
  source: SourceLocation;
}

/** The configuration-wide rules (`policy:`), with defaults applied. */
export interface Policy {
  /**
   * `policy.scope`: globs of the account numbers this configuration manages; absent means every
   * number. Numbers outside it are invisible to the plan.
   */
  scope?: string[];
  prune: boolean;
  unmanaged: string[];
  protect: string[];
  maxPurchases: number;
  /** `policy.account`: the customer id (lower case) the configuration is pinned to, if any. */
  account?: string;
  /**
   * `policy.max_monthly_cost` in integer micros of a US dollar, if set: the most the account's
   * normal numbers may cost per month once a plan that buys numbers is applied.
   */
  maxMonthlyCostMicros?: number;
}

/** The default policy: prune, nothing unmanaged or protected, at most 20 purchases. */
export const DEFAULT_POLICY: Policy = { prune: true, unmanaged: [], protect: [], maxPurchases: 20 };

/** What the configuration asks for: the input of the planner. */
export interface DesiredState {
  numbers: DesiredNumber[];
  policy: Policy;
  /** The files it was read from, in order. */
  files: string[];
  /**
   * Where `policy.account` is written, when it is: errors about the pin point there. Kept out of
   * the policy so that moving it in its file leaves the configuration's digest alone.
   */
  accountSource?: SourceLocation;
  /**
   * The flow fields some file's `defaults` set to a flow: an entry meant for such a file must say
   * "no flow" out loud (`call_flow: null`). Not part of the configuration's meaning.
   */
  defaultedFlows?: ManagedField[];
}
