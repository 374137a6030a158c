CREATE TABLE "party_care_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"until" timestamp with time zone,
	"assigned_by_user_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_household_visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"household_id" integer NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"member_id" integer,
	"recorded_by_user_id" integer NOT NULL,
	"visited_on" date NOT NULL,
	"notes" text NOT NULL,
	"problem" text,
	"ticket_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_households" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"building_id" integer NOT NULL,
	"building_code" varchar(40) NOT NULL,
	"room" varchar(20) NOT NULL,
	"holder_user_id" integer,
	"leads_building" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_user_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"retire_reason" text
);
--> statement-breakpoint
CREATE TABLE "party_model_buildings" (
	"building_id" integer PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"area" text NOT NULL,
	"marked_by_user_id" integer NOT NULL,
	"marked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_sorting_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"household_id" integer NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"checked_on" date NOT NULL,
	"result" varchar(8) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"member_id" integer,
	"checked_by_user_id" integer NOT NULL,
	"points_transaction_id" integer,
	"points" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "party_care_links_current_uq" ON "party_care_links" USING btree ("household_id") WHERE until is null;--> statement-breakpoint
CREATE INDEX "party_care_links_member_idx" ON "party_care_links" USING btree ("district_code","member_id");--> statement-breakpoint
CREATE INDEX "party_household_visits_household_idx" ON "party_household_visits" USING btree ("household_id","visited_on");--> statement-breakpoint
CREATE INDEX "party_household_visits_community_idx" ON "party_household_visits" USING btree ("district_code","community_code","visited_on");--> statement-breakpoint
CREATE UNIQUE INDEX "party_households_room_uq" ON "party_households" USING btree ("district_code","building_id","room") WHERE retired_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "party_households_model_uq" ON "party_households" USING btree ("district_code","building_id") WHERE leads_building and retired_at is null;--> statement-breakpoint
CREATE INDEX "party_households_community_idx" ON "party_households" USING btree ("district_code","community_code");--> statement-breakpoint
CREATE UNIQUE INDEX "party_sorting_checks_day_uq" ON "party_sorting_checks" USING btree ("household_id","checked_on");--> statement-breakpoint
CREATE INDEX "party_sorting_checks_community_idx" ON "party_sorting_checks" USING btree ("district_code","community_code","checked_on");