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

-- As before (20261215000000), with the product's users locked, in one order, before their
-- subscriptions.
create or replace function public.set_product_entitlements(p_provider text, p_product_id text, p_keys text[], p_descriptions text[] default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  sub_id text;
begin
  delete from public.product_entitlements where provider = p_provider and product_id = p_product_id;
  insert into public.product_entitlements (provider, product_id, key, description)
  select p_provider, p_product_id, k.key, p_descriptions[k.n]
  from unnest(p_keys) with ordinality as k(key, n);
  perform 1 from auth.users u
  where u.id in (select s.user_id from public.subscriptions s where s.provider = p_provider and s.product_id = p_product_id)
  order by u.id for key share;
  for sub_id in
    select s.subscription_id from public.subscriptions s where s.provider = p_provider and s.product_id = p_product_id for update
  loop
    perform public.sync_product_entitlements(p_provider, sub_id);
  end loop;
end;
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

revoke all on function public.lock_billing_user(uuid) from public, anon, authenticated;
