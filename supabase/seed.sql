-- Local development data, loaded after the migrations by the offline stack and by
-- `supabase db reset`. Never run against a hosted project.
--
-- A confirmed demo user (demo@billing-starter.dev / demo-password-123) with no subscription yet, so
-- the whole checkout → portal loop can be clicked through right after `npm run dev`. It is an
-- operator too (app_metadata.role = admin), so /admin/billing opens for it.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
) values (
  '00000000-0000-0000-0000-000000000000',
  'd0d0d0d0-0000-4000-8000-000000000001',
  'authenticated', 'authenticated', 'demo@billing-starter.dev',
  extensions.crypt('demo-password-123', extensions.gen_salt('bf')),
  now(),
  '{"provider":"email","providers":["email"],"role":"admin"}', '{}', now(), now(),
  '', '', '', ''
) on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
values (
  'd0d0d0d0-0000-4000-8000-000000000001',
  'd0d0d0d0-0000-4000-8000-000000000001',
  '{"sub":"d0d0d0d0-0000-4000-8000-000000000001","email":"demo@billing-starter.dev","email_verified":true}',
  'email', now(), now()
) on conflict (provider_id, provider) do nothing;

