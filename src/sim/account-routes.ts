import type { SimAccount } from './account.ts';
import { renderAccessKey, renderBillingAccount, renderCustomer } from './render-account.ts';
import type { TimestampStyle } from './render.ts';
import { listPage, parsePageSize, readPageToken, route, type Route } from './routes.ts';
import { permissionDenied, SimHttpError } from './sim-error.ts';

/** api-manager's answer to a customer without a billing account (ErrStateInvalid). */
function stateInvalid(): SimHttpError {
  return new SimHttpError(
    409,
    'FAILED_PRECONDITION',
    'STATE_INVALID',
    'The operation is invalid for the current resource state.',
  );
}

/**
 * The endpoints that describe the caller's account: its customer, its billing account and its
 * access keys. The plural admin lists need a project super-admin, which an access key never is.
 */
export function buildAccountRoutes(account: SimAccount, style: TimestampStyle): Route[] {
  const { state } = account;
  return [
    route('GET', '/customer', false, () => renderCustomer(state.customer, state.billing, style)),
    route('GET', '/billing_account', false, () => {
      if (!state.billing) throw stateInvalid();
      return renderBillingAccount(state.billing, state.customer.id, style);
    }),
    route('GET', '/accesskeys', false, ({ customerId, query }) => {
      const size = parsePageSize(query);
      const keys = account.listAccessKeys(customerId, readPageToken(query), size);
      return listPage(keys, (k) => renderAccessKey(k, customerId, style));
    }),
    route('GET', '/customers', false, () => {
      throw permissionDenied();
    }),
    route('GET', '/billing_accounts', false, () => {
      throw permissionDenied();
    }),
  ];
}
