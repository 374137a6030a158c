CREATE TABLE "buildings" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"street_code" varchar(12) NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"grid_code" varchar(40),
	"latitude" double precision,
	"longitude" double precision,
	"responsible_persons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"party_member_households" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"conventions" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"kind" varchar(24) NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"mapping" varchar(40),
	"encoding" varchar(12),
	"dry_run" boolean NOT NULL,
	"status" varchar(16) NOT NULL,
	"total" integer NOT NULL,
	"accepted" integer NOT NULL,
	"rejected" integer NOT NULL,
	"duplicates" integer NOT NULL,
	"report" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_by" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_code_uq" ON "buildings" USING btree ("code");--> statement-breakpoint
CREATE INDEX "buildings_community_idx" ON "buildings" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "import_runs_started_idx" ON "import_runs" USING btree ("district_code","started_at");