-- The two statements every /pair runs, as PL/pgSQL functions so that PostgreSQL plans each once per
-- session and reuses the plan. Embedded PGlite has one session and no named prepared statements: it
-- planned the actor's three-table join and the availability statement (five tables, each under row
-- security) again on every call, which was about half of their time. Both run as the caller (security
-- invoker), so row-level security applies inside them exactly as it does to the statements they
-- replace; a cached plan is re-made when the role changes.

-- The person behind a platform identity, with their creator profile's handle and time zone if any.
create or replace function actor_by_identity(p_platform text, p_external_user_id text)
  returns table (
    user_id uuid, display_name text, role text, status text, user_time_zone text,
    creator_handle text, creator_time_zone text
  )
  language plpgsql stable as $$
begin
  return query
    select u.id, u.display_name, u.role, u.status, u.time_zone, c.handle, c.time_zone
    from public.identities i
    join public.users u on u.id = i.user_id
    left join public.creators c on c.user_id = u.id
    where i.platform = p_platform and i.external_user_id = p_external_user_id
    limit 1;
end $$;

-- Each creator in p_ids with their weekly rules (in the order added) and every interval overlapping
-- [p_from, p_to): one-off blocks, calendar busy time and, with p_with_sessions, session bookings that
-- are scheduled or still held at p_now. The lists are aggregated per creator as JSON.
create or replace function creator_availability(
  p_ids uuid[], p_from timestamptz, p_to timestamptz, p_now timestamptz, p_with_sessions boolean
)
  returns table (
    id uuid, handle text, display_name text, time_zone text, is_writing_opt_in boolean, city text,
    rules json, spans json
  )
  language plpgsql stable as $$
begin
  return query
    with rule_lists as (
      select r.creator_id,
        json_agg(json_build_array(r.rrule, r.start_time, r.end_time, r.from_date, r.until_date)
          order by r.created_at, r.id) as rules
      from public.availability_rules r where r.creator_id = any(p_ids)
      group by 1
    ), span_lists as (
      select s.creator_id, json_agg(json_build_array(s.kind, s.during)) as spans from (
        select b.creator_id, b.kind::text as kind, b.during
        from public.availability_blocks b
        where b.creator_id = any(p_ids) and b.during && tstzrange(p_from, p_to, '[)')
        union all
        select bb.creator_id, 'busy', bb.during from public.busy_blocks bb
        where bb.creator_id = any(p_ids) and bb.during && tstzrange(p_from, p_to, '[)')
        union all
        select c.id, 'busy', sb.during from public.session_bookings sb
        join public.creators c on c.user_id = sb.user_id
        where p_with_sessions and c.id = any(p_ids) and sb.during && tstzrange(p_from, p_to, '[)')
          and (sb.hold_expires_at is null or sb.hold_expires_at > p_now)
      ) as s
      group by 1
    )
    select c.id, c.handle, c.display_name, c.time_zone, c.is_writing_opt_in,
      case when c.is_location_opt_in then c.location->>'city' end,
      rule_lists.rules, span_lists.spans
    from public.creators c
    left join rule_lists on rule_lists.creator_id = c.id
    left join span_lists on span_lists.creator_id = c.id
    where c.id = any(p_ids)
    order by c.id;
end $$;
