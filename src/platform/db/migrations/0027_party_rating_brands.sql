CREATE TABLE "party_rating_cycles" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"rule_set_id" integer NOT NULL,
	"status" varchar(12) NOT NULL,
	"posting_from" date,
	"posting_to" date,
	"opened_by" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"posted_at" timestamp with time zone,
	"finalised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_rating_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"rating_id" integer NOT NULL,
	"kind" varchar(20) NOT NULL,
	"actor_user_id" integer,
	"at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_rating_rule_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"version" varchar(40) NOT NULL,
	"effective_from" date NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"cycle_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"status" varchar(12) NOT NULL,
	"self_entries" jsonb,
	"self_total" integer,
	"self_stars" integer,
	"self_by" integer,
	"self_at" timestamp with time zone,
	"review_entries" jsonb,
	"review_total" integer,
	"review_stars" integer,
	"review_comment" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"appeal_reason" text,
	"appealed_by" integer,
	"appealed_at" timestamp with time zone,
	"appeal_decision" varchar(8),
	"appeal_comment" text,
	"appeal_decided_by" integer,
	"appeal_decided_at" timestamp with time zone,
	"final_total" integer,
	"final_stars" integer,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_brand_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"programme_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"practice" text NOT NULL,
	"status" varchar(12) NOT NULL,
	"applied_by" integer NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"chosen" boolean DEFAULT false NOT NULL,
	"final_rank" integer
);
--> statement-breakpoint
CREATE TABLE "party_brand_programmes" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"status" varchar(12) NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_brand_round_entries" (
	"district_code" varchar(6) NOT NULL,
	"round_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"position" integer NOT NULL,
	"mean_hundredths" integer,
	"rank" integer,
	"tied" boolean,
	"advanced" boolean DEFAULT false NOT NULL,
	CONSTRAINT "party_brand_round_entries_district_code_round_id_application_id_pk" PRIMARY KEY("district_code","round_id","application_id")
);
--> statement-breakpoint
CREATE TABLE "party_brand_round_experts" (
	"district_code" varchar(6) NOT NULL,
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "party_brand_round_experts_district_code_round_id_user_id_pk" PRIMARY KEY("district_code","round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "party_brand_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"programme_id" integer NOT NULL,
	"number" integer NOT NULL,
	"status" varchar(8) NOT NULL,
	"trimmed" boolean DEFAULT false NOT NULL,
	"opened_by" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "party_brand_scores" (
	"district_code" varchar(6) NOT NULL,
	"round_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"expert_user_id" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"total" integer NOT NULL,
	"comment" text,
	"scored_at" timestamp with time zone NOT NULL,
	"revisions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "party_brand_scores_district_code_round_id_application_id_expert_user_id_pk" PRIMARY KEY("district_code","round_id","application_id","expert_user_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "party_rating_cycles_year_uq" ON "party_rating_cycles" USING btree ("district_code","year");--> statement-breakpoint
CREATE INDEX "party_rating_events_rating_idx" ON "party_rating_events" USING btree ("district_code","rating_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "party_rating_rule_sets_version_uq" ON "party_rating_rule_sets" USING btree ("district_code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "party_rating_rule_sets_from_uq" ON "party_rating_rule_sets" USING btree ("district_code","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "party_ratings_cycle_org_uq" ON "party_ratings" USING btree ("district_code","cycle_id","organisation_id");--> statement-breakpoint
CREATE INDEX "party_ratings_org_idx" ON "party_ratings" USING btree ("district_code","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_brand_applications_org_uq" ON "party_brand_applications" USING btree ("district_code","programme_id","organisation_id");--> statement-breakpoint
CREATE INDEX "party_brand_programmes_year_idx" ON "party_brand_programmes" USING btree ("district_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "party_brand_round_entries_pos_uq" ON "party_brand_round_entries" USING btree ("district_code","round_id","position");--> statement-breakpoint
CREATE INDEX "party_brand_round_experts_user_idx" ON "party_brand_round_experts" USING btree ("district_code","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_brand_rounds_number_uq" ON "party_brand_rounds" USING btree ("district_code","programme_id","number");