CREATE TABLE "party_meeting_attendance" (
	"meeting_id" integer NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"member_id" integer NOT NULL,
	"status" varchar(10) NOT NULL,
	"reason" text,
	CONSTRAINT "party_meeting_attendance_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "party_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"organisation_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"state" varchar(12) NOT NULL,
	"minutes" text,
	"held_at" timestamp with time zone,
	"held_on" date,
	"recorded_by_user_id" integer,
	"recorded_at" timestamp with time zone,
	"cancel_reason" text,
	"cancelled_at" timestamp with time zone,
	"created_by_user_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_meetings_held_has_minutes" CHECK (state <> 'held' or (minutes is not null and held_at is not null and held_on is not null))
);
--> statement-breakpoint
CREATE INDEX "party_meeting_attendance_member_idx" ON "party_meeting_attendance" USING btree ("district_code","member_id");--> statement-breakpoint
CREATE INDEX "party_meetings_branch_idx" ON "party_meetings" USING btree ("district_code","organisation_id","starts_at");--> statement-breakpoint
CREATE INDEX "party_meetings_held_idx" ON "party_meetings" USING btree ("district_code","organisation_id","held_on") WHERE state = 'held';