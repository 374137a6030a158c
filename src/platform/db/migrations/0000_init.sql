CREATE SEQUENCE "public"."ticket_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" varchar(60) PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" varchar(40) NOT NULL,
	"effective_from" varchar(7) NOT NULL,
	"unit_type" varchar(12),
	"weights" jsonb NOT NULL,
	"basically_satisfied_weight" jsonb NOT NULL,
	"grades" jsonb NOT NULL,
	"list_size" integer NOT NULL,
	"focus_after_months" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_rules_uq" UNIQUE NULLS NOT DISTINCT("effective_from","unit_type")
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" varchar(8) NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(60) NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"parent_id" integer,
	"level" smallint NOT NULL,
	"path" text NOT NULL,
	"is_leaf" boolean NOT NULL,
	"responsible" jsonb,
	"time_limit_class" varchar(20),
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_catalog" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"division_code" varchar(12),
	"unit_id" integer,
	"unit_type" varchar(12),
	"co_unit_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "divisions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" varchar(12) NOT NULL,
	"parent_code" varchar(12),
	"district_code" varchar(6) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_articles" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"category_id" integer,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "time_limit_classes" (
	"code" varchar(20) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"limits" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"unit_type" varchar(12) NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"division_code" varchar(12),
	"parent_id" integer,
	"is_fallback" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" varchar(64) NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"unit_id" integer NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" varchar(80) NOT NULL,
	"key" varchar(200) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"ticket_id" bigint,
	"status_code" smallint NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "personal_data_reveals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personal_data_reveals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"district_code" varchar(6) NOT NULL,
	"ticket_id" bigint NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"district_code" varchar(6) NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "ticket_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"type" varchar(24) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" integer,
	"actor_unit_id" integer,
	"actor_roles" text[],
	"actor_is_centre" boolean,
	"state_before" varchar(20),
	"state_after" varchar(20) NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "ticket_events_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"district_code" varchar(6) NOT NULL,
	"id" bigint NOT NULL,
	"number" varchar(24) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"state" varchar(20) NOT NULL,
	"request_type" varchar(16) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"urgency" varchar(10) NOT NULL,
	"category_id" integer,
	"time_limit_class" varchar(20),
	"title" text NOT NULL,
	"content" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"street_code" varchar(12),
	"community_code" varchar(12),
	"latitude" double precision,
	"longitude" double precision,
	"requester_name" text DEFAULT '' NOT NULL,
	"requester_phone" text DEFAULT '' NOT NULL,
	"requester_phone_key" varchar(64),
	"query_code_hash" varchar(64),
	"lead_unit_id" integer,
	"co_unit_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"contacted_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"sign_due_at" timestamp with time zone,
	"contact_due_at" timestamp with time zone,
	"reply_due_at" timestamp with time zone,
	"active_due_at" timestamp with time zone,
	"due_soon_at" timestamp with time zone,
	"due_status" varchar(10) DEFAULT 'none' NOT NULL,
	"callback_at" timestamp with time zone,
	"assessment_month" varchar(7),
	"satisfaction" varchar(24),
	"resolved" boolean,
	"contacted" boolean,
	"outcome" varchar(24),
	"repeat_of_id" bigint,
	"supervision_level" smallint DEFAULT 0 NOT NULL,
	"excluded_from_assessment" boolean DEFAULT false NOT NULL,
	"source" varchar(40) DEFAULT 'hotline' NOT NULL,
	"domain" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
ALTER TABLE "dispatch_catalog" ADD CONSTRAINT "dispatch_catalog_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_catalog" ADD CONSTRAINT "dispatch_catalog_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_code_uq" ON "categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "dispatch_catalog_category_idx" ON "dispatch_catalog" USING btree ("category_id","division_code");--> statement-breakpoint
CREATE INDEX "divisions_parent_idx" ON "divisions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "divisions_district_idx" ON "divisions" USING btree ("district_code","level");--> statement-breakpoint
CREATE INDEX "knowledge_category_idx" ON "knowledge_articles" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_code_uq" ON "units" USING btree ("code");--> statement-breakpoint
CREATE INDEX "units_division_idx" ON "units" USING btree ("division_code");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "reveals_ticket_idx" ON "personal_data_reveals" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "reveals_user_idx" ON "personal_data_reveals" USING btree ("user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_events_seq_uq" ON "ticket_events" USING btree ("ticket_id","seq");--> statement-breakpoint
CREATE INDEX "ticket_events_at_idx" ON "ticket_events" USING btree ("district_code","at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_id_uq" ON "tickets" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number_uq" ON "tickets" USING btree ("district_code","number");--> statement-breakpoint
CREATE INDEX "tickets_lead_state_idx" ON "tickets" USING btree ("lead_unit_id","state","active_due_at");--> statement-breakpoint
CREATE INDEX "tickets_due_soon_idx" ON "tickets" USING btree ("due_soon_at") WHERE due_status = 'ok';--> statement-breakpoint
CREATE INDEX "tickets_state_idx" ON "tickets" USING btree ("district_code","state","active_due_at");--> statement-breakpoint
CREATE INDEX "tickets_accepted_idx" ON "tickets" USING btree ("district_code","accepted_at");--> statement-breakpoint
CREATE INDEX "tickets_assessment_idx" ON "tickets" USING btree ("assessment_month","lead_unit_id");--> statement-breakpoint
CREATE INDEX "tickets_repeat_idx" ON "tickets" USING btree ("requester_phone_key","category_id","community_code");--> statement-breakpoint
CREATE INDEX "tickets_co_units_idx" ON "tickets" USING gin ("co_unit_ids");