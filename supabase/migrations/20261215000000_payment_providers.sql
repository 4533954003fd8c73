-- Stripe and Lemon Squeezy write through the same functions as Polar.
--
--  - public.apply_subscription(provider, …) is the one subscription write: dedupe on the
--    delivery's id, ordering by the provider's time under the row lock, conflicts kept. Polar's
--    apply_polar_subscription keeps its signature and calls it.
--  - Deliveries: Polar's stay in public.polar_webhook_events (the operator's tools read them);
--    the other providers' go to public.provider_webhook_events, keyed by (provider, event id):
--    Stripe's `evt_…` id, or a digest of the body for Lemon Squeezy, which sends no event id.
--  - Access: Polar grants benefits itself (benefit_grant.* rows). Stripe and Lemon Squeezy have
--    no such grants here, so public.product_entitlements says which keys each of their products
--    gives, and every write of one of their subscriptions grants or revokes its rows in
--    public.user_entitlements — the same rows public.has_entitlement (and RLS) reads.
--  - public.user_subscriptions gains `customer_id` and `subscription_id`: the current plan's, of
--    whichever provider. `polar_customer_id` is the user's Polar customer only (GET /api/portal).

create table public.provider_webhook_events (
  provider text not null check (provider in ('stripe', 'lemonsqueezy')),
  event_id text not null,
  type text not null,
  received_at timestamptz not null default now(),
  outcome text not null check (outcome in ('applied', 'stale', 'duplicate', 'unmatched', 'ignored', 'unreadable', 'conflict')),
  user_id uuid,
  detail text,
  payload jsonb not null,
  primary key (provider, event_id)
);
create index provider_webhook_events_received_at_idx on public.provider_webhook_events (received_at);
comment on table public.provider_webhook_events is
  'Every Stripe and Lemon Squeezy webhook delivery, keyed by event id: deduplication and audit. Server-only.';

create table public.product_entitlements (
  provider text not null check (provider in ('stripe', 'lemonsqueezy')),
  product_id text not null,
  key text not null check (key ~ '^[a-z][a-z0-9_-]*$'),
  description text,
  primary key (provider, product_id, key)
);
comment on table public.product_entitlements is
  'Which entitlement keys a Stripe or Lemon Squeezy product gives (Polar says so with its benefits). Server-only; set with set_product_entitlements.';

alter table public.provider_webhook_events enable row level security;
alter table public.product_entitlements enable row level security;
revoke all on public.provider_webhook_events, public.product_entitlements from anon, authenticated;
grant all on public.provider_webhook_events, public.product_entitlements to service_role;

alter table public.user_subscriptions
  add column customer_id text,
  add column subscription_id text;
update public.user_subscriptions set customer_id = polar_customer_id, subscription_id = polar_subscription_id;

-- Deliveries, whichever provider --------------------------------------------------------------

-- Records a delivery once; false for one seen before (a redelivery, not to be applied again).
create function public.record_webhook_event(p_provider text, p_event_id text, p_type text, p_payload jsonb, p_outcome text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  inserted text;
begin
  if p_provider = 'polar' then
    return public.record_polar_webhook_event(p_event_id, p_type, p_payload, p_outcome);
  end if;
  insert into public.provider_webhook_events (provider, event_id, type, outcome, payload)
  values (p_provider, p_event_id, p_type, p_outcome, p_payload)
  on conflict (provider, event_id) do nothing
  returning event_id into inserted;
  return inserted is not null;
end;
$$;

-- Records a delivery's outcome and returns it (a no-op without an event id: a state read from the API).
create function public.finish_webhook_event(p_provider text, p_event_id text, p_outcome text, p_user_id uuid, p_detail text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_provider = 'polar' then
    return public.finish_polar_webhook_event(p_event_id, p_outcome, p_user_id, p_detail);
  end if;
  update public.provider_webhook_events set outcome = p_outcome, user_id = p_user_id, detail = p_detail
  where provider = p_provider and event_id = p_event_id;
  return p_outcome;
end;
$$;

-- A delivery seen before answers as it did the first time (see redelivery_outcome).
create function public.webhook_redelivery_outcome(p_provider text, p_event_id text) returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_provider = 'polar' then
    return public.redelivery_outcome(p_event_id);
  end if;
  return (
    select case when e.outcome in ('unmatched', 'conflict', 'unreadable', 'ignored') then e.outcome else 'duplicate' end
    from public.provider_webhook_events e where e.provider = p_provider and e.event_id = p_event_id
  );
end;
$$;

-- A delivery kept without acting on it: `ignored` (a type the app does not act on) or
-- `unreadable` (a payload it cannot read). Returns its outcome, as a redelivery does too.
create function public.keep_webhook_event(p_provider text, p_event_id text, p_type text, p_payload jsonb, p_outcome text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_outcome not in ('ignored', 'unreadable') then
    raise exception 'keep_webhook_event keeps ignored or unreadable deliveries, not %', p_outcome;
  end if;
  if not public.record_webhook_event(p_provider, p_event_id, p_type, p_payload, p_outcome) then
    return public.webhook_redelivery_outcome(p_provider, p_event_id);
  end if;
  return p_outcome;
end;
$$;

-- Entitlements from products (Stripe, Lemon Squeezy) -----------------------------------------

-- Grants the subscription's product's keys while it is trialing or active, and revokes the rest
-- of its rows (another plan's keys, or all of them once it is past due, paused or ended). Rows
-- are per subscription and key, so a second subscription with the same key keeps it.
create function public.sync_product_entitlements(p_provider text, p_subscription_id text) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  sub public.subscriptions;
  live boolean;
begin
  select * into sub from public.subscriptions s where s.provider = p_provider and s.subscription_id = p_subscription_id;
  if not found then
    return;
  end if;
  live := sub.status in ('active', 'trialing');

  update public.user_entitlements e set revoked_at = sub.modified_at, modified_at = sub.modified_at, updated_at = now()
  where e.provider = p_provider and e.subscription_id = p_subscription_id and e.revoked_at is null
    and (not live or not exists (
      select 1 from public.product_entitlements p
      where p.provider = p_provider and p.product_id = sub.product_id and p.key = e.key));

  if live then
    insert into public.user_entitlements as e (provider, grant_id, user_id, customer_id, benefit_id, key, description, subscription_id, granted_at, modified_at)
    select p_provider, sub.subscription_id || ':' || p.key, sub.user_id, sub.customer_id, p.product_id, p.key, p.description, sub.subscription_id,
      sub.modified_at, sub.modified_at
    from public.product_entitlements p
    where p.provider = p_provider and p.product_id = sub.product_id
    on conflict (provider, grant_id) do update set
      user_id = excluded.user_id, customer_id = excluded.customer_id, benefit_id = excluded.benefit_id,
      description = excluded.description, modified_at = excluded.modified_at, updated_at = now(),
      -- Granted again after a revocation: a new grant time. Still granted: the first one stays.
      granted_at = case when e.revoked_at is null then e.granted_at else excluded.granted_at end,
      revoked_at = null;
  end if;
end;
$$;

-- Sets the keys a product gives, and applies them at once to its subscriptions stored so far.
-- For the operator (SQL editor) and the offline stack's seed.
create function public.set_product_entitlements(p_provider text, p_product_id text, p_keys text[], p_descriptions text[] default null)
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
  for sub_id in
    select s.subscription_id from public.subscriptions s where s.provider = p_provider and s.product_id = p_product_id for update
  loop
    perform public.sync_product_entitlements(p_provider, sub_id);
  end loop;
end;
$$;

-- The user's summary row ---------------------------------------------------------------------

-- As before, with the current plan's customer and subscription of whichever provider; the
-- provider is the current plan's, else that of the customer linked last. polar_* name Polar's.
create or replace function public.refresh_user_subscription(p_user_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_sub public.subscriptions;
  last_customer public.billing_customers;
  polar_customer text;
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

  select * into last_customer from public.billing_customers c
  where c.user_id = p_user_id order by c.linked_at desc, c.provider, c.customer_id limit 1;
  polar_customer := case when current_sub.provider = 'polar' then current_sub.customer_id else
    (select c.customer_id from public.billing_customers c where c.user_id = p_user_id and c.provider = 'polar' order by c.linked_at desc limit 1) end;

  update public.user_subscriptions set
    provider = coalesce(current_sub.provider, last_customer.provider, 'polar'),
    customer_id = coalesce(current_sub.customer_id, last_customer.customer_id),
    subscription_id = current_sub.subscription_id,
    polar_customer_id = polar_customer,
    polar_subscription_id = case when current_sub.provider = 'polar' then current_sub.subscription_id end,
    status = current_sub.status,
    product_id = current_sub.product_id,
    price_id = current_sub.price_id,
    current_period_start = current_sub.current_period_start,
    current_period_end = current_sub.current_period_end,
    cancel_at_period_end = coalesce(current_sub.cancel_at_period_end, false),
    canceled_at = current_sub.canceled_at,
    ends_at = current_sub.ends_at,
    ended_at = current_sub.ended_at,
    trial_end = current_sub.trial_end,
    past_due_at = current_sub.past_due_at,
    pending_product_id = current_sub.pending_product_id,
    pending_applies_at = current_sub.pending_applies_at,
    polar_modified_at = current_sub.modified_at,
    updated_at = now()
  where user_id = p_user_id;
end;
$$;

-- Write functions ----------------------------------------------------------------------------

-- One subscription state of any provider. Outcomes: applied; duplicate (event id seen, or this
-- very state); stale (an older state); unmatched (no user); conflict (the customer or the
-- subscription is another user's). `p_modified_at` is the provider's time of the state (Polar's
-- modified_at, a Stripe event's `created`, Lemon Squeezy's updated_at); `p_event_at` the
-- delivery's time, or the provider's time of an API read; null when unknown. `p_read`: the state
-- was read from the API (default: when there is no event id) — of two reads in one second the
-- one stored last wins, as it was read last; of two events, the order of their content.
create function public.apply_subscription(
  p_provider text,
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_subscription_id text,
  p_status text,
  p_modified_at timestamptz,
  p_cancel_at_period_end boolean,
  p_event_id text default null,
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
  p_checkout_id text default null,
  p_past_due_at timestamptz default null,
  p_pending_product_id text default null,
  p_pending_applies_at timestamptz default null,
  p_event_at timestamptz default null,
  p_read boolean default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
  stored public.subscriptions;
  same_instant boolean;
  -- A state read from the provider's API (the app's own change, or a webhook that had the app
  -- read the subscription afresh) rather than carried by an event.
  is_read boolean := coalesce(p_read, p_event_id is null);
  incoming_rank smallint := public.subscription_status_rank(p_status);
  incoming_digest text := md5(concat_ws('|', p_status, p_customer_id, p_product_id, p_price_id, p_current_period_start, p_current_period_end,
    p_cancel_at_period_end, p_canceled_at, p_ends_at, p_ended_at, p_trial_start, p_trial_end, p_started_at,
    p_past_due_at, p_pending_product_id, p_pending_applies_at));
  result text;
begin
  if p_provider not in ('polar', 'stripe', 'lemonsqueezy') then
    raise exception 'apply_subscription: unknown provider %', p_provider;
  end if;
  if p_event_id is not null
     and not public.record_webhook_event(p_provider, p_event_id, p_event_type, p_payload, 'applied') then
    return public.webhook_redelivery_outcome(p_provider, p_event_id);
  end if;

  select * into who from public.resolve_billing_user(p_provider, p_customer_id, p_external_user_id, p_claimed_user_id);
  if who.outcome <> 'applied' then
    return public.finish_webhook_event(p_provider, p_event_id, who.outcome, who.user_id, who.detail);
  end if;

  select * into stored from public.subscriptions
  where provider = p_provider and subscription_id = p_subscription_id for update;
  if found and stored.user_id <> who.user_id then
    return public.finish_webhook_event(p_provider, p_event_id, 'conflict', stored.user_id,
      format('subscription %s belongs to user %s; the event names user %s', p_subscription_id, stored.user_id, who.user_id));
  end if;
  same_instant := found and stored.modified_at = p_modified_at;

  if found and stored.modified_at > p_modified_at then
    result := 'stale';
  elsif same_instant and (stored.state_rank, stored.state_digest) = (incoming_rank, incoming_digest) then
    result := 'duplicate';
    -- A later event carrying the same state: a state older than it can no longer win a tie.
    if p_event_at > coalesce(stored.event_at, '-infinity') then
      update public.subscriptions set event_at = p_event_at where provider = p_provider and subscription_id = p_subscription_id;
    end if;
  elsif same_instant and stored.state_rank > incoming_rank then
    -- A tie between lifecycle steps: the later step wins, whichever arrives first.
    result := 'stale';
  elsif same_instant and stored.state_rank = incoming_rank and p_event_at is not null and stored.event_at is not null
        and ((is_read and p_event_at < stored.event_at)
          or (not is_read and (p_event_at, incoming_digest) < (stored.event_at, stored.state_digest))) then
    -- Two states of the same instant and step (a plan change scheduled, then cleared): the later
    -- one wins. An API read is timed to the whole second, so of two reads in one second (a
    -- schedule and its keep, answered back to back) the one stored last is the newer, and two
    -- webhooks of one time are ordered by their content, the same whichever arrives first.
    result := 'stale';
  else
    insert into public.subscriptions as s (
      provider, subscription_id, user_id, customer_id, status, product_id, price_id, current_period_start, current_period_end,
      cancel_at_period_end, canceled_at, ends_at, ended_at, trial_start, trial_end, started_at, checkout_id,
      past_due_at, pending_product_id, pending_applies_at, event_at,
      modified_at, state_rank, state_digest
    ) values (
      p_provider, p_subscription_id, who.user_id, p_customer_id, p_status, p_product_id, p_price_id, p_current_period_start, p_current_period_end,
      coalesce(p_cancel_at_period_end, false), p_canceled_at, p_ends_at, p_ended_at, p_trial_start, p_trial_end, p_started_at, p_checkout_id,
      p_past_due_at, p_pending_product_id, p_pending_applies_at,
      -- A state read from the API keeps the event time of the state it replaces at the same
      -- instant: any event after that one still wins over it.
      coalesce(p_event_at, case when same_instant then stored.event_at end),
      p_modified_at, incoming_rank, incoming_digest
    )
    on conflict (provider, subscription_id) do update set
      customer_id = excluded.customer_id, status = excluded.status, product_id = excluded.product_id, price_id = excluded.price_id,
      current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
      cancel_at_period_end = excluded.cancel_at_period_end, canceled_at = excluded.canceled_at, ends_at = excluded.ends_at,
      ended_at = excluded.ended_at, trial_start = excluded.trial_start, trial_end = excluded.trial_end,
      started_at = coalesce(excluded.started_at, s.started_at), checkout_id = coalesce(excluded.checkout_id, s.checkout_id),
      past_due_at = excluded.past_due_at, pending_product_id = excluded.pending_product_id, pending_applies_at = excluded.pending_applies_at,
      event_at = excluded.event_at,
      modified_at = excluded.modified_at, state_rank = excluded.state_rank, state_digest = excluded.state_digest, updated_at = now();
    result := 'applied';
    if p_provider <> 'polar' then
      perform public.sync_product_entitlements(p_provider, p_subscription_id);
    end if;
  end if;

  perform public.refresh_user_subscription(who.user_id);
  return public.finish_webhook_event(p_provider, p_event_id, result, who.user_id, null);
end;
$$;

-- Polar's subscription write, as before: the same function for the provider `polar`.
create or replace function public.apply_polar_subscription(
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
  p_checkout_id text default null,
  p_past_due_at timestamptz default null,
  p_pending_product_id text default null,
  p_pending_applies_at timestamptz default null,
  p_event_at timestamptz default null
) returns text
language sql
security definer
set search_path = ''
as $$
  select public.apply_subscription('polar', p_event_type, p_payload, p_customer_id, p_subscription_id, p_status,
    p_modified_at, p_cancel_at_period_end, p_webhook_id, p_external_user_id, p_claimed_user_id, p_product_id, p_price_id,
    p_current_period_start, p_current_period_end, p_canceled_at, p_ends_at, p_ended_at, p_trial_start, p_trial_end,
    p_started_at, p_checkout_id, p_past_due_at, p_pending_product_id, p_pending_applies_at, p_event_at);
$$;

-- Links a customer to the user the event names (Stripe's checkout.session.completed: its
-- client_reference_id; the other providers' customer events), as link_polar_customer does.
create function public.link_billing_customer(
  p_provider text,
  p_event_id text,
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_external_user_id uuid default null,
  p_claimed_user_id uuid default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
begin
  if p_provider not in ('stripe', 'lemonsqueezy') then
    raise exception 'link_billing_customer: unknown provider % (Polar has link_polar_customer)', p_provider;
  end if;
  if p_event_id is not null
     and not public.record_webhook_event(p_provider, p_event_id, p_event_type, p_payload, 'applied') then
    return public.webhook_redelivery_outcome(p_provider, p_event_id);
  end if;
  select * into who from public.resolve_billing_user(p_provider, p_customer_id, p_external_user_id, p_claimed_user_id);
  if who.outcome = 'applied' then
    perform public.refresh_user_subscription(who.user_id);
  end if;
  return public.finish_webhook_event(p_provider, p_event_id, who.outcome, who.user_id, who.detail);
end;
$$;

-- Privileges: the write path for the service role only.
revoke all on function public.record_webhook_event(text, text, text, jsonb, text) from public, anon, authenticated;
revoke all on function public.finish_webhook_event(text, text, text, uuid, text) from public, anon, authenticated;
revoke all on function public.webhook_redelivery_outcome(text, text) from public, anon, authenticated;
revoke all on function public.keep_webhook_event(text, text, text, jsonb, text) from public, anon, authenticated;
revoke all on function public.sync_product_entitlements(text, text) from public, anon, authenticated;
revoke all on function public.set_product_entitlements(text, text, text[], text[]) from public, anon, authenticated;
revoke all on function public.apply_subscription(text, text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz, text, timestamptz, timestamptz, boolean) from public, anon, authenticated;
revoke all on function public.link_billing_customer(text, text, text, jsonb, text, uuid, uuid) from public, anon, authenticated;
revoke all on function public.refresh_user_subscription(uuid) from public, anon, authenticated;
revoke all on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz, text, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function public.keep_webhook_event(text, text, text, jsonb, text) to service_role;
grant execute on function public.set_product_entitlements(text, text, text[], text[]) to service_role;
grant execute on function public.apply_subscription(text, text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz, text, timestamptz, timestamptz, boolean) to service_role;
grant execute on function public.link_billing_customer(text, text, text, jsonb, text, uuid, uuid) to service_role;
grant execute on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz, text, timestamptz, timestamptz) to service_role;
