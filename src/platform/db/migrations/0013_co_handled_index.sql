-- 0013: the co-handler branch of a unit's inbox (unitScopeBranches adds the implied co_unit_ids <> '{}')
-- reads only tickets that have co-handlers, by state and due date.
CREATE INDEX "tickets_co_handled_idx" ON "tickets" USING btree ("district_code","state","active_due_at") WHERE co_unit_ids <> '{}'::integer[];