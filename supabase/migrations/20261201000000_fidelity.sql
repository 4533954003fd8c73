-- What the Fidelity work found against Polar's real behaviour:
--  - a delivery whose payload the app cannot read is kept as `unreadable` (for the reconciler),
--    not `ignored`;
--  - when Polar reuses an existing customer with the same email it leaves that customer's
--    external_id as it was (null, or the id of an account since deleted), so the checkout
--    metadata's user id is a third way to find who paid.

alter table public.polar_webhook_events drop constraint polar_webhook_events_outcome_check;
alter table public.polar_webhook_events add constraint polar_webhook_events_outcome_check
  check (outcome in ('applied', 'stale', 'duplicate', 'unmatched', 'ignored', 'unreadable'));

drop function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz);
-- link_polar_customer keeps calling resolve_polar_user with two arguments (plpgsql bodies are
-- resolved at run time, so it picks up the new definition).
drop function public.resolve_polar_user(uuid, text);

-- The app user an event belongs to: the user its customer's external id names (if that user
-- exists), else whoever already owns the Polar customer, else the user the checkout metadata
-- names (if that user exists).
create function public.resolve_polar_user(p_user_id uuid, p_customer_id text, p_metadata_user_id uuid default null)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select u.id from auth.users u where u.id = p_user_id),
    (select s.user_id from public.user_subscriptions s where s.polar_customer_id = p_customer_id),
    (select u.id from auth.users u where u.id = p_metadata_user_id)
  )
$$;

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
  p_metadata_user_id uuid default null,
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

  target_user := public.resolve_polar_user(p_user_id, p_customer_id, p_metadata_user_id);
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

revoke all on function public.resolve_polar_user(uuid, text, uuid) from public, anon, authenticated;
revoke all on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) to service_role;
