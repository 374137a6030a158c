CREATE TABLE "ledger_manual_items" (
	"ledger_id" integer NOT NULL,
	"ticket_id" bigint NOT NULL,
	"included" boolean NOT NULL,
	"added_by" integer,
	"added_at" timestamp with time zone,
	"added_reason" text DEFAULT '' NOT NULL,
	"removed_by" integer,
	"removed_at" timestamp with time zone,
	"removed_reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "ledger_manual_items_pk" PRIMARY KEY("ledger_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "ledgers" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ledgers_district_idx" ON "ledgers" USING btree ("district_code","id");