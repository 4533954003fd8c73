// The customer portal, for both portal routes and for checkout's "already subscribed" case:
// which customer (of the active provider) is the user's, and a portal session from the active payment adapter.
import { badRequest, notFound, upstreamFailure } from '@/lib/http/errors';
import type { PaymentAdapter } from '@/lib/payments/types';
import { readBillingRow, type BillingRow } from './billing-row';
import type { BillingCaller } from './billing-caller';

export interface OpenPortalInput {
  /** Who is asking (already authenticated), with their own client. */
  caller: BillingCaller;
  adapter: PaymentAdapter;
  /** Absolute, already validated to be on the app's origin. */
  returnUrl: string;
  /** Each route documents its own 404 body. */
  notFoundMessage: string;
}

export async function openCustomerPortal({ caller, adapter, returnUrl, notFoundMessage }: OpenPortalInput): Promise<{ url: string }> {
  const row = await readBillingRow(caller.supabase, caller.user.id);
  return portalSession(adapter, row, returnUrl, notFoundMessage);
}

export async function portalSession(
  adapter: PaymentAdapter,
  row: BillingRow | null,
  returnUrl: string,
  notFoundMessage: string,
): Promise<{ url: string }> {
  if (!row) throw notFound(notFoundMessage);
  if (row.provider !== adapter.provider) {
    throw badRequest(`Customer provider (${row.provider}) does not match active provider (${adapter.provider})`);
  }
  if (!row.customer_id) throw notFound(notFoundMessage);
  try {
    return await adapter.createPortal(row.customer_id, returnUrl);
  } catch (error) {
    throw upstreamFailure(error);
  }
}
