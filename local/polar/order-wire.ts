// The Order object of an `order.paid` webhook: the first invoice of a new subscription.
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';
import type { CustomerJson, SubscriptionRecord } from './types.ts';
import { mustGet } from './wire.ts';

export function orderJson(store: Store, sub: SubscriptionRecord, invoiceNumber: number, paidAt: string) {
  const product = mustGet(store.products, sub.product_id, 'product');
  const customer: CustomerJson = mustGet(store.customers, sub.customer_id, 'customer');
  const { price_id: priceId, ...subscription } = sub;
  return {
    id: randomUUID(),
    created_at: paidAt,
    modified_at: paidAt,
    status: 'paid',
    paid: true,
    subtotal_amount: sub.amount,
    discount_amount: 0,
    net_amount: sub.amount,
    tax_amount: 0,
    total_amount: sub.amount,
    applied_balance_amount: 0,
    due_amount: sub.amount,
    refunded_amount: 0,
    refunded_tax_amount: 0,
    currency: sub.currency,
    billing_reason: 'subscription_create',
    billing_name: customer.name,
    billing_address: null,
    invoice_number: `LOCAL-${String(invoiceNumber).padStart(4, '0')}`,
    is_invoice_generated: false,
    seats: null,
    customer_id: customer.id,
    product_id: product.id,
    discount_id: null,
    subscription_id: sub.id,
    checkout_id: sub.checkout_id,
    metadata: sub.metadata,
    custom_field_data: {},
    platform_fee_amount: 0,
    platform_fee_currency: null,
    customer,
    product,
    discount: null,
    subscription,
    items: [
      {
        created_at: paidAt,
        modified_at: null,
        id: randomUUID(),
        label: product.name,
        amount: sub.amount,
        tax_amount: 0,
        proration: false,
        product_price_id: priceId,
      },
    ],
    description: product.name,
  };
}
