import type { StripeContext } from '../context.ts';
import { newId, unixSeconds } from '../ids.ts';
import type { CustomerRecord } from '../types.ts';
import type { EventCause } from '../webhooks.ts';
import { customerJson } from '../wire.ts';

export type NewCustomer = Pick<CustomerRecord, 'email' | 'name' | 'description' | 'metadata'>;

/** Creates a customer (API or checkout) and sends `customer.created`. */
export function createCustomer(ctx: StripeContext, fields: NewCustomer, cause: EventCause): CustomerRecord {
  const now = ctx.clock.now();
  const customer = ctx.store.customers.put({ id: newId('cus'), order: now.getTime(), created: unixSeconds(now), ...fields });
  ctx.webhooks.send('customer.created', customerJson(customer), cause);
  return customer;
}
