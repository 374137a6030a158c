-- 0014: the district code leads the key of idempotency_keys (one record per keyed intake, as large as
-- tickets), as it leads the keys of the ticket tables: two districts' servers on one database keep
-- their clients' keys apart, and the table can be distributed by district (docs/OPERATIONS.md).
-- Every stored record names the ticket its request created, written in the same statement as the
-- ticket; the column is filled from that ticket. A record whose ticket is missing (none is known to
-- exist) gets '000000', a code no district has: it can no longer answer a retry, and stays for audit.
ALTER TABLE "idempotency_keys" ADD COLUMN "district_code" varchar(6);--> statement-breakpoint
UPDATE "idempotency_keys" k SET "district_code" = t."district_code" FROM "tickets" t WHERE t."id" = k."ticket_id";--> statement-breakpoint
UPDATE "idempotency_keys" SET "district_code" = '000000' WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_pk" PRIMARY KEY("district_code","scope","key");
