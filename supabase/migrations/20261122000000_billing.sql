-- Billing state mirrored from Polar, and an audit log of every webhook delivery.
--
-- Writes happen only through the security-definer functions below, called with the service
-- role: the app never issues its own INSERT/UPDATE, so ordering and deduplication are decided
-- here, under row locks, not in application code.

create table public.user_subscriptions (
  user_id uuid primary key references auth.users (id) on delete cascade,
  provider text not null default 'polar' check (provider ~ '^[a-z][a-z0-9_]*$'),
  polar_customer_id text unique,
  polar_subscription_id text,
  status text,
  product_id text,
  price_id text,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  ends_at timestamptz,
  ended_at timestamptz,
  -- Polar's `modified_at` (or `created_at` while it is null) of the state this row holds.
  polar_modified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.user_subscriptions is
  'One row per user: their Polar customer and newest known subscription state.';

create table public.polar_webhook_events (
  webhook_id text primary key,
  type text not null,
  received_at timestamptz not null default now(),
  outcome text not null
    check (outcome in ('applied', 'stale', 'duplicate', 'unmatched', 'ignored')),
  user_id uuid,
  payload jsonb not null
);

comment on table public.polar_webhook_events is
  'Every Polar webhook delivery, keyed by webhook-id: deduplication and audit. Server-only.';

create index polar_webhook_events_received_at_idx on public.polar_webhook_events (received_at);

-- Row Level Security. Supabase grants every API role all privileges on new tables by default,
-- so the grants are narrowed explicitly as well.
alter table public.user_subscriptions enable row level security;
alter table public.polar_webhook_events enable row level security;

revoke all on public.user_subscriptions from anon, authenticated;
grant select on public.user_subscriptions to authenticated;
grant all on public.user_subscriptions to service_role;

create policy "Users read their own subscription"
  on public.user_subscriptions for select
  to authenticated
  using (user_id = (select auth.uid()));

revoke all on public.polar_webhook_events from anon, authenticated;
grant all on public.polar_webhook_events to service_role;

-- Records a delivery once. Returns false when this webhook-id was already recorded (a
-- redelivery), in which case the caller must not apply it again.
create function public.record_polar_webhook_event(
  p_webhook_id text,
  p_type text,
  p_payload jsonb,
  p_outcome text default 'ignored'
) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  inserted text;
begin
  insert into public.polar_webhook_events (webhook_id, type, outcome, payload)
  values (p_webhook_id, p_type, p_outcome, p_payload)
  on conflict (webhook_id) do nothing
  returning webhook_id into inserted;
  return inserted is not null;
end;
$$;

-- Finds the app user an event belongs to: the id Polar carries (customer.external_id or
-- checkout metadata) if that user exists, else whoever already owns the Polar customer.
create function public.resolve_polar_user(p_user_id uuid, p_customer_id text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select u.id from auth.users u where u.id = p_user_id),
    (select s.user_id from public.user_subscriptions s where s.polar_customer_id = p_customer_id)
  )
$$;

-- Applies one subscription state atomically and returns the outcome:
--   duplicate  this webhook-id was seen before, or the stored state is this very version
--   stale      the stored state is newer (events arrive out of order)
--   unmatched  no app user could be found (the delivery is kept for later inspection)
--   applied    the row now holds this state
-- p_webhook_id is null when the state comes from Polar's API (post-checkout sync) rather than
-- a webhook: nothing is recorded in the events table then. Nullable fields default to null so
-- callers (and the generated types) can simply leave them out.
create function public.apply_polar_subscription(
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_subscription_id text,
  p_status text,
  p_modified_at timestamptz,
  p_cancel_at_period_end boolean,
  p_webhook_id text default null,
  p_user_id uuid default null,
  p_product_id text default null,
  p_price_id text default null,
  p_current_period_start timestamptz default null,
  p_current_period_end timestamptz default null,
  p_canceled_at timestamptz default null,
  p_ends_at timestamptz default null,
  p_ended_at timestamptz default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  target_user uuid;
  current_row public.user_subscriptions;
  result text;
  live constant text[] := array['active', 'trialing', 'past_due'];
begin
  if p_webhook_id is not null
     and not public.record_polar_webhook_event(p_webhook_id, p_event_type, p_payload, 'applied') then
    return 'duplicate';
  end if;

  target_user := public.resolve_polar_user(p_user_id, p_customer_id);
  if target_user is null then
    result := 'unmatched';
  else
    -- Serialise every writer for this user on the row lock.
    insert into public.user_subscriptions (user_id) values (target_user)
    on conflict (user_id) do nothing;
    select * into current_row from public.user_subscriptions
    where user_id = target_user for update;

    if current_row.polar_subscription_id is not distinct from p_subscription_id
       and current_row.polar_modified_at = p_modified_at then
      result := 'duplicate';
    elsif current_row.polar_modified_at > p_modified_at then
      result := 'stale';
    elsif current_row.polar_subscription_id is distinct from p_subscription_id
       and current_row.status = any (live)
       and not (p_status = any (live)) then
      -- An old subscription ending must not overwrite the user's newer, live one.
      result := 'stale';
    else
      update public.user_subscriptions set
        provider = 'polar',
        polar_customer_id = p_customer_id,
        polar_subscription_id = p_subscription_id,
        status = p_status,
        product_id = p_product_id,
        price_id = p_price_id,
        current_period_start = p_current_period_start,
        current_period_end = p_current_period_end,
        cancel_at_period_end = coalesce(p_cancel_at_period_end, false),
        canceled_at = p_canceled_at,
        ends_at = p_ends_at,
        ended_at = p_ended_at,
        polar_modified_at = p_modified_at,
        updated_at = now()
      where user_id = target_user;
      result := 'applied';
    end if;
  end if;

  if p_webhook_id is not null then
    update public.polar_webhook_events
    set outcome = result, user_id = target_user
    where webhook_id = p_webhook_id;
  end if;
  return result;
end;
$$;

-- Links a Polar customer to an app user (customer.* events), without touching subscription
-- state. Returns applied / duplicate / unmatched like apply_polar_subscription.
create function public.link_polar_customer(
  p_event_type text,
  p_payload jsonb,
  p_customer_id text,
  p_webhook_id text default null,
  p_user_id uuid default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  target_user uuid;
  result text;
begin
  if p_webhook_id is not null
     and not public.record_polar_webhook_event(p_webhook_id, p_event_type, p_payload, 'applied') then
    return 'duplicate';
  end if;

  target_user := public.resolve_polar_user(p_user_id, p_customer_id);
  if target_user is null then
    result := 'unmatched';
  else
    insert into public.user_subscriptions (user_id, polar_customer_id)
    values (target_user, p_customer_id)
    on conflict (user_id) do update
      set polar_customer_id = excluded.polar_customer_id, updated_at = now()
      where public.user_subscriptions.polar_customer_id is distinct from excluded.polar_customer_id;
    result := 'applied';
  end if;

  if p_webhook_id is not null then
    update public.polar_webhook_events
    set outcome = result, user_id = target_user
    where webhook_id = p_webhook_id;
  end if;
  return result;
end;
$$;

-- Only the server (service role) may call the write path. Supabase's default privileges grant
-- EXECUTE to anon and authenticated, hence the explicit revokes.
revoke all on function public.record_polar_webhook_event(text, text, jsonb, text) from public, anon, authenticated;
revoke all on function public.resolve_polar_user(uuid, text) from public, anon, authenticated;
revoke all on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) from public, anon, authenticated;
revoke all on function public.link_polar_customer(text, jsonb, text, text, uuid) from public, anon, authenticated;
grant execute on function public.record_polar_webhook_event(text, text, jsonb, text) to service_role;
grant execute on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) to service_role;
grant execute on function public.link_polar_customer(text, jsonb, text, text, uuid) to service_role;
