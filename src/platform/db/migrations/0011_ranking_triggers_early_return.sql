-- Ranking triggers (0009) that return at once when a statement cannot change any contribution
-- (issue 5, replay speed). Each early return tests exactly the condition under which the full query
-- of 0009 would lock no row and add nothing, so the aggregates stay equal to a full recount
-- (test/ranking-aggregates.db.test.ts). Why: every step of a ticket inserts an event (only an objection
-- or an extension request counts), the hourly sweeper's due-soon UPDATE usually matches no row, and
-- several steps change no counted column; each of those ran the multi-CTE query for nothing.
-- The bodies are 0009's, unchanged apart from the early returns.
CREATE OR REPLACE FUNCTION "public"."jiesu_ranking_tickets_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The three branches run one query and differ only in where the old and new rows come from (a
  -- trigger's transition tables exist only for its own event).
  IF TG_OP = 'INSERT' THEN
  -- An INSERT of no row (INSERT … SELECT that found nothing) changes no contribution.
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
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
  -- No row whose counted columns differ: "pairs" below would be empty, so nothing would be locked
  -- or added. The sweeper's due-soon UPDATE (mostly matching no row) and steps that change only
  -- other columns (contact, markOverdue, due status) end here.
  IF NOT EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
                 WHERE (o.id, o.district_code, o.kind, o.lead_unit_id, o.assessment_month, o.excluded_from_assessment, o.outcome, o.contacted, o.resolved, o.satisfaction, o.dispatched_at, o.signed_at, o.sign_due_at, o.replied_at, o.reply_due_at, o.repeat_of_id) IS DISTINCT FROM (n.id, n.district_code, n.kind, n.lead_unit_id, n.assessment_month, n.excluded_from_assessment, n.outcome, n.contacted, n.resolved, n.satisfaction, n.dispatched_at, n.signed_at, n.sign_due_at, n.replied_at, n.reply_due_at, n.repeat_of_id)) THEN
    RETURN NULL;
  END IF;
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
  -- A DELETE of no row changes no contribution.
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
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
CREATE OR REPLACE FUNCTION "public"."jiesu_ranking_events_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Most events are neither: then nothing below would lock or add anything (every step inserts an
  -- event, so this is the common case).
  IF NOT EXISTS (SELECT 1 FROM new_rows x WHERE x.type IN ('object', 'requestExtension')) THEN RETURN NULL; END IF;
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
