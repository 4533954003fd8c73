// Checkouts (docs.lemonsqueezy.com/api/checkouts/create-checkout): `relationships.store` and
// `relationships.variant` are required and must name the store and one of its variants (422
// with a `source.pointer` otherwise); `checkout_data.email` must be an email, `checkout_data.custom`
// an object (its keys come back as `meta.custom_data` on the purchase's webhooks),
// `product_options.redirect_url` a URL. The answer (201) is a `checkouts` resource whose
// `attributes.url` is the stand-in's hosted page.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { LemonSqueezyContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { documentResponse, filtersOf, listResponse } from '../json-api.ts';
import { found, isObject, refuseInclude, relatedId, resourceOf } from '../request.ts';
import type { CheckoutRecord } from '../types.ts';
import { checkoutResource } from '../wire.ts';

// The defaults the checkout object shows for options not given.
const PRODUCT_OPTIONS = { name: '', description: '', media: [], redirect_url: '', receipt_button_text: '', receipt_link_url: '', receipt_thank_you_note: '', enabled_variants: [], confirmation_title: '', confirmation_message: '', confirmation_button_text: '' };
const CHECKOUT_OPTIONS = { embed: false, media: true, logo: true, desc: true, discount: true, skip_trial: false, quantity: 1, subscription_preview: true, button_color: '#7047EB' };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function optionalObject(value: unknown, pointer: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid(pointer, `The ${pointer.split('/').at(-1)} field must be an object.`);
  return value;
}

function optionalString(value: unknown, pointer: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(pointer, `The ${pointer.split('/').at(-1)} field must be a string.`);
  return value;
}

function checkUrl(value: string | null, pointer: string): void {
  if (value === null) return;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return;
  } catch {
    // falls through to the 422
  }
  throw invalid(pointer, `The ${pointer.split('/').at(-1)} field must be a valid URL.`);
}

export function registerCheckoutApi(app: Hono, ctx: LemonSqueezyContext): void {
  const { store } = ctx;

  app.post('/v1/checkouts', async (c) => {
    const input = await resourceOf(c, 'checkouts');
    const storeId = relatedId(input.relationships, 'store', 'stores');
    const variantId = relatedId(input.relationships, 'variant', 'variants');
    if (storeId === undefined) throw invalid('/data/relationships/store', 'The store field is required.');
    if (variantId === undefined) throw invalid('/data/relationships/variant', 'The variant field is required.');
    if (!store.stores.has(storeId)) throw invalid('/data/relationships/store', 'The selected store is invalid.');
    const variant = store.variants.get(variantId);
    if (!variant || store.products.get(variant.product_id)?.store_id !== storeId) throw invalid('/data/relationships/variant', 'The selected variant is invalid.');

    const { attributes } = input;
    if (attributes.custom_price !== undefined && attributes.custom_price !== null) throw invalid('/data/attributes/custom_price', 'custom_price is not modelled by the stand-in.');
    const data = optionalObject(attributes.checkout_data, '/data/attributes/checkout_data');
    const email = optionalString(data.email, '/data/attributes/checkout_data/email');
    if (email !== null && !EMAIL.test(email)) throw invalid('/data/attributes/checkout_data/email', 'The checkout data.email must be a valid email address.');
    const custom = optionalObject(data.custom, '/data/attributes/checkout_data/custom');
    const productOptions = optionalObject(attributes.product_options, '/data/attributes/product_options');
    checkUrl(optionalString(productOptions.redirect_url, '/data/attributes/product_options/redirect_url'), '/data/attributes/product_options/redirect_url');
    const expiresAt = optionalString(attributes.expires_at, '/data/attributes/expires_at');
    if (expiresAt !== null && Number.isNaN(Date.parse(expiresAt))) throw invalid('/data/attributes/expires_at', 'The expires at is not a valid date.');

    const now = ctx.clock.now().toISOString();
    const checkout: CheckoutRecord = store.checkouts.put({
      id: randomUUID(),
      store_id: storeId,
      variant_id: variantId,
      email,
      name: optionalString(data.name, '/data/attributes/checkout_data/name'),
      custom: Object.keys(custom).length ? custom : null,
      product_options: { ...PRODUCT_OPTIONS, ...productOptions },
      checkout_options: { ...CHECKOUT_OPTIONS, ...optionalObject(attributes.checkout_options, '/data/attributes/checkout_options') },
      expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      created_at: now,
      updated_at: now,
      order_id: null,
    });
    return documentResponse(c, checkoutResource(ctx, checkout), 201);
  });

  app.get('/v1/checkouts/:id', (c) => {
    refuseInclude(c);
    return documentResponse(c, checkoutResource(ctx, found(store.checkouts.get(c.req.param('id')))));
  });

  app.get('/v1/checkouts', (c) => {
    refuseInclude(c);
    const filter = filtersOf(c, ['store_id', 'variant_id']);
    const checkouts = store.checkouts
      .values()
      .filter((k) => (filter.store_id === undefined || k.store_id === filter.store_id) && (filter.variant_id === undefined || k.variant_id === filter.variant_id))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return listResponse(c, ctx.publicUrl(), checkouts.map((k) => checkoutResource(ctx, k)));
  });
}
