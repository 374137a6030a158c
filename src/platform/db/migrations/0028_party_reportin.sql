CREATE TABLE "party_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"day" date NOT NULL,
	"member_id" integer NOT NULL,
	"present" boolean NOT NULL,
	"recorded_by_user_id" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"need_id" integer NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"member_id" integer,
	"organisation_id" integer,
	"state" varchar(12) NOT NULL,
	"claimed_by_user_id" integer NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"summary" text,
	"served_on" date,
	"minutes" integer,
	"recorded_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"confirmed_by_user_id" integer,
	"sent_back_reason" text,
	"sent_back_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "party_claims_one_of" CHECK ((member_id is null) <> (organisation_id is null))
);
--> statement-breakpoint
CREATE TABLE "party_evaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"year" smallint NOT NULL,
	"member_id" integer,
	"organisation_id" integer,
	"branch_id" integer NOT NULL,
	"grade" varchar(24) NOT NULL,
	"comment" text NOT NULL,
	"evaluated_by_user_id" integer NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_evaluations_one_of" CHECK ((member_id is null) <> (organisation_id is null))
);
--> statement-breakpoint
CREATE TABLE "party_needs" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" varchar(16) NOT NULL,
	"people_wanted" smallint NOT NULL,
	"needed_on" date NOT NULL,
	"time_text" text NOT NULL,
	"place" text NOT NULL,
	"state" varchar(12) NOT NULL,
	"claimed_count" smallint DEFAULT 0 NOT NULL,
	"created_by_user_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text
);
--> statement-breakpoint
CREATE TABLE "party_report_ins" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"member_id" integer,
	"organisation_id" integer,
	"status" varchar(12) NOT NULL,
	"reported_on" date NOT NULL,
	"registered_by_user_id" integer NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_report_ins_one_of" CHECK ((member_id is null) <> (organisation_id is null))
);
--> statement-breakpoint
CREATE TABLE "party_resources" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"organisation_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" varchar(16) NOT NULL,
	"created_by_user_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "party_attendance_uq" ON "party_attendance" USING btree ("district_code","community_code","day","member_id");--> statement-breakpoint
CREATE INDEX "party_claims_need_idx" ON "party_claims" USING btree ("district_code","need_id");--> statement-breakpoint
CREATE INDEX "party_claims_served_idx" ON "party_claims" USING btree ("district_code","served_on","community_code");--> statement-breakpoint
CREATE INDEX "party_claims_member_idx" ON "party_claims" USING btree ("district_code","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_claims_member_uq" ON "party_claims" USING btree ("need_id","member_id") WHERE member_id is not null and state <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "party_claims_organisation_uq" ON "party_claims" USING btree ("need_id","organisation_id") WHERE organisation_id is not null and state <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "party_evaluations_member_uq" ON "party_evaluations" USING btree ("district_code","community_code","year","member_id") WHERE member_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "party_evaluations_organisation_uq" ON "party_evaluations" USING btree ("district_code","community_code","year","organisation_id") WHERE organisation_id is not null;--> statement-breakpoint
CREATE INDEX "party_evaluations_branch_idx" ON "party_evaluations" USING btree ("district_code","branch_id","year");--> statement-breakpoint
CREATE INDEX "party_needs_community_idx" ON "party_needs" USING btree ("district_code","community_code","needed_on");--> statement-breakpoint
CREATE INDEX "party_needs_month_idx" ON "party_needs" USING btree ("district_code","needed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "party_report_ins_member_uq" ON "party_report_ins" USING btree ("district_code","community_code","member_id") WHERE member_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "party_report_ins_organisation_uq" ON "party_report_ins" USING btree ("district_code","community_code","organisation_id") WHERE organisation_id is not null;--> statement-breakpoint
CREATE INDEX "party_report_ins_member_idx" ON "party_report_ins" USING btree ("district_code","member_id");--> statement-breakpoint
CREATE INDEX "party_report_ins_organisation_idx" ON "party_report_ins" USING btree ("district_code","organisation_id");--> statement-breakpoint
CREATE INDEX "party_resources_community_idx" ON "party_resources" USING btree ("district_code","community_code");