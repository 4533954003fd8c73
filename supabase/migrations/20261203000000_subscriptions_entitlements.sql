-- Every subscription, every benefit grant, and who owns each Polar customer.
--
--  - public.subscriptions: one row per provider subscription (a customer can hold several).
--  - public.billing_customers: which app user each provider customer belongs to. A customer,
--    once linked, stays with its user: an event naming another user is a `conflict` and moves
--    nothing.
--  - public.user_subscriptions keeps its contract (one row per user, the customer the portal
--    opens, the current plan), now derived from all of the user's subscriptions.
--  - public.user_entitlements: one row per benefit grant; public.has_entitlement(key) is what
--    the app and RLS policies ask.
-- As before, the only writers are the security-definer functions below (service role only);
-- dedupe (webhook-id) and ordering (the provider's modified_at) happen here, under locks.

alter table public.polar_webhook_events drop constraint polar_webhook_events_outcome_check;
alter table public.polar_webhook_events add constraint polar_webhook_events_outcome_check
  check (outcome in ('applied', 'stale', 'duplicate', 'unmatched', 'ignored', 'unreadable', 'conflict'));
-- Why a delivery was not applied, for the log and the operator (conflicts name both users).
alter table public.polar_webhook_events add column detail text;

create table public.billing_customers (
  provider text not null default 'polar' check (provider ~ '^[a-z][a-z0-9_]*$'),
  customer_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  linked_at timestamptz not null default now(),
  primary key (provider, customer_id)
);
create index billing_customers_user_idx on public.billing_customers (user_id);
comment on table public.billing_customers is 'Which app user each payment-provider customer belongs to. Server-only.';

create table public.subscriptions (
  provider text not null default 'polar' check (provider ~ '^[a-z][a-z0-9_]*$'),
  subscription_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  customer_id text not null,
  status text not null,
  product_id text,
  price_id text,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  ends_at timestamptz,
  ended_at timestamptz,
  trial_start timestamptz,
  trial_end timestamptz,
  started_at timestamptz,
  checkout_id text,
  -- The provider's modified_at (or created_at while null) of the state this row holds.
  modified_at timestamptz not null,
  -- Breaks a tie on modified_at between two different states, the same way in any arrival
  -- order: the later lifecycle step wins, then a digest of the state.
  state_rank smallint not null,
  state_digest text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (provider, subscription_id)
);
create index subscriptions_user_idx on public.subscriptions (user_id);
comment on table public.subscriptions is 'One row per payment-provider subscription, readable by its owner.';

create table public.user_entitlements (
  provider text not null default 'polar' check (provider ~ '^[a-z][a-z0-9_]*$'),
  grant_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  customer_id text not null,
  benefit_id text not null,
  -- The benefit's metadata `key` (set on each feature-flag benefit in Polar): what the app asks for.
  key text,
  description text,
  subscription_id text,
  granted_at timestamptz,
  revoked_at timestamptz,
  -- The provider's time of the state this row holds (a grant's modified_at, a snapshot's time).
  modified_at timestamptz not null,
  updated_at timestamptz not null default now(),
  primary key (provider, grant_id)
);
create index user_entitlements_active_idx on public.user_entitlements (user_id, key)
  where granted_at is not null and revoked_at is null;
create index user_entitlements_customer_idx on public.user_entitlements (provider, customer_id);
comment on table public.user_entitlements is 'One row per benefit grant, readable by its owner. Access is decided by these.';

alter table public.billing_customers enable row level security;
alter table public.subscriptions enable row level security;
alter table public.user_entitlements enable row level security;
revoke all on public.billing_customers, public.subscriptions, public.user_entitlements from anon, authenticated;
grant select on public.subscriptions, public.user_entitlements to authenticated;
grant all on public.billing_customers, public.subscriptions, public.user_entitlements to service_role;

create policy "Users read their own subscriptions" on public.subscriptions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users read their own entitlements" on public.user_entitlements
  for select to authenticated using (user_id = (select auth.uid()));

-- Helpers -------------------------------------------------------------------------------------

-- For a tie on modified_at only: how far along the lifecycle a status is.
create function public.subscription_status_rank(p_status text) returns smallint
language sql immutable set search_path = '' as $$
  select case p_status
    when 'incomplete' then 0 when 'incomplete_expired' then 1 when 'trialing' then 2
    when 'active' then 3 when 'past_due' then 4 when 'paused' then 4
    when 'unpaid' then 5 when 'canceled' then 6 else 3 end::smallint
$$;

-- Who an event belongs to, and whether it may say so. `p_external_user_id` is the user the
-- customer's external id names; `p_claimed_user_id` the one the checkout metadata (or the
-- signed-in user of a post-checkout sync) names; only users that exist count — an external id
-- naming no user here is an account since deleted, or another environment's. The owner is the
-- user the customer is linked to, else the external id's, else the claimed one (so a claim is
-- trusted only for a customer without a live external id and not yet linked), and an unlinked
-- customer is linked to it. Any other user named is a `conflict`: nothing moves.
create function public.resolve_billing_user(
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

-- Recomputes the user's one-row summary from all of their subscriptions: the current plan is a
-- live one (active/trialing before past_due, a renewing one before one set to cancel, then the
-- newest) — else the most recently ended one.
create function public.refresh_user_subscription(p_user_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_sub public.subscriptions;
  customer text;
begin
  insert into public.user_subscriptions (user_id) values (p_user_id) on conflict (user_id) do nothing;
  perform 1 from public.user_subscriptions where user_id = p_user_id for update;

  select * into current_sub from public.subscriptions s
  where s.user_id = p_user_id
  order by
    (s.status in ('active', 'trialing', 'past_due')) desc,
    (s.status in ('active', 'trialing')) desc,
    (not s.cancel_at_period_end) desc,
    coalesce(s.started_at, s.current_period_start, s.created_at) desc,
    coalesce(s.ended_at, s.ends_at, s.modified_at) desc,
    s.subscription_id
  limit 1;

  customer := coalesce(
    current_sub.customer_id,
    (select c.customer_id from public.billing_customers c where c.user_id = p_user_id and c.provider = 'polar' order by c.linked_at desc limit 1)
  );

  update public.user_subscriptions set
    provider = coalesce(current_sub.provider, 'polar'),
    polar_customer_id = customer,
    polar_subscription_id = current_sub.subscription_id,
    status = current_sub.status,
    product_id = current_sub.product_id,
    price_id = current_sub.price_id,
    current_period_start = current_sub.current_period_start,
    current_period_end = current_sub.current_period_end,
    cancel_at_period_end = coalesce(current_sub.cancel_at_period_end, false),
    canceled_at = current_sub.canceled_at,
    ends_at = current_sub.ends_at,
    ended_at = current_sub.ended_at,
    polar_modified_at = current_sub.modified_at,
    updated_at = now()
  where user_id = p_user_id;
end;
$$;

-- Records the outcome of a delivery (a no-op without webhook-id: a state synced from the API).
create function public.finish_polar_webhook_event(p_webhook_id text, p_outcome text, p_user_id uuid, p_detail text)
returns text
language sql
security definer
set search_path = ''
as $$
  update public.polar_webhook_events set outcome = p_outcome, user_id = p_user_id, detail = p_detail
  where webhook_id = p_webhook_id;
  select p_outcome;
$$;

-- A delivery seen before answers as it did: `duplicate` once applied (or stale), and its
-- first outcome again when it was kept without being applied (a conflict stays a conflict).
create function public.redelivery_outcome(p_webhook_id text) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case when e.outcome in ('unmatched', 'conflict', 'unreadable', 'ignored') then e.outcome else 'duplicate' end
  from public.polar_webhook_events e where e.webhook_id = p_webhook_id
$$;

-- Write functions ----------------------------------------------------------------------------

-- A delivery kept without acting on it (`ignored`: a type the app does not act on;
-- `unreadable`: a payload it cannot read). Returns its outcome, as a redelivery does too.
create function public.keep_polar_webhook_event(p_webhook_id text, p_type text, p_payload jsonb, p_outcome text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_outcome not in ('ignored', 'unreadable') then
    raise exception 'keep_polar_webhook_event keeps ignored or unreadable deliveries, not %', p_outcome;
  end if;
  if not public.record_polar_webhook_event(p_webhook_id, p_type, p_payload, p_outcome) then
    return public.redelivery_outcome(p_webhook_id);
  end if;
  return p_outcome;
end;
$$;

drop function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz);
drop function public.link_polar_customer(text, jsonb, text, text, uuid);
drop function public.resolve_polar_user(uuid, text, uuid);

-- One subscription state. Outcomes: applied; duplicate (webhook-id seen, or this very state);
-- stale (an older state); unmatched (no user); conflict (the customer is another user's).
create function public.apply_polar_subscription(
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_subscription_id text,
  p_status text,
  p_modified_at timestamptz,
  p_cancel_at_period_end boolean,
  p_webhook_id text default null,
  p_external_user_id uuid default null,
  p_claimed_user_id uuid default null,
  p_product_id text default null,
  p_price_id text default null,
  p_current_period_start timestamptz default null,
  p_current_period_end timestamptz default null,
  p_canceled_at timestamptz default null,
  p_ends_at timestamptz default null,
  p_ended_at timestamptz default null,
  p_trial_start timestamptz default null,
  p_trial_end timestamptz default null,
  p_started_at timestamptz default null,
  p_checkout_id text default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
  stored public.subscriptions;
  incoming_rank smallint := public.subscription_status_rank(p_status);
  incoming_digest text := md5(concat_ws('|', p_status, p_customer_id, p_product_id, p_price_id, p_current_period_start, p_current_period_end,
    p_cancel_at_period_end, p_canceled_at, p_ends_at, p_ended_at, p_trial_start, p_trial_end, p_started_at));
  result text;
begin
  if p_webhook_id is not null
     and not public.record_polar_webhook_event(p_webhook_id, p_event_type, p_payload, 'applied') then
    return public.redelivery_outcome(p_webhook_id);
  end if;

  select * into who from public.resolve_billing_user('polar', p_customer_id, p_external_user_id, p_claimed_user_id);
  if who.outcome <> 'applied' then
    return public.finish_polar_webhook_event(p_webhook_id, who.outcome, who.user_id, who.detail);
  end if;

  select * into stored from public.subscriptions
  where provider = 'polar' and subscription_id = p_subscription_id for update;
  if found and stored.user_id <> who.user_id then
    return public.finish_polar_webhook_event(p_webhook_id, 'conflict', stored.user_id,
      format('subscription %s belongs to user %s; the event names user %s', p_subscription_id, stored.user_id, who.user_id));
  end if;

  if found and (stored.modified_at, stored.state_rank, stored.state_digest) = (p_modified_at, incoming_rank, incoming_digest) then
    result := 'duplicate';
  elsif found and (stored.modified_at, stored.state_rank, stored.state_digest) > (p_modified_at, incoming_rank, incoming_digest) then
    result := 'stale';
  else
    insert into public.subscriptions as s (
      provider, subscription_id, user_id, customer_id, status, product_id, price_id, current_period_start, current_period_end,
      cancel_at_period_end, canceled_at, ends_at, ended_at, trial_start, trial_end, started_at, checkout_id,
      modified_at, state_rank, state_digest
    ) values (
      'polar', p_subscription_id, who.user_id, p_customer_id, p_status, p_product_id, p_price_id, p_current_period_start, p_current_period_end,
      coalesce(p_cancel_at_period_end, false), p_canceled_at, p_ends_at, p_ended_at, p_trial_start, p_trial_end, p_started_at, p_checkout_id,
      p_modified_at, incoming_rank, incoming_digest
    )
    on conflict (provider, subscription_id) do update set
      customer_id = excluded.customer_id, status = excluded.status, product_id = excluded.product_id, price_id = excluded.price_id,
      current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
      cancel_at_period_end = excluded.cancel_at_period_end, canceled_at = excluded.canceled_at, ends_at = excluded.ends_at,
      ended_at = excluded.ended_at, trial_start = excluded.trial_start, trial_end = excluded.trial_end,
      started_at = coalesce(excluded.started_at, s.started_at), checkout_id = coalesce(excluded.checkout_id, s.checkout_id),
      modified_at = excluded.modified_at, state_rank = excluded.state_rank, state_digest = excluded.state_digest, updated_at = now();
    result := 'applied';
  end if;

  perform public.refresh_user_subscription(who.user_id);
  return public.finish_polar_webhook_event(p_webhook_id, result, who.user_id, null);
end;
$$;

-- customer.* events: links the customer to the user its external id names.
create function public.link_polar_customer(
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_webhook_id text default null,
  p_external_user_id uuid default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
begin
  if p_webhook_id is not null
     and not public.record_polar_webhook_event(p_webhook_id, p_event_type, p_payload, 'applied') then
    return public.redelivery_outcome(p_webhook_id);
  end if;
  select * into who from public.resolve_billing_user('polar', p_customer_id, p_external_user_id, null);
  if who.outcome = 'applied' then
    perform public.refresh_user_subscription(who.user_id);
  end if;
  return public.finish_polar_webhook_event(p_webhook_id, who.outcome, who.user_id, who.detail);
end;
$$;

-- One benefit grant (benefit_grant.* events). The user: the customer's, else the one the grant's
-- subscription belongs to.
create function public.apply_polar_benefit_grant(
  p_event_type text,
  p_payload jsonb,
  p_grant_id text,
  p_customer_id text,
  p_benefit_id text,
  p_modified_at timestamptz,
  p_webhook_id text default null,
  p_external_user_id uuid default null,
  p_key text default null,
  p_description text default null,
  p_subscription_id text default null,
  p_granted_at timestamptz default null,
  p_revoked_at timestamptz default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
  stored public.user_entitlements;
  result text;
begin
  if p_webhook_id is not null
     and not public.record_polar_webhook_event(p_webhook_id, p_event_type, p_payload, 'applied') then
    return public.redelivery_outcome(p_webhook_id);
  end if;
  select * into who from public.resolve_billing_user('polar', p_customer_id, p_external_user_id,
    (select s.user_id from public.subscriptions s where s.provider = 'polar' and s.subscription_id = p_subscription_id));
  if who.outcome <> 'applied' then
    return public.finish_polar_webhook_event(p_webhook_id, who.outcome, who.user_id, who.detail);
  end if;

  select * into stored from public.user_entitlements where provider = 'polar' and grant_id = p_grant_id for update;
  if found and stored.modified_at > p_modified_at then
    result := 'stale';
  elsif found and stored.modified_at = p_modified_at
        and stored.granted_at is not distinct from p_granted_at and stored.revoked_at is not distinct from p_revoked_at then
    result := 'duplicate';
  elsif found and stored.modified_at = p_modified_at and stored.revoked_at is not null then
    -- Same instant, different state: a revocation wins, whichever arrives first.
    result := 'stale';
  else
    insert into public.user_entitlements as e (provider, grant_id, user_id, customer_id, benefit_id, key, description, subscription_id, granted_at, revoked_at, modified_at)
    values ('polar', p_grant_id, who.user_id, p_customer_id, p_benefit_id, p_key, p_description, p_subscription_id, p_granted_at, p_revoked_at, p_modified_at)
    on conflict (provider, grant_id) do update set
      user_id = excluded.user_id, customer_id = excluded.customer_id, benefit_id = excluded.benefit_id,
      key = coalesce(excluded.key, e.key), description = coalesce(excluded.description, e.description),
      subscription_id = coalesce(excluded.subscription_id, e.subscription_id),
      granted_at = excluded.granted_at, revoked_at = excluded.revoked_at, modified_at = excluded.modified_at, updated_at = now();
    result := 'applied';
  end if;
  if result <> 'applied' then
    -- A snapshot (customer.state_changed) stores a grant without its subscription or
    -- description, and may land first: an older event of the grant still tells those, and
    -- they do not change over a grant's life.
    update public.user_entitlements
    set subscription_id = coalesce(subscription_id, p_subscription_id), description = coalesce(description, p_description), updated_at = now()
    where provider = 'polar' and grant_id = p_grant_id
      and ((subscription_id is null and p_subscription_id is not null) or (description is null and p_description is not null));
  end if;
  return public.finish_polar_webhook_event(p_webhook_id, result, who.user_id, null);
end;
$$;

-- A customer.state_changed snapshot as of `p_as_of`: the grants it lists are granted, and the
-- customer's other grants are revoked — each only where the stored state is older.
-- `p_grants` is a JSON array of {grant_id, benefit_id, key, description, granted_at}.
create function public.apply_polar_customer_state(
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_as_of timestamptz,
  p_grants jsonb,
  p_webhook_id text default null,
  p_external_user_id uuid default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
  changed int := 0;
  n int;
begin
  if p_webhook_id is not null
     and not public.record_polar_webhook_event(p_webhook_id, p_event_type, p_payload, 'applied') then
    return public.redelivery_outcome(p_webhook_id);
  end if;
  select * into who from public.resolve_billing_user('polar', p_customer_id, p_external_user_id, null);
  if who.outcome <> 'applied' then
    return public.finish_polar_webhook_event(p_webhook_id, who.outcome, who.user_id, who.detail);
  end if;

  with listed as (
    select g.grant_id, g.benefit_id, g.key, g.description, g.granted_at
    from jsonb_to_recordset(p_grants) as g(grant_id text, benefit_id text, key text, description text, granted_at timestamptz)
  )
  insert into public.user_entitlements as e (provider, grant_id, user_id, customer_id, benefit_id, key, description, granted_at, revoked_at, modified_at)
  select 'polar', l.grant_id, who.user_id, p_customer_id, l.benefit_id, l.key, l.description, coalesce(l.granted_at, p_as_of), null, p_as_of
  from listed l
  on conflict (provider, grant_id) do update set
    user_id = excluded.user_id, benefit_id = excluded.benefit_id, key = coalesce(excluded.key, e.key),
    description = coalesce(excluded.description, e.description), granted_at = excluded.granted_at,
    revoked_at = null, modified_at = excluded.modified_at, updated_at = now()
  where e.modified_at < excluded.modified_at and (e.revoked_at is not null or e.granted_at is distinct from excluded.granted_at);
  get diagnostics n = row_count;
  changed := changed + n;

  update public.user_entitlements e set revoked_at = p_as_of, modified_at = p_as_of, updated_at = now()
  where e.provider = 'polar' and e.customer_id = p_customer_id and e.revoked_at is null and e.modified_at < p_as_of
    and not exists (select 1 from jsonb_to_recordset(p_grants) as g(grant_id text) where g.grant_id = e.grant_id);
  get diagnostics n = row_count;
  changed := changed + n;

  return public.finish_polar_webhook_event(p_webhook_id, case when changed > 0 then 'applied' else 'duplicate' end, who.user_id, null);
end;
$$;

-- Reading access -----------------------------------------------------------------------------

-- Whether the signed-in user holds a granted, unrevoked benefit with this key. Stable, so an
-- RLS policy that calls it as `(select public.has_entitlement('…'))` runs it once per
-- statement (an init plan: one index lookup), not once per row.
create function public.has_entitlement(p_key text) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.user_entitlements e
    where e.user_id = (select auth.uid()) and e.key = p_key and e.granted_at is not null and e.revoked_at is null
  )
$$;

-- The gated example: notes only Pro users may write (the insert policy asks has_entitlement).
create table public.pro_notes (
  id bigint generated always as identity primary key,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  body text not null check (char_length(body) between 1 and 500),
  created_at timestamptz not null default now()
);
create index pro_notes_user_idx on public.pro_notes (user_id, created_at desc);
comment on table public.pro_notes is 'Example of a table gated by an entitlement: inserting needs the `pro` benefit.';
alter table public.pro_notes enable row level security;
revoke all on public.pro_notes from anon, authenticated;
grant select, insert on public.pro_notes to authenticated;
grant all on public.pro_notes to service_role;
create policy "Users read their own notes" on public.pro_notes
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Pro users write their own notes" on public.pro_notes
  for insert to authenticated with check (user_id = (select auth.uid()) and (select public.has_entitlement('pro')));

-- Privileges: the write path for the service role only; has_entitlement for signed-in users.
revoke all on function public.subscription_status_rank(text) from public, anon, authenticated;
revoke all on function public.resolve_billing_user(text, text, uuid, uuid) from public, anon, authenticated;
revoke all on function public.refresh_user_subscription(uuid) from public, anon, authenticated;
revoke all on function public.finish_polar_webhook_event(text, text, uuid, text) from public, anon, authenticated;
revoke all on function public.redelivery_outcome(text) from public, anon, authenticated;
revoke all on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text) from public, anon, authenticated;
revoke all on function public.link_polar_customer(text, jsonb, text, text, uuid) from public, anon, authenticated;
revoke all on function public.apply_polar_benefit_grant(text, jsonb, text, text, text, timestamptz, text, uuid, text, text, text, timestamptz, timestamptz) from public, anon, authenticated;
revoke all on function public.apply_polar_customer_state(text, jsonb, text, timestamptz, jsonb, text, uuid) from public, anon, authenticated;
revoke all on function public.has_entitlement(text) from public, anon;
grant execute on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text) to service_role;
grant execute on function public.link_polar_customer(text, jsonb, text, text, uuid) to service_role;
grant execute on function public.apply_polar_benefit_grant(text, jsonb, text, text, text, timestamptz, text, uuid, text, text, text, timestamptz, timestamptz) to service_role;
grant execute on function public.apply_polar_customer_state(text, jsonb, text, timestamptz, jsonb, text, uuid) to service_role;
grant execute on function public.has_entitlement(text) to authenticated, service_role;
revoke all on function public.keep_polar_webhook_event(text, text, jsonb, text) from public, anon, authenticated;
grant execute on function public.keep_polar_webhook_event(text, text, jsonb, text) to service_role;

-- The first wave's rows: each user's customer and newest subscription.
insert into public.billing_customers (provider, customer_id, user_id)
select provider, polar_customer_id, user_id from public.user_subscriptions where polar_customer_id is not null
on conflict do nothing;
insert into public.subscriptions (provider, subscription_id, user_id, customer_id, status, product_id, price_id,
  current_period_start, current_period_end, cancel_at_period_end, canceled_at, ends_at, ended_at, modified_at, state_rank, state_digest)
select provider, polar_subscription_id, user_id, polar_customer_id, status, product_id, price_id,
  current_period_start, current_period_end, cancel_at_period_end, canceled_at, ends_at, ended_at,
  coalesce(polar_modified_at, updated_at), public.subscription_status_rank(status), 'first-wave'
from public.user_subscriptions
where polar_subscription_id is not null and polar_customer_id is not null and status is not null
on conflict do nothing;
