// Benefit grants follow the subscription that carries them (benefit/grant/service.py,
// subscription/service.py enqueue_benefits_grants): a trialing or active subscription holds a
// grant of each of its product's benefits — after a product change, the new product's, the old
// product's others revoked; any other status revokes them. Past due, they are kept while the
// organization's benefit_revocation_grace_period lasts (0 days by default), and the revocation
// is looked at again at each payment retry (order/service.py dunning). A grant revoked and
// granted again keeps its id and sends `benefit_grant.created` again. Polar grants in background
// jobs after the subscription's own webhooks; here they follow at once, in that order, then the
// customer's new state.
import { randomUUID } from 'node:crypto';
import type { StandInContext } from '../context.ts';
import type { GrantRecord, SubscriptionRecord } from '../types.ts';
import { customerStateJson, grantJson } from '../wire.ts';

const GRANTING = new Set(['trialing', 'active']);
const DAY_MS = 24 * 60 * 60 * 1000;

/** When a past-due subscription's benefits go (service.py _is_within_revocation_grace_period), or null outside one. */
export function graceEndsAt(ctx: StandInContext, sub: SubscriptionRecord): Date | null {
  const days = ctx.store.settings().benefit_revocation_grace_period;
  if ((sub.status !== 'past_due' && sub.status !== 'unpaid') || days <= 0 || !sub.past_due_at) return null;
  return new Date(Date.parse(sub.past_due_at) + days * DAY_MS);
}

/** Brings the subscription's grants in line with its status and product, sending each change; true if any changed. */
export function syncGrants(ctx: StandInContext, sub: SubscriptionRecord): boolean {
  const { store } = ctx;
  const granting = GRANTING.has(sub.status);
  const grace = granting ? null : graceEndsAt(ctx, sub);
  // Within the grace period Polar does not enqueue the revocation at all.
  if (grace && ctx.clock.now() < grace) return false;
  const product = store.products.get(sub.product_id);
  const wanted = granting ? new Set(product?.benefits.map((b) => b.id) ?? []) : new Set<string>();
  const existing = store.grants.where('subscription_id', sub.id);
  const at = () => ctx.clock.now().toISOString();
  let changed = false;

  // Outdated grants first (BenefitGrantService.enqueue_benefits_grants: revocations, then grants).
  for (const grant of existing) {
    if (wanted.has(grant.benefit_id) || !grant.granted_at || grant.revoked_at) continue;
    const now = at();
    ctx.webhooks.send('benefit_grant.revoked', grantJson(store, store.grants.put({ ...grant, revoked_at: now, modified_at: now })));
    changed = true;
  }
  for (const benefitId of wanted) {
    const grant = existing.find((g) => g.benefit_id === benefitId);
    if (grant?.granted_at && !grant.revoked_at) continue;
    const now = at();
    const granted: GrantRecord = grant
      ? { ...grant, granted_at: now, revoked_at: null, modified_at: now }
      : { id: randomUUID(), created_at: now, modified_at: null, granted_at: now, revoked_at: null, customer_id: sub.customer_id, benefit_id: benefitId, subscription_id: sub.id };
    ctx.webhooks.send('benefit_grant.created', grantJson(store, store.grants.put(granted)));
    changed = true;
  }
  return changed;
}

/** After a paid renewal: each granted benefit of the subscription is cycled. */
export function cycleGrants(ctx: StandInContext, sub: SubscriptionRecord): void {
  for (const grant of ctx.store.grants.where('subscription_id', sub.id)) {
    if (!grant.granted_at || grant.revoked_at) continue;
    const cycled = ctx.store.grants.put({ ...grant, modified_at: ctx.clock.now().toISOString() });
    ctx.webhooks.send('benefit_grant.cycled', grantJson(ctx.store, cycled));
  }
}

/** `customer.state_changed` with the customer's whole state now (customer/service.py webhook). */
export function sendCustomerState(ctx: StandInContext, customerId: string): void {
  const customer = ctx.store.customers.get(customerId);
  if (customer) ctx.webhooks.send('customer.state_changed', customerStateJson(ctx.store, customer));
}
