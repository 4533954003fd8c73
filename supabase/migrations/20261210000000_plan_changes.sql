-- Plan changes, trials and failed payments, as the app shows them — from Polar's state, never
-- from a Polar call per page view:
--  - public.subscriptions keeps the change Polar has scheduled for the next period
--    (Subscription.pending_update: which product, and when it applies) and when a payment failed
--    (past_due_at); public.user_subscriptions carries them for the current plan, with the trial's
--    end.
--  - apply_polar_subscription stores them, with the guarantees it had (dedupe on webhook-id,
--    older states ignored, conflicts kept, written under the row lock), and orders one more kind
--    of state: Polar schedules and clears a plan change without writing the Subscription's own
--    row, so two different states can carry the same modified_at. Between those, the later
--    one wins: a webhook by its envelope's timestamp, a state read from Polar's API by the Date
--    of Polar's answer (both kept as event_at). A read whose time is unknown is taken as newer
--    than any event stored so far.

alter table public.subscriptions
  add column pending_product_id text,
  add column pending_applies_at timestamptz,
  add column past_due_at timestamptz,
  -- When Polar made this state, by its clock: the newest webhook that carried it, or the Date of
  -- the API answer it was read from (the event before it when that is unknown). Orders states
  -- with the same modified_at.
  add column event_at timestamptz;

alter table public.user_subscriptions
  add column trial_end timestamptz,
  add column past_due_at timestamptz,
  add column pending_product_id text,
  add column pending_applies_at timestamptz;

create or replace function public.refresh_user_subscription(p_user_id uuid) returns void
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
    trial_end = current_sub.trial_end,
    past_due_at = current_sub.past_due_at,
    pending_product_id = current_sub.pending_product_id,
    pending_applies_at = current_sub.pending_applies_at,
    polar_modified_at = current_sub.modified_at,
    updated_at = now()
  where user_id = p_user_id;
end;
$$;

drop function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text);

-- One subscription state. Outcomes: applied; duplicate (webhook-id seen, or this very state);
-- stale (an older state); unmatched (no user); conflict (the customer is another user's).
-- `p_event_at` is the webhook's timestamp, or Polar's time of an API read; null when unknown.
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
  p_checkout_id text default null,
  p_past_due_at timestamptz default null,
  p_pending_product_id text default null,
  p_pending_applies_at timestamptz default null,
  p_event_at timestamptz default null
) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  who record;
  stored public.subscriptions;
  same_instant boolean;
  incoming_rank smallint := public.subscription_status_rank(p_status);
  incoming_digest text := md5(concat_ws('|', p_status, p_customer_id, p_product_id, p_price_id, p_current_period_start, p_current_period_end,
    p_cancel_at_period_end, p_canceled_at, p_ends_at, p_ended_at, p_trial_start, p_trial_end, p_started_at,
    p_past_due_at, p_pending_product_id, p_pending_applies_at));
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
  same_instant := found and stored.modified_at = p_modified_at;

  if found and stored.modified_at > p_modified_at then
    result := 'stale';
  elsif same_instant and (stored.state_rank, stored.state_digest) = (incoming_rank, incoming_digest) then
    result := 'duplicate';
    -- A later event carrying the same state: a state older than it can no longer win a tie.
    if p_event_at > coalesce(stored.event_at, '-infinity') then
      update public.subscriptions set event_at = p_event_at where provider = 'polar' and subscription_id = p_subscription_id;
    end if;
  elsif same_instant and stored.state_rank > incoming_rank then
    -- A tie between lifecycle steps: the later step wins, whichever arrives first.
    result := 'stale';
  elsif same_instant and stored.state_rank = incoming_rank and p_event_at is not null and stored.event_at is not null
        and ((p_webhook_id is null and p_event_at < stored.event_at)
          or (p_webhook_id is not null and (p_event_at, incoming_digest) < (stored.event_at, stored.state_digest))) then
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
      'polar', p_subscription_id, who.user_id, p_customer_id, p_status, p_product_id, p_price_id, p_current_period_start, p_current_period_end,
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
  end if;

  perform public.refresh_user_subscription(who.user_id);
  return public.finish_polar_webhook_event(p_webhook_id, result, who.user_id, null);
end;
$$;

revoke all on function public.refresh_user_subscription(uuid) from public, anon, authenticated;
revoke all on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz, text, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function public.apply_polar_subscription(text, jsonb, text, text, text, timestamptz, boolean, text, uuid, uuid, text, text, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, text, timestamptz, text, timestamptz, timestamptz) to service_role;
