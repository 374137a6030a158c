-- 0010: the inbox at a million tickets, and the district code in the keys of the large tables.
-- Keys: personal_data_reveals and attachments get the primary key (district_code, id), like tickets;
-- ticket_events_seq_uq becomes (ticket_id, seq, district_code) (district last: lookups by ticket id
-- alone, as in the ranking triggers of 0009, keep a range scan); tickets_id_uq (id) gives way to a
-- plain index: a distributed table cannot hold a unique index without its distribution column, and
-- ticket ids come from one global sequence. tickets_repeat_of_idx was created by hand in 0009 and is
-- declared in the schema now: IF NOT EXISTS, so this applies on a database that has it (all do).
-- Inbox (bench/RESULTS.md "inbox", measured at 300,000 tickets): tickets_lead_open_idx makes the tab
-- counts index-only, tickets_lead_overdue_idx serves a unit's overdue filter in due order,
-- tickets_open_due_idx the centre's overdue queue; the GIN index on co_unit_ids without a pending list.
DROP INDEX "ticket_events_seq_uq";--> statement-breakpoint
DROP INDEX "tickets_co_units_idx";--> statement-breakpoint
ALTER TABLE "personal_data_reveals" DROP CONSTRAINT "personal_data_reveals_pkey";--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_pkey";--> statement-breakpoint
ALTER TABLE "personal_data_reveals" ADD CONSTRAINT "personal_data_reveals_pk" PRIMARY KEY("district_code","id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_pk" PRIMARY KEY("district_code","id");--> statement-breakpoint
CREATE INDEX "tickets_id_idx" ON "tickets" USING btree ("id");--> statement-breakpoint
DROP INDEX "tickets_id_uq";--> statement-breakpoint
CREATE INDEX "tickets_lead_open_idx" ON "tickets" USING btree ("lead_unit_id","state","due_status","district_code") WHERE state IN ('dispatched', 'signed', 'handling', 'deferred', 'replied');--> statement-breakpoint
CREATE INDEX "tickets_lead_overdue_idx" ON "tickets" USING btree ("lead_unit_id","active_due_at") WHERE due_status = 'overdue';--> statement-breakpoint
CREATE INDEX "tickets_open_due_idx" ON "tickets" USING btree ("district_code","active_due_at") WHERE state IN ('dispatched', 'signed', 'handling', 'deferred');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_repeat_of_idx" ON "tickets" USING btree ("repeat_of_id") WHERE repeat_of_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_events_seq_uq" ON "ticket_events" USING btree ("ticket_id","seq","district_code");--> statement-breakpoint
CREATE INDEX "tickets_co_units_idx" ON "tickets" USING gin ("co_unit_ids") WITH (fastupdate=false);
