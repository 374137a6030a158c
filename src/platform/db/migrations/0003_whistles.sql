CREATE TABLE "whistle_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"whistle_ticket_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone,
	"reported_by" integer,
	"reporter_name" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"attachment_id" integer,
	"score" smallint,
	"comment" text DEFAULT '' NOT NULL,
	"rated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "whistles" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"street_unit_id" integer NOT NULL,
	"source_ticket_id" bigint,
	"place" text NOT NULL,
	"report_limit_minutes" integer NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "whistle_reports_uq" ON "whistle_reports" USING btree ("whistle_ticket_id","unit_id");--> statement-breakpoint
CREATE INDEX "whistle_reports_unit_idx" ON "whistle_reports" USING btree ("unit_id","due_at");--> statement-breakpoint
CREATE INDEX "whistles_source_idx" ON "whistles" USING btree ("source_ticket_id");--> statement-breakpoint
CREATE INDEX "whistles_street_idx" ON "whistles" USING btree ("street_unit_id","created_at");