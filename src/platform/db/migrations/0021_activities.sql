CREATE TABLE "activities" (
	"id" serial NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"organiser_unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"activity_type" varchar(30) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"venue_name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"division_code" varchar(12),
	"latitude" double precision,
	"longitude" double precision,
	"venue_tag" varchar(12) NOT NULL,
	"state" varchar(12) NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "activities_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "activity_sessions" (
	"id" serial NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"activity_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"next_position" integer DEFAULT 1 NOT NULL,
	"hours_confirmed_at" timestamp with time zone,
	CONSTRAINT "activity_sessions_pk" PRIMARY KEY("id","district_code")
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"session_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"status" varchar(12) NOT NULL,
	"position" integer NOT NULL,
	"signed_up_at" timestamp with time zone NOT NULL,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"check_in_distance_m" integer,
	CONSTRAINT "activity_signups_pk" PRIMARY KEY("session_id","user_id","district_code")
);
--> statement-breakpoint
CREATE TABLE "service_hour_records" (
	"id" bigserial NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"user_id" integer NOT NULL,
	"activity_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"organiser_unit_id" integer NOT NULL,
	"kind" varchar(12) NOT NULL,
	"manual_source" varchar(12),
	"minutes" integer NOT NULL,
	"computed_minutes" integer,
	"no_check_out" boolean DEFAULT false NOT NULL,
	"served_on" date NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"corrects_id" bigint,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_hour_records_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE INDEX "activities_state_idx" ON "activities" USING btree ("district_code","state");--> statement-breakpoint
CREATE INDEX "activity_sessions_activity_idx" ON "activity_sessions" USING btree ("activity_id","district_code");--> statement-breakpoint
CREATE INDEX "activity_signups_user_idx" ON "activity_signups" USING btree ("user_id","district_code");--> statement-breakpoint
CREATE UNIQUE INDEX "service_hour_records_once_uq" ON "service_hour_records" USING btree ("session_id","user_id","district_code") WHERE kind <> 'correction';--> statement-breakpoint
CREATE INDEX "service_hour_records_user_idx" ON "service_hour_records" USING btree ("user_id","district_code","served_on");--> statement-breakpoint
CREATE INDEX "service_hour_records_served_idx" ON "service_hour_records" USING btree ("district_code","served_on");