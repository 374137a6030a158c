-- 0015: the district code joins the keys of the tables that hang off tickets or ledgers — whistles,
-- whistle_reports, grid_reports, ledgers and ledger_manual_items — as it leads the keys of the ticket
-- tables (0010, 0014): a whistle, its report-ins and a grid report live beside their ticket when the
-- tables are distributed by district (docs/OPERATIONS.md), and two districts can share a database.
-- Each new column is filled from the row's ticket (whistles, whistle_reports, grid_reports) or ledger
-- (ledger_manual_items); a row whose ticket or ledger is missing (none is known to exist) gets
-- '000000', a code no district has, and stays for audit. The lookup-by-ticket keys keep the district
-- last (whistle_reports_uq, ledger_manual_items_pk), like ticket_events_seq_uq.
ALTER TABLE "whistles" ADD COLUMN "district_code" varchar(6);--> statement-breakpoint
UPDATE "whistles" w SET "district_code" = t."district_code" FROM "tickets" t WHERE t."id" = w."ticket_id";--> statement-breakpoint
UPDATE "whistles" SET "district_code" = '000000' WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "whistles" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "whistles" DROP CONSTRAINT "whistles_pkey";--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_pk" PRIMARY KEY("district_code","ticket_id");--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD COLUMN "district_code" varchar(6);--> statement-breakpoint
UPDATE "whistle_reports" r SET "district_code" = t."district_code" FROM "tickets" t WHERE t."id" = r."whistle_ticket_id";--> statement-breakpoint
UPDATE "whistle_reports" SET "district_code" = '000000' WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "whistle_reports" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "whistle_reports" DROP CONSTRAINT "whistle_reports_pkey";--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD CONSTRAINT "whistle_reports_pk" PRIMARY KEY("district_code","id");--> statement-breakpoint
DROP INDEX "whistle_reports_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "whistle_reports_uq" ON "whistle_reports" USING btree ("whistle_ticket_id","unit_id","district_code");--> statement-breakpoint
ALTER TABLE "grid_reports" ADD COLUMN "district_code" varchar(6);--> statement-breakpoint
UPDATE "grid_reports" g SET "district_code" = t."district_code" FROM "tickets" t WHERE t."id" = g."ticket_id";--> statement-breakpoint
UPDATE "grid_reports" SET "district_code" = '000000' WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "grid_reports" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "grid_reports" DROP CONSTRAINT "grid_reports_pkey";--> statement-breakpoint
ALTER TABLE "grid_reports" ADD CONSTRAINT "grid_reports_pk" PRIMARY KEY("district_code","ticket_id");--> statement-breakpoint
ALTER TABLE "ledgers" DROP CONSTRAINT "ledgers_pkey";--> statement-breakpoint
ALTER TABLE "ledgers" ADD CONSTRAINT "ledgers_pk" PRIMARY KEY("district_code","id");--> statement-breakpoint
DROP INDEX "ledgers_district_idx";--> statement-breakpoint
ALTER TABLE "ledger_manual_items" ADD COLUMN "district_code" varchar(6);--> statement-breakpoint
UPDATE "ledger_manual_items" m SET "district_code" = l."district_code" FROM "ledgers" l WHERE l."id" = m."ledger_id";--> statement-breakpoint
UPDATE "ledger_manual_items" SET "district_code" = '000000' WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "ledger_manual_items" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_manual_items" DROP CONSTRAINT "ledger_manual_items_pk";--> statement-breakpoint
ALTER TABLE "ledger_manual_items" ADD CONSTRAINT "ledger_manual_items_pk" PRIMARY KEY("ledger_id","ticket_id","district_code");
