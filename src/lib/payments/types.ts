// The seam between the billing domain and a payment provider. Polar is the one adapter today;
// a stored `provider` that is not the active one is refused rather than sent to the wrong API.
export const PAYMENT_PROVIDERS = ['polar'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

export interface PaymentAdapter {
  readonly provider: PaymentProvider;
  /** A customer-portal session for `customerId` that returns to `returnUrl` (absolute). */
  createPortal(customerId: string, returnUrl: string): Promise<{ url: string }>;
  /** A hosted checkout page for the user; its success URL gets `{CHECKOUT_ID}` filled in. */
  createCheckout(request: CheckoutRequest): Promise<{ url: string }>;
}

/** The provider could not be reached, failed, or answered something unusable. */
export class ProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

export interface CheckoutRequest {
  productIds: string[];
  /** The signed-in app user: set on the server, never taken from the client. */
  user: { id: string; email: string | undefined };
  /** Absolute; may contain the provider's checkout-id placeholder. */
  successUrl: string;
}
