-- What the incremental reconcile has already answered, so each run costs what changed since the
-- last one rather than everything in its look-back window:
--  - polar_webhook_events.reconciled_at: a delivery kept but not applied (unmatched, unreadable,
--    conflict) whose customer the reconciler has since read from Polar. Polar's state then
--    included whatever that delivery said; looking again would read the same thing.
--  - billing_checkouts.checked_at: when the reconciler last asked Polar about a checkout that
--    never synced. Asked once after the grace period, and once more after the checkout expired
--    (Polar keeps one payable for 24 hours: CHECKOUT_TTL_SECONDS in server/polar/config.py), so
--    an abandoned checkout costs two calls, not one per run for a day.
-- Written only by the two functions below, callable by the service role only.

alter table public.polar_webhook_events add column reconciled_at timestamptz;
create index polar_webhook_events_open_questions_idx on public.polar_webhook_events (received_at)
  where outcome in ('unmatched', 'unreadable', 'conflict') and reconciled_at is null;

alter table public.billing_checkouts add column checked_at timestamptz;

create function public.mark_polar_events_reconciled(p_webhook_ids text[]) returns void
language sql security definer set search_path = '' as $$
  update public.polar_webhook_events set reconciled_at = now()
  where webhook_id = any(p_webhook_ids) and reconciled_at is null;
$$;

-- Checkouts the app opened that no stored subscription came from, due a look: never asked about
-- and older than the grace period, or last asked before they expired and expired now.
-- setof text, not a one-column table: PostgREST answers a JSON array of the ids either way, but
-- only this spelling says so in the catalogue.
create function public.polar_checkouts_to_check(p_grace_seconds int, p_ttl_seconds int, p_limit int default 500)
returns setof text
language sql stable security definer set search_path = '' as $$
  select c.checkout_id
  from public.billing_checkouts c
  where c.provider = 'polar'
    and c.created_at > now() - make_interval(secs => p_ttl_seconds) - interval '7 days'
    and (
      (c.checked_at is null and c.created_at < now() - make_interval(secs => p_grace_seconds))
      or (c.checked_at < c.created_at + make_interval(secs => p_ttl_seconds) and now() > c.created_at + make_interval(secs => p_ttl_seconds))
    )
    and not exists (select 1 from public.subscriptions s where s.provider = 'polar' and s.checkout_id = c.checkout_id)
  order by c.created_at
  limit p_limit;
$$;

create function public.mark_polar_checkouts_checked(p_checkout_ids text[]) returns void
language sql security definer set search_path = '' as $$
  update public.billing_checkouts set checked_at = now()
  where provider = 'polar' and checkout_id = any(p_checkout_ids);
$$;

revoke all on function public.mark_polar_events_reconciled(text[]) from public, anon, authenticated;
revoke all on function public.polar_checkouts_to_check(int, int, int) from public, anon, authenticated;
revoke all on function public.mark_polar_checkouts_checked(text[]) from public, anon, authenticated;
grant execute on function public.mark_polar_events_reconciled(text[]) to service_role;
grant execute on function public.polar_checkouts_to_check(int, int, int) to service_role;
grant execute on function public.mark_polar_checkouts_checked(text[]) to service_role;
