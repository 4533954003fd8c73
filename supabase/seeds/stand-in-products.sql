-- The keys the Stripe and Lemon Squeezy stand-ins' plans give (local/stripe/seed.ts,
-- local/lemonsqueezy/seed.ts), as the Polar stand-in's benefits do: Starter `core`, Pro `core`
-- and `pro`. Local development only, never a hosted project: with real keys, set your own
-- products' keys the same way (README → Payment providers). Idempotent: the offline stack runs
-- it on every start, so a database made before these plans existed gets them too.
select public.set_product_entitlements('stripe', 'prod_StandInStarter', array['core'], array['Unlimited projects and the API']);
select public.set_product_entitlements('stripe', 'prod_StandInPro', array['core', 'pro'], array['Unlimited projects and the API', 'Pro notes, priority support and advanced analytics']);
select public.set_product_entitlements('lemonsqueezy', '20001', array['core'], array['Unlimited projects and the API']);
select public.set_product_entitlements('lemonsqueezy', '20002', array['core', 'pro'], array['Unlimited projects and the API', 'Pro notes, priority support and advanced analytics']);
