// The pricing page against a catalog as Polar's API returns it today: products whose prices or
// benefits no sdk schema knew still leave the page up; the ones it cannot sell are skipped and
// logged once, not per visit.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { monthlyProduct } from '../../../local/polar/index.ts';
import { eventually } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const added: Array<ReturnType<typeof monthlyProduct>> = [];

/** Adds a product to the catalog for this file only (archived again afterwards). */
async function addProduct(name: string, change: (product: ReturnType<typeof monthlyProduct>) => void) {
  const product = monthlyProduct(randomUUID(), randomUUID(), name, `${name}, for the pricing test`, 4900);
  change(product);
  added.push(product);
  await control.addPolarProduct(product);
  return product;
}

afterAll(async () => {
  for (const product of added) await control.addPolarProduct({ ...product, is_archived: true });
});

const home = async () => (await fetch(stack.appUrl)).text();

describe('the pricing page', () => {
  it('shows what it can sell and skips, logging once, the products it cannot show', async () => {
    const metered = await addProduct('Metered Team', (p) => {
      p.prices = [{ ...p.prices[0]!, amount_type: 'unit_based', price_amount: undefined, tiers: { type: 'volume', tiers: [{ bound: null, unit_amount: '150' }] }, minimum_units: 1, unit_label: 'seat' }];
    });
    await addProduct('Future Perks', (p) => {
      p.benefits = [{ id: randomUUID(), created_at: p.created_at, modified_at: null, type: 'a_type_from_2027', description: 'Something new', selectable: true, deletable: true, is_deleted: false, organization_id: p.organization_id, metadata: { plan: 'future' }, visibility: 'public', visibility_configurable: true, properties: { any: 'thing' } }];
    });
    await addProduct('Pay What You Want', (p) => {
      p.prices = [{ ...p.prices[0]!, amount_type: 'custom', price_amount: undefined, minimum_amount: 500, maximum_amount: null, preset_amount: null }];
    });

    // The app reuses the product list for a second (POLAR_PRODUCTS_CACHE_SECONDS in tests).
    const page = await eventually(async () => {
      const html = await home();
      return html.includes('Future Perks') && html;
    });
    expect(page).toContain('Starter');
    expect(page).toContain('Pro');
    expect(page).toContain('$49 / month');
    expect(page).not.toContain('Metered Team');
    expect(page).not.toContain('Pay What You Want');
    expect(page).not.toContain('Pricing is unavailable');

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await home();
    const logs = await control.appLogs();
    expect(logs.split(`product ${metered.id} (Metered Team) skipped: no fixed price (price types: unit_based)`).length - 1).toBe(1);
  });
});
