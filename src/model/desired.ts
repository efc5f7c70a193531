import type { NumberType, SourceLocation } from './number.ts';

/** A flow as the configuration names it: not at all, by id, or by name (resolved at plan time). */
export type FlowRef = { kind: 'none' } | { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** A number as the configuration declares it, after defaults and normalisation. */
export interface DesiredNumber {
  number: string;
  type: NumberType;
  name: string;
  detail: string;
  callFlow: FlowRef;
  messageFlow: FlowRef;
  rtpDebug: boolean;
  /** Read-only fields declared as expectations; absent when not declared. */
  expect: { t38Enabled?: boolean; emergencyEnabled?: boolean };
  source: SourceLocation;
}

/** The configuration-wide rules (`policy:`), with defaults applied. */
export interface Policy {
  prune: boolean;
  unmanaged: string[];
  protect: string[];
  maxPurchases: number;
}

/** The default policy: prune, nothing unmanaged or protected, at most 20 purchases. */
export const DEFAULT_POLICY: Policy = { prune: true, unmanaged: [], protect: [], maxPurchases: 20 };

/** What the configuration asks for: the input of the planner. */
export interface DesiredState {
  numbers: DesiredNumber[];
  policy: Policy;
  /** The files it was read from, in order. */
  files: string[];
}
