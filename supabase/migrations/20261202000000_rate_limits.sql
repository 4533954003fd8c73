-- Throttling shared by every app server. The app runs as many short-lived (serverless)
-- instances, so no counter may live in a process: the count is kept here, and decided here,
-- under row locks, by one function the app calls through PostgREST with the service role.
--
-- One row per limited key (an action and who is acting: a client address, an account, a
-- user — hashed by the app, so no address or email is kept in clear), holding the times of its hits
-- inside the window. A sliding window: at most `limit` hits in any `window_seconds`.

create table public.rate_limit_buckets (
  key text primary key check (length(key) between 1 and 200),
  hits timestamptz[] not null default '{}',
  -- When the newest hit leaves its window: from then on the row is as good as absent.
  expires_at timestamptz not null
);

comment on table public.rate_limit_buckets is
  'Recent hits per throttled key (hashed). Written only by consume_rate_limit. Server-only.';

create index rate_limit_buckets_expires_at_idx on public.rate_limit_buckets (expires_at);

alter table public.rate_limit_buckets enable row level security;
revoke all on public.rate_limit_buckets from anon, authenticated;
grant all on public.rate_limit_buckets to service_role;

-- Counts one request against every bucket in p_buckets, a JSON array of
-- {"key": text, "limit": int, "window_seconds": int}. All or nothing: returns 0 when each bucket
-- had room (the hit is recorded in all of them), else the seconds until the request would fit
-- in every bucket (and nothing is recorded, so refused attempts do not push that time back).
create function public.consume_rate_limit(p_buckets jsonb)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  bucket record;
  stored timestamptz[];
  recent timestamptz[];
  wait_seconds integer := 0;
begin
  if jsonb_typeof(p_buckets) is distinct from 'array' or jsonb_array_length(p_buckets) not between 1 and 8 then
    raise exception 'p_buckets must be an array of 1 to 8 buckets' using errcode = '22023';
  end if;

  -- Lock each bucket in key order (two calls never wait on each other in a cycle), and find
  -- how long until it has room for one more hit.
  for bucket in
    select distinct on (b.key) b.key, b."limit", b.window_seconds
    from jsonb_to_recordset(p_buckets) as b(key text, "limit" integer, window_seconds integer)
    order by b.key
  loop
    if bucket.key is null or length(bucket.key) not between 1 and 200
       or bucket."limit" is null or bucket."limit" not between 1 and 10000
       or bucket.window_seconds is null or bucket.window_seconds not between 1 and 604800 then
      raise exception 'invalid rate limit bucket' using errcode = '22023';
    end if;

    insert into public.rate_limit_buckets (key, expires_at) values (bucket.key, now())
    on conflict (key) do nothing;
    select r.hits into stored from public.rate_limit_buckets r where r.key = bucket.key for update;
    recent := array(
      select h from unnest(stored) h
      where h > now() - make_interval(secs => bucket.window_seconds)
      order by h
    );
    if cardinality(recent) >= bucket."limit" then
      -- Room comes when the hit `limit` places from the newest leaves the window.
      wait_seconds := greatest(wait_seconds, ceil(extract(epoch from
        recent[cardinality(recent) - bucket."limit" + 1] + make_interval(secs => bucket.window_seconds) - now()
      ))::integer);
    end if;
  end loop;

  if wait_seconds = 0 then
    update public.rate_limit_buckets r set
      hits = array(
        select h from unnest(r.hits) h
        where h > now() - make_interval(secs => b.window_seconds)
        order by h
      ) || now(),
      expires_at = now() + make_interval(secs => b.window_seconds)
    from (
      select distinct on (x.key) x.key, x.window_seconds
      from jsonb_to_recordset(p_buckets) as x(key text, window_seconds integer)
      order by x.key
    ) b
    where r.key = b.key;
  end if;

  -- Expired rows are empty buckets. Each call removes a few (more than it can add), so the
  -- table holds about the keys active within their window, without a scheduled job.
  delete from public.rate_limit_buckets
  where key in (
    select e.key from public.rate_limit_buckets e
    where e.expires_at < now()
    order by e.expires_at
    limit 20
    for update skip locked
  );

  return wait_seconds;
end;
$$;

revoke all on function public.consume_rate_limit(jsonb) from public, anon, authenticated;
grant execute on function public.consume_rate_limit(jsonb) to service_role;
