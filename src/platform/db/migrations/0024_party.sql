CREATE TABLE "party_member_reveals" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"member_id" integer NOT NULL,
	"viewer_user_id" integer NOT NULL,
	"field" varchar(16) NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"organisation_id" integer NOT NULL,
	"user_id" integer,
	"real_name" text NOT NULL,
	"id_number" text NOT NULL,
	"id_number_key" varchar(64) NOT NULL,
	"phone" text,
	"member_type" varchar(16) NOT NULL,
	"joined_on" date,
	"home_community_code" varchar(12),
	"in_service" boolean DEFAULT false NOT NULL,
	"work_unit" text,
	"posts" text[] DEFAULT '{}'::text[] NOT NULL,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"parent_id" integer,
	"path" text NOT NULL,
	"level" varchar(16) NOT NULL,
	"host_type" varchar(16) NOT NULL,
	"code" varchar(32) NOT NULL,
	"name" text NOT NULL,
	"division_code" varchar(12),
	"unit_id" integer,
	"paired_community_code" varchar(12),
	"founded_on" date,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "party_member_reveals_member_idx" ON "party_member_reveals" USING btree ("district_code","member_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "party_members_id_key_uq" ON "party_members" USING btree ("district_code","id_number_key");--> statement-breakpoint
CREATE INDEX "party_members_organisation_idx" ON "party_members" USING btree ("district_code","organisation_id");--> statement-breakpoint
CREATE INDEX "party_members_home_idx" ON "party_members" USING btree ("district_code","home_community_code");--> statement-breakpoint
CREATE UNIQUE INDEX "party_members_user_uq" ON "party_members" USING btree ("district_code","user_id") WHERE user_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "party_organisations_code_uq" ON "party_organisations" USING btree ("district_code","code");--> statement-breakpoint
CREATE INDEX "party_organisations_parent_idx" ON "party_organisations" USING btree ("district_code","parent_id");--> statement-breakpoint
CREATE INDEX "party_organisations_path_idx" ON "party_organisations" USING btree ("district_code","path");--> statement-breakpoint
CREATE INDEX "party_organisations_division_idx" ON "party_organisations" USING btree ("district_code","division_code");