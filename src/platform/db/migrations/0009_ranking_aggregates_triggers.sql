-- Ranking aggregates (issue 5): ranking_aggregates holds, per district, month and lead unit, exactly
-- what the monthly scan (assessment.repository.ts, recountMonthlyUnitCounts) counts, maintained here by
-- triggers so that every writer keeps it right: the engine, imports, the sweeper, bulk SQL, a restore
-- with triggers enabled. (A restore in replica mode skips triggers; src/db/backup.ts checks and rebuilds.)
--
-- A ticket contributes to at most two buckets (jiesu_ranking_rows):
--   * rates: (district, assessment_month, lead unit) when it has a valid callback, is not excluded and
--     its outcome is null or 'completed';
--   * operational measures: (district, month of dispatched_at in Asia/Shanghai, lead unit) when it is
--     dispatched to a lead unit and is not a whistle; three of those measures look beyond the row: an
--     'object' / 'requestExtension' event by the current lead unit, and another ticket repeating it.
-- Statement-level triggers with transition tables compute, for every ticket whose contribution can
-- change, "after minus before", and add the net change per bucket with INSERT … ON CONFLICT DO UPDATE
-- SET x = x + excluded.x (row-locked, so concurrent writers add up). "Before" is rebuilt from the old
-- rows and the untouched rows, so a statement that writes a ticket and its repeat together (bulk SQL,
-- a restore) is counted once. Cross-row measures lock the ticket they belong to, so two transactions
-- cannot both count "the first repeat" of one original.
CREATE FUNCTION "public"."jiesu_local_month"(p_at timestamptz) RETURNS varchar
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  -- 'YYYY-MM' in Asia/Shanghai, which has been UTC+8 without daylight saving since 1991 (as the domain's localMonth).
  SELECT to_char((p_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')::varchar
$$;
--> statement-breakpoint
-- One ticket's contribution (times p_sign) to its rates bucket and its operational bucket.
CREATE FUNCTION "public"."jiesu_ranking_rows"(p_sign integer, p_district_code varchar, p_kind varchar, p_lead_unit_id integer, p_assessment_month varchar, p_excluded boolean, p_outcome varchar, p_contacted boolean, p_resolved boolean, p_satisfaction varchar, p_dispatched_at timestamptz, p_signed_at timestamptz, p_sign_due_at timestamptz, p_replied_at timestamptz, p_reply_due_at timestamptz, p_has_objection boolean, p_has_extension boolean, p_has_repeat boolean)
RETURNS TABLE (district_code varchar, month varchar, unit_id integer, valid_callbacks integer, contacted integer, resolved integer, satisfied integer, basically_satisfied integer, unsatisfied integer, dispatched integer, signed_on_time integer, replied integer, replied_on_time integer, objections integer, extensions integer, repeats integer, handling_seconds numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT p_district_code, p_assessment_month, p_lead_unit_id,
         p_sign, p_sign * (p_contacted IS TRUE)::int, p_sign * (p_resolved IS TRUE)::int,
         p_sign * (p_satisfaction IS NOT DISTINCT FROM 'satisfied')::int,
         p_sign * (p_satisfaction IS NOT DISTINCT FROM 'basically_satisfied')::int,
         p_sign * (p_satisfaction IS NOT DISTINCT FROM 'unsatisfied')::int,
         0, 0, 0, 0, 0, 0, 0, 0::numeric
  WHERE p_lead_unit_id IS NOT NULL AND p_assessment_month IS NOT NULL AND NOT p_excluded
    AND (p_outcome IS NULL OR p_outcome = 'completed')
  UNION ALL
  SELECT p_district_code, "public"."jiesu_local_month"(p_dispatched_at), p_lead_unit_id,
         0, 0, 0, 0, 0, 0,
         p_sign,
         p_sign * (coalesce(p_signed_at <= p_sign_due_at, false))::int,
         p_sign * (p_replied_at IS NOT NULL)::int,
         p_sign * (coalesce(p_replied_at <= p_reply_due_at, false))::int,
         p_sign * (p_has_objection IS TRUE)::int,
         p_sign * (p_has_extension IS TRUE)::int,
         p_sign * (p_has_repeat IS TRUE)::int,
         CASE WHEN p_replied_at IS NULL THEN 0::numeric
              ELSE p_sign * (extract(epoch FROM p_replied_at) - extract(epoch FROM p_dispatched_at)) END
  WHERE p_lead_unit_id IS NOT NULL AND p_dispatched_at IS NOT NULL AND p_kind <> 'whistle'
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."jiesu_ranking_tickets_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The three branches run one query and differ only in where the old and new rows come from (a
  -- trigger's transition tables exist only for its own event).
  IF TG_OP = 'INSERT' THEN
  -- Serialise with other writers linking a repeat to the same original (READ COMMITTED: the
  -- statements below see what they committed once the lock is ours).
  PERFORM 1 FROM "public"."tickets" t
  WHERE t.id IN (SELECT x.repeat_of_id FROM (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE false) x WHERE x.repeat_of_id IS NOT NULL
                 UNION SELECT x.repeat_of_id FROM (SELECT x.id, x.district_code, x.kind, x.lead_unit_id, x.assessment_month, x.excluded_from_assessment, x.outcome, x.contacted, x.resolved, x.satisfaction, x.dispatched_at, x.signed_at, x.sign_due_at, x.replied_at, x.reply_due_at, x.repeat_of_id FROM new_rows x) x WHERE x.repeat_of_id IS NOT NULL)
  ORDER BY t.id
  FOR NO KEY UPDATE;
  WITH o AS (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE false),
  n AS (SELECT x.id, x.district_code, x.kind, x.lead_unit_id, x.assessment_month, x.excluded_from_assessment, x.outcome, x.contacted, x.resolved, x.satisfaction, x.dispatched_at, x.signed_at, x.sign_due_at, x.replied_at, x.reply_due_at, x.repeat_of_id FROM new_rows x),
  pairs AS (SELECT o.id AS old_id, n.id AS new_id, o.repeat_of_id AS old_repeat_of, n.repeat_of_id AS new_repeat_of
            FROM o FULL JOIN n ON n.id = o.id
            WHERE (o.id, o.district_code, o.kind, o.lead_unit_id, o.assessment_month, o.excluded_from_assessment, o.outcome, o.contacted, o.resolved, o.satisfaction, o.dispatched_at, o.signed_at, o.sign_due_at, o.replied_at, o.reply_due_at, o.repeat_of_id) IS DISTINCT FROM (n.id, n.district_code, n.kind, n.lead_unit_id, n.assessment_month, n.excluded_from_assessment, n.outcome, n.contacted, n.resolved, n.satisfaction, n.dispatched_at, n.signed_at, n.sign_due_at, n.replied_at, n.reply_due_at, n.repeat_of_id)),
  -- The tickets whose contribution may differ: the changed rows, and the originals a changed row
  -- linked or unlinked as a repeat (their "has a repeat" measure).
  affected AS (SELECT old_id AS id FROM pairs WHERE old_id IS NOT NULL
               UNION SELECT new_id FROM pairs WHERE new_id IS NOT NULL
               UNION SELECT old_repeat_of FROM pairs WHERE old_repeat_of IS DISTINCT FROM new_repeat_of AND old_repeat_of IS NOT NULL
               UNION SELECT new_repeat_of FROM pairs WHERE old_repeat_of IS DISTINCT FROM new_repeat_of AND new_repeat_of IS NOT NULL),
  -- Before the statement: the old rows, and the untouched rows as they are.
  before_rows AS (SELECT o.* FROM o WHERE o.id IN (SELECT id FROM affected)
                  UNION ALL
                  SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t
                  WHERE t.id IN (SELECT id FROM affected) AND t.id NOT IN (SELECT id FROM n)),
  -- After the statement: the table as it is now.
  after_rows AS (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE t.id IN (SELECT id FROM affected)),
  delta AS (
    SELECT c.* FROM after_rows a, LATERAL "public"."jiesu_ranking_rows"(1, a.district_code, a.kind, a.lead_unit_id, a.assessment_month, a.excluded_from_assessment, a.outcome, a.contacted, a.resolved, a.satisfaction, a.dispatched_at, a.signed_at, a.sign_due_at, a.replied_at, a.reply_due_at,
             ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = a.id AND e.type = 'object' AND e.actor_unit_id = a.lead_unit_id)), ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = a.id AND e.type = 'requestExtension' AND e.actor_unit_id = a.lead_unit_id)), ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = a.id))) c
    UNION ALL
    SELECT c.* FROM before_rows b, LATERAL "public"."jiesu_ranking_rows"(-1, b.district_code, b.kind, b.lead_unit_id, b.assessment_month, b.excluded_from_assessment, b.outcome, b.contacted, b.resolved, b.satisfaction, b.dispatched_at, b.signed_at, b.sign_due_at, b.replied_at, b.reply_due_at,
             ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = b.id AND e.type = 'object' AND e.actor_unit_id = b.lead_unit_id)), ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = b.id AND e.type = 'requestExtension' AND e.actor_unit_id = b.lead_unit_id)), ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND (EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = b.id AND r.id NOT IN (SELECT id FROM n)) OR EXISTS (SELECT 1 FROM o r WHERE r.repeat_of_id = b.id)))) c
  )
  INSERT INTO "public"."ranking_aggregates" AS g (district_code, month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds)
  SELECT d.district_code, d.month, d.unit_id,
       sum(d.valid_callbacks),
       sum(d.contacted),
       sum(d.resolved),
       sum(d.satisfied),
       sum(d.basically_satisfied),
       sum(d.unsatisfied),
       sum(d.dispatched),
       sum(d.signed_on_time),
       sum(d.replied),
       sum(d.replied_on_time),
       sum(d.objections),
       sum(d.extensions),
       sum(d.repeats),
       sum(d.handling_seconds)
  FROM delta d
  GROUP BY d.district_code, d.month, d.unit_id
  HAVING sum(d.valid_callbacks) <> 0 OR sum(d.contacted) <> 0 OR sum(d.resolved) <> 0 OR sum(d.satisfied) <> 0 OR sum(d.basically_satisfied) <> 0 OR sum(d.unsatisfied) <> 0 OR sum(d.dispatched) <> 0 OR sum(d.signed_on_time) <> 0 OR sum(d.replied) <> 0 OR sum(d.replied_on_time) <> 0 OR sum(d.objections) <> 0 OR sum(d.extensions) <> 0 OR sum(d.repeats) <> 0 OR sum(d.handling_seconds) <> 0
  -- One lock order on the bucket rows for every writer, so two transactions cannot deadlock on them.
  ORDER BY d.district_code, d.month, d.unit_id
  ON CONFLICT (district_code, month, unit_id) DO UPDATE SET
    valid_callbacks = g.valid_callbacks + excluded.valid_callbacks,
    contacted = g.contacted + excluded.contacted,
    resolved = g.resolved + excluded.resolved,
    satisfied = g.satisfied + excluded.satisfied,
    basically_satisfied = g.basically_satisfied + excluded.basically_satisfied,
    unsatisfied = g.unsatisfied + excluded.unsatisfied,
    dispatched = g.dispatched + excluded.dispatched,
    signed_on_time = g.signed_on_time + excluded.signed_on_time,
    replied = g.replied + excluded.replied,
    replied_on_time = g.replied_on_time + excluded.replied_on_time,
    objections = g.objections + excluded.objections,
    extensions = g.extensions + excluded.extensions,
    repeats = g.repeats + excluded.repeats,
    handling_seconds = g.handling_seconds + excluded.handling_seconds;
  ELSIF TG_OP = 'UPDATE' THEN
  PERFORM 1 FROM "public"."tickets" t
  WHERE t.id IN (SELECT o.repeat_of_id FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                 WHERE o.repeat_of_id IS DISTINCT FROM n.repeat_of_id AND o.repeat_of_id IS NOT NULL
                 UNION SELECT n.repeat_of_id FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                 WHERE o.repeat_of_id IS DISTINCT FROM n.repeat_of_id AND n.repeat_of_id IS NOT NULL)
  ORDER BY t.id
  FOR NO KEY UPDATE;
  WITH o AS (SELECT x.id, x.district_code, x.kind, x.lead_unit_id, x.assessment_month, x.excluded_from_assessment, x.outcome, x.contacted, x.resolved, x.satisfaction, x.dispatched_at, x.signed_at, x.sign_due_at, x.replied_at, x.reply_due_at, x.repeat_of_id FROM old_rows x),
  n AS (SELECT x.id, x.district_code, x.kind, x.lead_unit_id, x.assessment_month, x.excluded_from_assessment, x.outcome, x.contacted, x.resolved, x.satisfaction, x.dispatched_at, x.signed_at, x.sign_due_at, x.replied_at, x.reply_due_at, x.repeat_of_id FROM new_rows x),
  pairs AS (SELECT o.id AS old_id, n.id AS new_id, o.repeat_of_id AS old_repeat_of, n.repeat_of_id AS new_repeat_of
            FROM o FULL JOIN n ON n.id = o.id
            WHERE (o.id, o.district_code, o.kind, o.lead_unit_id, o.assessment_month, o.excluded_from_assessment, o.outcome, o.contacted, o.resolved, o.satisfaction, o.dispatched_at, o.signed_at, o.sign_due_at, o.replied_at, o.reply_due_at, o.repeat_of_id) IS DISTINCT FROM (n.id, n.district_code, n.kind, n.lead_unit_id, n.assessment_month, n.excluded_from_assessment, n.outcome, n.contacted, n.resolved, n.satisfaction, n.dispatched_at, n.signed_at, n.sign_due_at, n.replied_at, n.reply_due_at, n.repeat_of_id)),
  -- The tickets whose contribution may differ: the changed rows, and the originals a changed row
  -- linked or unlinked as a repeat (their "has a repeat" measure).
  affected AS (SELECT old_id AS id FROM pairs WHERE old_id IS NOT NULL
               UNION SELECT new_id FROM pairs WHERE new_id IS NOT NULL
               UNION SELECT old_repeat_of FROM pairs WHERE old_repeat_of IS DISTINCT FROM new_repeat_of AND old_repeat_of IS NOT NULL
               UNION SELECT new_repeat_of FROM pairs WHERE old_repeat_of IS DISTINCT FROM new_repeat_of AND new_repeat_of IS NOT NULL),
  -- Before the statement: the old rows, and the untouched rows as they are.
  before_rows AS (SELECT o.* FROM o WHERE o.id IN (SELECT id FROM affected)
                  UNION ALL
                  SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t
                  WHERE t.id IN (SELECT id FROM affected) AND t.id NOT IN (SELECT id FROM n)),
  -- After the statement: the table as it is now.
  after_rows AS (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE t.id IN (SELECT id FROM affected)),
  delta AS (
    SELECT c.* FROM after_rows a, LATERAL "public"."jiesu_ranking_rows"(1, a.district_code, a.kind, a.lead_unit_id, a.assessment_month, a.excluded_from_assessment, a.outcome, a.contacted, a.resolved, a.satisfaction, a.dispatched_at, a.signed_at, a.sign_due_at, a.replied_at, a.reply_due_at,
             ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = a.id AND e.type = 'object' AND e.actor_unit_id = a.lead_unit_id)), ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = a.id AND e.type = 'requestExtension' AND e.actor_unit_id = a.lead_unit_id)), ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = a.id))) c
    UNION ALL
    SELECT c.* FROM before_rows b, LATERAL "public"."jiesu_ranking_rows"(-1, b.district_code, b.kind, b.lead_unit_id, b.assessment_month, b.excluded_from_assessment, b.outcome, b.contacted, b.resolved, b.satisfaction, b.dispatched_at, b.signed_at, b.sign_due_at, b.replied_at, b.reply_due_at,
             ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = b.id AND e.type = 'object' AND e.actor_unit_id = b.lead_unit_id)), ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = b.id AND e.type = 'requestExtension' AND e.actor_unit_id = b.lead_unit_id)), ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND (EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = b.id AND r.id NOT IN (SELECT id FROM n)) OR EXISTS (SELECT 1 FROM o r WHERE r.repeat_of_id = b.id)))) c
  )
  INSERT INTO "public"."ranking_aggregates" AS g (district_code, month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds)
  SELECT d.district_code, d.month, d.unit_id,
       sum(d.valid_callbacks),
       sum(d.contacted),
       sum(d.resolved),
       sum(d.satisfied),
       sum(d.basically_satisfied),
       sum(d.unsatisfied),
       sum(d.dispatched),
       sum(d.signed_on_time),
       sum(d.replied),
       sum(d.replied_on_time),
       sum(d.objections),
       sum(d.extensions),
       sum(d.repeats),
       sum(d.handling_seconds)
  FROM delta d
  GROUP BY d.district_code, d.month, d.unit_id
  HAVING sum(d.valid_callbacks) <> 0 OR sum(d.contacted) <> 0 OR sum(d.resolved) <> 0 OR sum(d.satisfied) <> 0 OR sum(d.basically_satisfied) <> 0 OR sum(d.unsatisfied) <> 0 OR sum(d.dispatched) <> 0 OR sum(d.signed_on_time) <> 0 OR sum(d.replied) <> 0 OR sum(d.replied_on_time) <> 0 OR sum(d.objections) <> 0 OR sum(d.extensions) <> 0 OR sum(d.repeats) <> 0 OR sum(d.handling_seconds) <> 0
  -- One lock order on the bucket rows for every writer, so two transactions cannot deadlock on them.
  ORDER BY d.district_code, d.month, d.unit_id
  ON CONFLICT (district_code, month, unit_id) DO UPDATE SET
    valid_callbacks = g.valid_callbacks + excluded.valid_callbacks,
    contacted = g.contacted + excluded.contacted,
    resolved = g.resolved + excluded.resolved,
    satisfied = g.satisfied + excluded.satisfied,
    basically_satisfied = g.basically_satisfied + excluded.basically_satisfied,
    unsatisfied = g.unsatisfied + excluded.unsatisfied,
    dispatched = g.dispatched + excluded.dispatched,
    signed_on_time = g.signed_on_time + excluded.signed_on_time,
    replied = g.replied + excluded.replied,
    replied_on_time = g.replied_on_time + excluded.replied_on_time,
    objections = g.objections + excluded.objections,
    extensions = g.extensions + excluded.extensions,
    repeats = g.repeats + excluded.repeats,
    handling_seconds = g.handling_seconds + excluded.handling_seconds;
  ELSE
  -- Serialise with other writers linking a repeat to the same original (READ COMMITTED: the
  -- statements below see what they committed once the lock is ours).
  PERFORM 1 FROM "public"."tickets" t
  WHERE t.id IN (SELECT x.repeat_of_id FROM (SELECT x.id, x.district_code, x.kind, x.lead_unit_id, x.assessment_month, x.excluded_from_assessment, x.outcome, x.contacted, x.resolved, x.satisfaction, x.dispatched_at, x.signed_at, x.sign_due_at, x.replied_at, x.reply_due_at, x.repeat_of_id FROM old_rows x) x WHERE x.repeat_of_id IS NOT NULL
                 UNION SELECT x.repeat_of_id FROM (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE false) x WHERE x.repeat_of_id IS NOT NULL)
  ORDER BY t.id
  FOR NO KEY UPDATE;
  WITH o AS (SELECT x.id, x.district_code, x.kind, x.lead_unit_id, x.assessment_month, x.excluded_from_assessment, x.outcome, x.contacted, x.resolved, x.satisfaction, x.dispatched_at, x.signed_at, x.sign_due_at, x.replied_at, x.reply_due_at, x.repeat_of_id FROM old_rows x),
  n AS (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE false),
  pairs AS (SELECT o.id AS old_id, n.id AS new_id, o.repeat_of_id AS old_repeat_of, n.repeat_of_id AS new_repeat_of
            FROM o FULL JOIN n ON n.id = o.id
            WHERE (o.id, o.district_code, o.kind, o.lead_unit_id, o.assessment_month, o.excluded_from_assessment, o.outcome, o.contacted, o.resolved, o.satisfaction, o.dispatched_at, o.signed_at, o.sign_due_at, o.replied_at, o.reply_due_at, o.repeat_of_id) IS DISTINCT FROM (n.id, n.district_code, n.kind, n.lead_unit_id, n.assessment_month, n.excluded_from_assessment, n.outcome, n.contacted, n.resolved, n.satisfaction, n.dispatched_at, n.signed_at, n.sign_due_at, n.replied_at, n.reply_due_at, n.repeat_of_id)),
  -- The tickets whose contribution may differ: the changed rows, and the originals a changed row
  -- linked or unlinked as a repeat (their "has a repeat" measure).
  affected AS (SELECT old_id AS id FROM pairs WHERE old_id IS NOT NULL
               UNION SELECT new_id FROM pairs WHERE new_id IS NOT NULL
               UNION SELECT old_repeat_of FROM pairs WHERE old_repeat_of IS DISTINCT FROM new_repeat_of AND old_repeat_of IS NOT NULL
               UNION SELECT new_repeat_of FROM pairs WHERE old_repeat_of IS DISTINCT FROM new_repeat_of AND new_repeat_of IS NOT NULL),
  -- Before the statement: the old rows, and the untouched rows as they are.
  before_rows AS (SELECT o.* FROM o WHERE o.id IN (SELECT id FROM affected)
                  UNION ALL
                  SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t
                  WHERE t.id IN (SELECT id FROM affected) AND t.id NOT IN (SELECT id FROM n)),
  -- After the statement: the table as it is now.
  after_rows AS (SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id FROM "public"."tickets" t WHERE t.id IN (SELECT id FROM affected)),
  delta AS (
    SELECT c.* FROM after_rows a, LATERAL "public"."jiesu_ranking_rows"(1, a.district_code, a.kind, a.lead_unit_id, a.assessment_month, a.excluded_from_assessment, a.outcome, a.contacted, a.resolved, a.satisfaction, a.dispatched_at, a.signed_at, a.sign_due_at, a.replied_at, a.reply_due_at,
             ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = a.id AND e.type = 'object' AND e.actor_unit_id = a.lead_unit_id)), ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = a.id AND e.type = 'requestExtension' AND e.actor_unit_id = a.lead_unit_id)), ((a.lead_unit_id IS NOT NULL AND a.dispatched_at IS NOT NULL AND a.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = a.id))) c
    UNION ALL
    SELECT c.* FROM before_rows b, LATERAL "public"."jiesu_ranking_rows"(-1, b.district_code, b.kind, b.lead_unit_id, b.assessment_month, b.excluded_from_assessment, b.outcome, b.contacted, b.resolved, b.satisfaction, b.dispatched_at, b.signed_at, b.sign_due_at, b.replied_at, b.reply_due_at,
             ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = b.id AND e.type = 'object' AND e.actor_unit_id = b.lead_unit_id)), ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = b.id AND e.type = 'requestExtension' AND e.actor_unit_id = b.lead_unit_id)), ((b.lead_unit_id IS NOT NULL AND b.dispatched_at IS NOT NULL AND b.kind <> 'whistle') AND (EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = b.id AND r.id NOT IN (SELECT id FROM n)) OR EXISTS (SELECT 1 FROM o r WHERE r.repeat_of_id = b.id)))) c
  )
  INSERT INTO "public"."ranking_aggregates" AS g (district_code, month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds)
  SELECT d.district_code, d.month, d.unit_id,
       sum(d.valid_callbacks),
       sum(d.contacted),
       sum(d.resolved),
       sum(d.satisfied),
       sum(d.basically_satisfied),
       sum(d.unsatisfied),
       sum(d.dispatched),
       sum(d.signed_on_time),
       sum(d.replied),
       sum(d.replied_on_time),
       sum(d.objections),
       sum(d.extensions),
       sum(d.repeats),
       sum(d.handling_seconds)
  FROM delta d
  GROUP BY d.district_code, d.month, d.unit_id
  HAVING sum(d.valid_callbacks) <> 0 OR sum(d.contacted) <> 0 OR sum(d.resolved) <> 0 OR sum(d.satisfied) <> 0 OR sum(d.basically_satisfied) <> 0 OR sum(d.unsatisfied) <> 0 OR sum(d.dispatched) <> 0 OR sum(d.signed_on_time) <> 0 OR sum(d.replied) <> 0 OR sum(d.replied_on_time) <> 0 OR sum(d.objections) <> 0 OR sum(d.extensions) <> 0 OR sum(d.repeats) <> 0 OR sum(d.handling_seconds) <> 0
  -- One lock order on the bucket rows for every writer, so two transactions cannot deadlock on them.
  ORDER BY d.district_code, d.month, d.unit_id
  ON CONFLICT (district_code, month, unit_id) DO UPDATE SET
    valid_callbacks = g.valid_callbacks + excluded.valid_callbacks,
    contacted = g.contacted + excluded.contacted,
    resolved = g.resolved + excluded.resolved,
    satisfied = g.satisfied + excluded.satisfied,
    basically_satisfied = g.basically_satisfied + excluded.basically_satisfied,
    unsatisfied = g.unsatisfied + excluded.unsatisfied,
    dispatched = g.dispatched + excluded.dispatched,
    signed_on_time = g.signed_on_time + excluded.signed_on_time,
    replied = g.replied + excluded.replied,
    replied_on_time = g.replied_on_time + excluded.replied_on_time,
    objections = g.objections + excluded.objections,
    extensions = g.extensions + excluded.extensions,
    repeats = g.repeats + excluded.repeats,
    handling_seconds = g.handling_seconds + excluded.handling_seconds;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."jiesu_ranking_events_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Only a unit's objection or extension request counts (once per ticket, when the unit is the lead).
  -- Lock the tickets concerned (the engine holds them already) so their lead unit cannot change under us.
  PERFORM 1 FROM "public"."tickets" t
  WHERE t.id IN (SELECT x.ticket_id FROM new_rows x WHERE x.type IN ('object', 'requestExtension'))
  ORDER BY t.id
  FOR NO KEY UPDATE;
  WITH flags AS (
    SELECT t.id, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at, t.repeat_of_id,
           ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = t.id AND e.type = 'object' AND e.actor_unit_id = t.lead_unit_id)) AS obj_after,
           ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = t.id AND e.type = 'object' AND e.actor_unit_id = t.lead_unit_id AND e.id NOT IN (SELECT x.id FROM new_rows x))) AS obj_before,
           ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = t.id AND e.type = 'requestExtension' AND e.actor_unit_id = t.lead_unit_id)) AS ext_after,
           ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = t.id AND e.type = 'requestExtension' AND e.actor_unit_id = t.lead_unit_id AND e.id NOT IN (SELECT x.id FROM new_rows x))) AS ext_before,
           ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = t.id)) AS rep
    FROM "public"."tickets" t
    WHERE t.id IN (SELECT x.ticket_id FROM new_rows x WHERE x.type IN ('object', 'requestExtension'))
  ),
  delta AS (
    SELECT c.* FROM flags a, LATERAL "public"."jiesu_ranking_rows"(1, a.district_code, a.kind, a.lead_unit_id, a.assessment_month, a.excluded_from_assessment, a.outcome, a.contacted, a.resolved, a.satisfaction, a.dispatched_at, a.signed_at, a.sign_due_at, a.replied_at, a.reply_due_at,
             a.obj_after, a.ext_after, a.rep) c
    WHERE (a.obj_after, a.ext_after) IS DISTINCT FROM (a.obj_before, a.ext_before)
    UNION ALL
    SELECT c.* FROM flags a, LATERAL "public"."jiesu_ranking_rows"(-1, a.district_code, a.kind, a.lead_unit_id, a.assessment_month, a.excluded_from_assessment, a.outcome, a.contacted, a.resolved, a.satisfaction, a.dispatched_at, a.signed_at, a.sign_due_at, a.replied_at, a.reply_due_at,
             a.obj_before, a.ext_before, a.rep) c
    WHERE (a.obj_after, a.ext_after) IS DISTINCT FROM (a.obj_before, a.ext_before)
  )
  INSERT INTO "public"."ranking_aggregates" AS g (district_code, month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds)
  SELECT d.district_code, d.month, d.unit_id,
       sum(d.valid_callbacks),
       sum(d.contacted),
       sum(d.resolved),
       sum(d.satisfied),
       sum(d.basically_satisfied),
       sum(d.unsatisfied),
       sum(d.dispatched),
       sum(d.signed_on_time),
       sum(d.replied),
       sum(d.replied_on_time),
       sum(d.objections),
       sum(d.extensions),
       sum(d.repeats),
       sum(d.handling_seconds)
  FROM delta d
  GROUP BY d.district_code, d.month, d.unit_id
  HAVING sum(d.valid_callbacks) <> 0 OR sum(d.contacted) <> 0 OR sum(d.resolved) <> 0 OR sum(d.satisfied) <> 0 OR sum(d.basically_satisfied) <> 0 OR sum(d.unsatisfied) <> 0 OR sum(d.dispatched) <> 0 OR sum(d.signed_on_time) <> 0 OR sum(d.replied) <> 0 OR sum(d.replied_on_time) <> 0 OR sum(d.objections) <> 0 OR sum(d.extensions) <> 0 OR sum(d.repeats) <> 0 OR sum(d.handling_seconds) <> 0
  -- One lock order on the bucket rows for every writer, so two transactions cannot deadlock on them.
  ORDER BY d.district_code, d.month, d.unit_id
  ON CONFLICT (district_code, month, unit_id) DO UPDATE SET
    valid_callbacks = g.valid_callbacks + excluded.valid_callbacks,
    contacted = g.contacted + excluded.contacted,
    resolved = g.resolved + excluded.resolved,
    satisfied = g.satisfied + excluded.satisfied,
    basically_satisfied = g.basically_satisfied + excluded.basically_satisfied,
    unsatisfied = g.unsatisfied + excluded.unsatisfied,
    dispatched = g.dispatched + excluded.dispatched,
    signed_on_time = g.signed_on_time + excluded.signed_on_time,
    replied = g.replied + excluded.replied,
    replied_on_time = g.replied_on_time + excluded.replied_on_time,
    objections = g.objections + excluded.objections,
    extensions = g.extensions + excluded.extensions,
    repeats = g.repeats + excluded.repeats,
    handling_seconds = g.handling_seconds + excluded.handling_seconds;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Emptying tickets empties every contribution.
CREATE FUNCTION "public"."jiesu_ranking_tickets_truncated"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "public"."ranking_aggregates";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The full recount by the same rules, grouped per bucket (buckets with nothing to count are left out):
-- used to backfill, to check a restored database and to rebuild (rebuildRankingAggregates).
CREATE FUNCTION "public"."jiesu_ranking_recount"()
RETURNS TABLE (district_code varchar, month varchar, unit_id integer, valid_callbacks bigint, contacted bigint, resolved bigint, satisfied bigint, basically_satisfied bigint, unsatisfied bigint, dispatched bigint, signed_on_time bigint, replied bigint, replied_on_time bigint, objections bigint, extensions bigint, repeats bigint, handling_seconds numeric)
LANGUAGE sql STABLE AS $$
  SELECT c.district_code, c.month, c.unit_id,
         sum(c.valid_callbacks),
         sum(c.contacted),
         sum(c.resolved),
         sum(c.satisfied),
         sum(c.basically_satisfied),
         sum(c.unsatisfied),
         sum(c.dispatched),
         sum(c.signed_on_time),
         sum(c.replied),
         sum(c.replied_on_time),
         sum(c.objections),
         sum(c.extensions),
         sum(c.repeats),
         sum(c.handling_seconds)
  FROM "public"."tickets" t,
       LATERAL "public"."jiesu_ranking_rows"(1, t.district_code, t.kind, t.lead_unit_id, t.assessment_month, t.excluded_from_assessment, t.outcome, t.contacted, t.resolved, t.satisfaction, t.dispatched_at, t.signed_at, t.sign_due_at, t.replied_at, t.reply_due_at,
             ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = t.id AND e.type = 'object' AND e.actor_unit_id = t.lead_unit_id)), ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."ticket_events" e WHERE e.ticket_id = t.id AND e.type = 'requestExtension' AND e.actor_unit_id = t.lead_unit_id)), ((t.lead_unit_id IS NOT NULL AND t.dispatched_at IS NOT NULL AND t.kind <> 'whistle') AND EXISTS (SELECT 1 FROM "public"."tickets" r WHERE r.repeat_of_id = t.id))) c
  GROUP BY c.district_code, c.month, c.unit_id
  HAVING sum(c.valid_callbacks) <> 0 OR sum(c.contacted) <> 0 OR sum(c.resolved) <> 0 OR sum(c.satisfied) <> 0 OR sum(c.basically_satisfied) <> 0 OR sum(c.unsatisfied) <> 0 OR sum(c.dispatched) <> 0 OR sum(c.signed_on_time) <> 0 OR sum(c.replied) <> 0 OR sum(c.replied_on_time) <> 0 OR sum(c.objections) <> 0 OR sum(c.extensions) <> 0 OR sum(c.repeats) <> 0 OR sum(c.handling_seconds) <> 0
$$;
--> statement-breakpoint
CREATE TRIGGER "ranking_tickets_inserted" AFTER INSERT ON "public"."tickets"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_ranking_tickets_changed"();
--> statement-breakpoint
CREATE TRIGGER "ranking_tickets_updated" AFTER UPDATE ON "public"."tickets"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_ranking_tickets_changed"();
--> statement-breakpoint
CREATE TRIGGER "ranking_tickets_deleted" AFTER DELETE ON "public"."tickets"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_ranking_tickets_changed"();
--> statement-breakpoint
CREATE TRIGGER "ranking_tickets_truncated" AFTER TRUNCATE ON "public"."tickets"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_ranking_tickets_truncated"();
--> statement-breakpoint
CREATE TRIGGER "ranking_events_inserted" AFTER INSERT ON "public"."ticket_events"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_ranking_events_inserted"();
--> statement-breakpoint
-- "Has a repeat" looks tickets up by repeat_of_id: without this index every write of a ticket (and the
-- recount) would scan the table. Partial: few tickets are repeats. (Not in tickets.table.ts, whose
-- owner may move it there; drizzle-kit does not read the database, so it does not drop it meanwhile.)
CREATE INDEX IF NOT EXISTS "tickets_repeat_of_idx" ON "public"."tickets" USING btree ("repeat_of_id") WHERE "repeat_of_id" IS NOT NULL;
--> statement-breakpoint
-- Backfill, after the triggers exist (creating them locked both tables against writers until commit).
DELETE FROM "public"."ranking_aggregates";
--> statement-breakpoint
INSERT INTO "public"."ranking_aggregates" (district_code, month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds)
  SELECT district_code, month, unit_id, valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched, signed_on_time, replied, replied_on_time, objections, extensions, repeats, handling_seconds FROM "public"."jiesu_ranking_recount"();
