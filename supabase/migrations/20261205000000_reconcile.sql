-- Convergence on Polar's truth: what the reconciler needs beside the webhook write path.
--
--  - public.billing_checkouts: every checkout the app opened, so one that never synced is found.
--  - public.reconcile_state / reconcile_runs / reconcile_changes: the cursor a run resumes from,
--    a lease so two runs never overlap, and what each run checked and changed.
--  - forget_polar_*_version: the one correction the ordering rules cannot make by themselves —
--    a stored row with Polar's own version (modified_at) but other content (edited by hand, a
--    bad restore). Guarded: only the exact version the reconciler read is forgotten, so a
--    webhook that lands meanwhile is never overwritten. The reconciler then writes Polar's state
--    through the usual functions.
-- Everything is written by security-definer functions callable by the service role only.

create table public.billing_checkouts (
  provider text not null default 'polar' check (provider ~ '^[a-z][a-z0-9_]*$'),
  checkout_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (provider, checkout_id)
);
create index billing_checkouts_created_idx on public.billing_checkouts (created_at);
comment on table public.billing_checkouts is 'Checkouts the app opened, for the reconciler to find one that never synced. Server-only.';

create table public.reconcile_state (
  id text primary key check (id = 'polar'),
  -- Where the next run starts: {"mode": "incremental", "since": …} or {"mode": "full", "phase": …, "page": …}.
  cursor jsonb not null default '{}',
  lease_until timestamptz,
  updated_at timestamptz not null default now()
);

create table public.reconcile_runs (
  id bigint generated always as identity primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  mode text not null check (mode in ('incremental', 'full')),
  trigger text not null check (trigger in ('cron', 'cli', 'operator', 'test')),
  checked int not null default 0,
  drifted int not null default 0,
  repaired int not null default 0,
  failed int not null default 0,
  redelivered int not null default 0,
  polar_calls int not null default 0,
  done boolean not null default false,
  -- The webhook endpoint as Polar reported it ({url, enabled}), or why it could not be read.
  endpoint jsonb,
  notes text[] not null default '{}'
);
create index reconcile_runs_started_idx on public.reconcile_runs (started_at desc);

create table public.reconcile_changes (
  id bigint generated always as identity primary key,
  run_id bigint not null references public.reconcile_runs (id) on delete cascade,
  kind text not null check (kind in ('subscription', 'grant', 'redelivery')),
  object_id text not null,
  user_id uuid,
  outcome text not null,
  detail text,
  created_at timestamptz not null default now()
);
create index reconcile_changes_run_idx on public.reconcile_changes (run_id);

alter table public.billing_checkouts enable row level security;
alter table public.reconcile_state enable row level security;
alter table public.reconcile_runs enable row level security;
alter table public.reconcile_changes enable row level security;
revoke all on public.billing_checkouts, public.reconcile_state, public.reconcile_runs, public.reconcile_changes from anon, authenticated;
grant select on public.billing_checkouts, public.reconcile_state, public.reconcile_runs, public.reconcile_changes to service_role;

-- A checkout the app just opened for a user.
create function public.record_polar_checkout(p_checkout_id text, p_user_id uuid) returns void
language sql security definer set search_path = '' as $$
  insert into public.billing_checkouts (provider, checkout_id, user_id) values ('polar', p_checkout_id, p_user_id)
  on conflict do nothing;
$$;

-- Takes the reconciler's lease for `p_seconds` (false while another run holds it) and returns
-- the cursor to resume from, or a fresh one for `p_mode` when the stored one is of the other mode.
create function public.begin_reconcile_run(p_mode text, p_trigger text, p_seconds int, out run_id bigint, out cursor jsonb)
language plpgsql security definer set search_path = '' as $$
declare
  state public.reconcile_state;
begin
  insert into public.reconcile_state (id) values ('polar') on conflict do nothing;
  select * into state from public.reconcile_state where id = 'polar' for update;
  if state.lease_until is not null and state.lease_until > now() then
    return;
  end if;
  update public.reconcile_state set lease_until = now() + make_interval(secs => p_seconds), updated_at = now() where id = 'polar';
  insert into public.reconcile_runs (mode, trigger) values (p_mode, p_trigger) returning id into run_id;
  cursor := case when state.cursor->>'mode' = p_mode then state.cursor else jsonb_build_object('mode', p_mode) end;
end;
$$;

-- Ends a run: its counts, the cursor for the next one, and the lease released.
create function public.finish_reconcile_run(
  p_run_id bigint, p_cursor jsonb, p_done boolean, p_checked int, p_drifted int, p_repaired int, p_failed int,
  p_redelivered int, p_polar_calls int, p_endpoint jsonb, p_notes text[]
) returns void
language plpgsql security definer set search_path = '' as $$
begin
  update public.reconcile_runs set finished_at = now(), done = p_done, checked = p_checked, drifted = p_drifted,
    repaired = p_repaired, failed = p_failed, redelivered = p_redelivered, polar_calls = p_polar_calls,
    endpoint = p_endpoint, notes = coalesce(p_notes, '{}')
  where id = p_run_id;
  update public.reconcile_state set cursor = p_cursor, lease_until = null, updated_at = now() where id = 'polar';
end;
$$;

create function public.record_reconcile_change(p_run_id bigint, p_kind text, p_object_id text, p_outcome text, p_user_id uuid default null, p_detail text default null)
returns void language sql security definer set search_path = '' as $$
  insert into public.reconcile_changes (run_id, kind, object_id, user_id, outcome, detail)
  values (p_run_id, p_kind, p_object_id, p_user_id, p_outcome, p_detail);
$$;

create function public.forget_polar_subscription_version(p_subscription_id text, p_modified_at timestamptz, p_digest text)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  update public.subscriptions set state_rank = -1, state_digest = ''
  where provider = 'polar' and subscription_id = p_subscription_id and modified_at = p_modified_at and state_digest = p_digest;
  return found;
end;
$$;

-- The same for a benefit grant: the stored row must still be exactly what the reconciler read.
create function public.forget_polar_grant_version(p_grant_id text, p_modified_at timestamptz, p_granted_at timestamptz default null, p_revoked_at timestamptz default null)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  update public.user_entitlements set modified_at = '-infinity'
  where provider = 'polar' and grant_id = p_grant_id and modified_at = p_modified_at
    and granted_at is not distinct from p_granted_at and revoked_at is not distinct from p_revoked_at;
  return found;
end;
$$;

-- A stored grant Polar does not have at all (after a complete read of Polar's grants): nothing
-- pays for it, so it is revoked — if it is still what the reconciler read.
create function public.revoke_unknown_polar_grant(p_grant_id text, p_modified_at timestamptz)
returns boolean language plpgsql security definer set search_path = '' as $$
begin
  update public.user_entitlements set revoked_at = now(), updated_at = now()
  where provider = 'polar' and grant_id = p_grant_id and modified_at = p_modified_at and revoked_at is null;
  return found;
end;
$$;

-- The user's one-row summary recomputed from their subscriptions; true when it had drifted
-- (edited by hand, restored from elsewhere). The webhook path keeps it current already.
create function public.reconcile_user_subscription(p_user_id uuid) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  before_row jsonb;
  after_row jsonb;
begin
  select to_jsonb(s) - 'updated_at' - 'created_at' into before_row from public.user_subscriptions s where s.user_id = p_user_id;
  perform public.refresh_user_subscription(p_user_id);
  select to_jsonb(s) - 'updated_at' - 'created_at' into after_row from public.user_subscriptions s where s.user_id = p_user_id;
  return before_row is distinct from after_row;
end;
$$;

-- A full sweep remembers which grants Polar listed, so that afterwards the grants Polar does
-- not have at all can be revoked (nothing pays for them).
create table public.reconcile_seen_grants (
  sweep text not null,
  grant_id text not null,
  primary key (sweep, grant_id)
);
alter table public.reconcile_seen_grants enable row level security;
revoke all on public.reconcile_seen_grants from anon, authenticated;

create function public.mark_polar_grants_seen(p_sweep text, p_grant_ids text[]) returns void
language sql security definer set search_path = '' as $$
  insert into public.reconcile_seen_grants (sweep, grant_id) select p_sweep, unnest(p_grant_ids) on conflict do nothing;
$$;

-- Ends a full sweep: the active grants it did not see, as (grant_id, modified_at) to revoke
-- one by one, and the sweep's bookkeeping (and any older sweep's) removed.
create function public.polar_grants_not_seen(p_sweep text) returns table (grant_id text, modified_at timestamptz, user_id uuid)
language plpgsql security definer set search_path = '' as $$
begin
  return query
    select e.grant_id, e.modified_at, e.user_id from public.user_entitlements e
    where e.provider = 'polar' and e.revoked_at is null
      and not exists (select 1 from public.reconcile_seen_grants s where s.sweep = p_sweep and s.grant_id = e.grant_id);
  delete from public.reconcile_seen_grants;
end;
$$;

-- The operator's "apply this stored delivery again": its new outcome, once the app re-applied it.
create function public.set_polar_webhook_outcome(p_webhook_id text, p_outcome text, p_user_id uuid default null, p_detail text default null)
returns text language sql security definer set search_path = '' as $$
  select public.finish_polar_webhook_event(p_webhook_id, p_outcome, p_user_id, p_detail);
$$;

revoke all on function public.record_polar_checkout(text, uuid) from public, anon, authenticated;
revoke all on function public.begin_reconcile_run(text, text, int) from public, anon, authenticated;
revoke all on function public.finish_reconcile_run(bigint, jsonb, boolean, int, int, int, int, int, int, jsonb, text[]) from public, anon, authenticated;
revoke all on function public.record_reconcile_change(bigint, text, text, text, uuid, text) from public, anon, authenticated;
revoke all on function public.forget_polar_subscription_version(text, timestamptz, text) from public, anon, authenticated;
revoke all on function public.forget_polar_grant_version(text, timestamptz, timestamptz, timestamptz) from public, anon, authenticated;
revoke all on function public.revoke_unknown_polar_grant(text, timestamptz) from public, anon, authenticated;
revoke all on function public.set_polar_webhook_outcome(text, text, uuid, text) from public, anon, authenticated;
revoke all on function public.reconcile_user_subscription(uuid) from public, anon, authenticated;
revoke all on function public.mark_polar_grants_seen(text, text[]) from public, anon, authenticated;
revoke all on function public.polar_grants_not_seen(text) from public, anon, authenticated;
grant execute on function public.reconcile_user_subscription(uuid) to service_role;
grant execute on function public.mark_polar_grants_seen(text, text[]) to service_role;
grant execute on function public.polar_grants_not_seen(text) to service_role;
grant execute on function public.record_polar_checkout(text, uuid) to service_role;
grant execute on function public.begin_reconcile_run(text, text, int) to service_role;
grant execute on function public.finish_reconcile_run(bigint, jsonb, boolean, int, int, int, int, int, int, jsonb, text[]) to service_role;
grant execute on function public.record_reconcile_change(bigint, text, text, text, uuid, text) to service_role;
grant execute on function public.forget_polar_subscription_version(text, timestamptz, text) to service_role;
grant execute on function public.forget_polar_grant_version(text, timestamptz, timestamptz, timestamptz) to service_role;
grant execute on function public.revoke_unknown_polar_grant(text, timestamptz) to service_role;
grant execute on function public.set_polar_webhook_outcome(text, text, uuid, text) to service_role;
