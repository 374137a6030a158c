CREATE TABLE "grid_assignments" (
	"user_id" integer NOT NULL,
	"grid_id" integer NOT NULL,
	CONSTRAINT "grid_assignments_user_id_grid_id_pk" PRIMARY KEY("user_id","grid_id")
);
--> statement-breakpoint
CREATE TABLE "grid_reports" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"grid_id" integer NOT NULL,
	"reported_by" integer NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"resolved_on_spot" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"street_code" varchar(12) NOT NULL,
	"district_code" varchar(6) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "grid_reports_user_idx" ON "grid_reports" USING btree ("reported_by","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "grids_code_uq" ON "grids" USING btree ("code");--> statement-breakpoint
CREATE INDEX "grids_community_idx" ON "grids" USING btree ("community_code");