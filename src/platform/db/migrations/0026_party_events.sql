CREATE TABLE "party_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"kind" varchar(24) NOT NULL,
	"organisation_id" integer NOT NULL,
	"member_id" integer,
	"actor_user_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "party_events_member_idx" ON "party_events" USING btree ("district_code","member_id","at");--> statement-breakpoint
CREATE INDEX "party_events_organisation_idx" ON "party_events" USING btree ("district_code","organisation_id","at");