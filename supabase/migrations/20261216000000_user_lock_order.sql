-- A user's billing writes and that user's deletion take their locks in one order: the user's
-- auth.users row first.
--
-- Supabase Auth deletes a user with one DELETE on auth.users: the user's row is locked first,
-- then the cascade locks each billing row of theirs (the summary row, the subscriptions, the
-- customers, the entitlements). A webhook locked the subscription row first and the summary row
-- after it. A deletion arriving in between (as the webhooks of the very subscription the
-- deletion had just ended do) then waited on the webhook while the webhook waited on it, and
-- Postgres aborted one of them as a deadlock: the account deletion answered 500 with its
-- subscription already ended.
--
-- Now every write locks its user's row (FOR KEY SHARE, the lock a foreign key check takes) as
-- soon as it knows the user, before any row of theirs. A deletion then waits for the write, or
-- the write waits for the deletion and finds no one: `unmatched`, as for any deleted user.
-- Writers that lock one row and wait on nothing after it (the reconciler's forget_* and
-- revoke_unknown_polar_grant, record_polar_checkout) cannot close such a cycle, and stay as
-- they were.
-- The lock needs UPDATE on auth.users, which the functions' owner holds on hosted Supabase too
-- (supabase/postgres, migrations/db/migrations/20211115181400_update-auth-permissions.sql:
-- `GRANT ALL ON ALL TABLES IN SCHEMA auth TO postgres`; the 2024 lock-down revoked only
-- auth.schema_migrations).

create function public.lock_billing_user(p_user_id uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform 1 from auth.users u where u.id = p_user_id for key share;
  return found;
end;
$$;

-- As before (20261203000000), with the resolved user locked before their customer is linked.
create or replace function public.resolve_billing_user(
  p_provider text,
  p_customer_id text,
  p_external_user_id uuid,
  p_claimed_user_id uuid,
  out user_id uuid,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  linked uuid;
  external_user uuid;
  claimed_user uuid;
begin
  -- Serialise everyone resolving this customer, so two first events link it once.
  perform pg_advisory_xact_lock(hashtextextended(p_provider || ':' || p_customer_id, 0));
  select c.user_id into linked from public.billing_customers c
  where c.provider = p_provider and c.customer_id = p_customer_id;
  select u.id into external_user from auth.users u where u.id = p_external_user_id;
  select u.id into claimed_user from auth.users u where u.id = p_claimed_user_id;

  user_id := coalesce(linked, external_user, claimed_user);
  if user_id is null then
    outcome := 'unmatched';
    detail := format('customer %s names no user of this app', p_customer_id);
    return;
  end if;
  if not public.lock_billing_user(user_id) then
    outcome := 'unmatched';
    detail := format('customer %s belonged to user %s, deleted meanwhile', p_customer_id, user_id);
    user_id := null;
    return;
  end if;
  if linked is null then
    insert into public.billing_customers (provider, customer_id, user_id) values (p_provider, p_customer_id, user_id);
  end if;
  if external_user <> user_id or claimed_user <> user_id then
    outcome := 'conflict';
    detail := format('customer %s belongs to user %s; the event names user %s', p_customer_id, user_id,
      case when external_user <> user_id then external_user else claimed_user end);
    return;
  end if;
  outcome := 'applied';
end;
$$;

-- As before (20261215000000), each subscription's user locked before the subscription; a
-- subscription whose user was deleted meanwhile, or that moved to another product, is skipped.
create or replace function public.set_product_entitlements(p_provider text, p_product_id text, p_keys text[], p_descriptions text[] default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  sub record;
begin
  delete from public.product_entitlements where provider = p_provider and product_id = p_product_id;
  insert into public.product_entitlements (provider, product_id, key, description)
  select p_provider, p_product_id, k.key, p_descriptions[k.n]
  from unnest(p_keys) with ordinality as k(key, n);
  for sub in
    select s.subscription_id, s.user_id from public.subscriptions s
    where s.provider = p_provider and s.product_id = p_product_id order by s.user_id, s.subscription_id
  loop
    continue when not public.lock_billing_user(sub.user_id);
    perform 1 from public.subscriptions s
    where s.provider = p_provider and s.subscription_id = sub.subscription_id and s.product_id = p_product_id for update;
    continue when not found;
    perform public.sync_product_entitlements(p_provider, sub.subscription_id);
  end loop;
end;
$$;

-- As before (20261211000000), with the checkouts' users locked first, in one order.
create or replace function public.mark_polar_checkouts_checked(p_checkout_ids text[]) returns void
language sql security definer set search_path = '' as $$
  select 1 from auth.users u
  where u.id in (select c.user_id from public.billing_checkouts c where c.provider = 'polar' and c.checkout_id = any(p_checkout_ids))
  order by u.id for key share;
  update public.billing_checkouts set checked_at = now()
  where provider = 'polar' and checkout_id = any(p_checkout_ids);
$$;

-- As before (20261205000000), with the user locked first; a user deleted meanwhile has nothing
-- left to drift.
create or replace function public.reconcile_user_subscription(p_user_id uuid) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  before_row jsonb;
  after_row jsonb;
begin
  if not public.lock_billing_user(p_user_id) then
    return false;
  end if;
  select to_jsonb(s) - 'updated_at' - 'created_at' into before_row from public.user_subscriptions s where s.user_id = p_user_id;
  perform public.refresh_user_subscription(p_user_id);
  select to_jsonb(s) - 'updated_at' - 'created_at' into after_row from public.user_subscriptions s where s.user_id = p_user_id;
  return before_row is distinct from after_row;
end;
$$;

-- The deletion's cascade finds a user's rows by user_id: without an index on it, every deletion
-- reads the whole table (these two had only partial or unrelated indexes).
create index billing_checkouts_user_idx on public.billing_checkouts (user_id);
create index user_entitlements_user_idx on public.user_entitlements (user_id);

revoke all on function public.lock_billing_user(uuid) from public, anon, authenticated;
