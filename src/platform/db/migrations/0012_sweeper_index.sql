-- 0012: the deadline sweeper's candidates (findOverdueCandidates) in due order without reading the
-- tickets already marked overdue first: running clocks (dispatched, signed, handling) not yet overdue.
CREATE INDEX "tickets_sweep_due_idx" ON "tickets" USING btree ("district_code","active_due_at") WHERE state IN ('dispatched', 'signed', 'handling') AND due_status <> 'overdue';