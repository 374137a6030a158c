CREATE TABLE "resident_reveals" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"resident_user_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "residents" (
	"user_id" integer NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"real_name" text NOT NULL,
	"id_number" text NOT NULL,
	"id_number_key" varchar(64) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"source" varchar(12) NOT NULL,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "residents_pk" PRIMARY KEY("district_code","user_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_profiles" (
	"user_id" integer NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"station_unit_id" integer NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"consent_public_name" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone,
	"source" varchar(12) NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_profiles_pk" PRIMARY KEY("district_code","user_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_team_members_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"station_unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"leader_user_id" integer NOT NULL,
	"status" varchar(12) NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "resident_reveals_resident_idx" ON "resident_reveals" USING btree ("district_code","resident_user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "residents_id_key_uq" ON "residents" USING btree ("district_code","id_number_key");--> statement-breakpoint
CREATE INDEX "volunteer_profiles_station_idx" ON "volunteer_profiles" USING btree ("district_code","station_unit_id","user_id");--> statement-breakpoint
CREATE INDEX "volunteer_profiles_skills_idx" ON "volunteer_profiles" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "volunteer_profiles_areas_idx" ON "volunteer_profiles" USING gin ("areas");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_user_idx" ON "volunteer_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_name_uq" ON "volunteer_teams" USING btree ("district_code","station_unit_id","name");--> statement-breakpoint
CREATE INDEX "volunteer_teams_leader_idx" ON "volunteer_teams" USING btree ("leader_user_id");