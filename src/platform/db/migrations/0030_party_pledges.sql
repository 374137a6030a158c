CREATE TABLE "party_pioneer_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"member_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"community_code" varchar(12),
	"from_on" date NOT NULL,
	"until_on" date,
	"granted_by_user_id" integer NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"ended_by_user_id" integer
);
--> statement-breakpoint
CREATE TABLE "party_pledge_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"subject" varchar(8) NOT NULL,
	"subject_id" integer NOT NULL,
	"kind" varchar(24) NOT NULL,
	"actor_user_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_pledge_fulfilments" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"pledge_id" integer NOT NULL,
	"done_on" date NOT NULL,
	"text" text NOT NULL,
	"minutes" integer,
	"links" text[] DEFAULT '{}'::text[] NOT NULL,
	"state" varchar(12) NOT NULL,
	"recorded_by_user_id" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"reviewed_by_user_id" integer,
	"reviewed_at" timestamp with time zone,
	"review_comment" text
);
--> statement-breakpoint
CREATE TABLE "party_pledges" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"member_id" integer,
	"organisation_id" integer,
	"branch_id" integer NOT NULL,
	"community_code" varchar(12),
	"year" smallint NOT NULL,
	"category" varchar(16) NOT NULL,
	"text" text NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"state" varchar(12) NOT NULL,
	"written_by_user_id" integer NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_by_user_id" integer,
	"decided_at" timestamp with time zone,
	"return_reason" text,
	"assessment" varchar(12),
	"assessment_comment" text,
	"assessed_by_user_id" integer,
	"assessed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "party_pledges_one_of" CHECK ((member_id is null) <> (organisation_id is null))
);
--> statement-breakpoint
CREATE INDEX "party_pioneer_posts_member_idx" ON "party_pioneer_posts" USING btree ("district_code","member_id");--> statement-breakpoint
CREATE INDEX "party_pioneer_posts_branch_idx" ON "party_pioneer_posts" USING btree ("district_code","branch_id");--> statement-breakpoint
CREATE INDEX "party_pioneer_posts_community_idx" ON "party_pioneer_posts" USING btree ("district_code","community_code");--> statement-breakpoint
CREATE INDEX "party_pledge_events_subject_idx" ON "party_pledge_events" USING btree ("district_code","subject","subject_id","at");--> statement-breakpoint
CREATE INDEX "party_pledge_fulfilments_pledge_idx" ON "party_pledge_fulfilments" USING btree ("district_code","pledge_id","done_on");--> statement-breakpoint
CREATE INDEX "party_pledges_member_idx" ON "party_pledges" USING btree ("district_code","member_id","year");--> statement-breakpoint
CREATE INDEX "party_pledges_organisation_idx" ON "party_pledges" USING btree ("district_code","organisation_id","year");--> statement-breakpoint
CREATE INDEX "party_pledges_branch_idx" ON "party_pledges" USING btree ("district_code","branch_id","year");--> statement-breakpoint
CREATE INDEX "party_pledges_board_idx" ON "party_pledges" USING btree ("district_code","community_code","year") WHERE state = 'approved' and public;