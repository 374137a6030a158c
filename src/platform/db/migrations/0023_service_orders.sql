CREATE TABLE "service_menu_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"station_unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"time_limit_class" varchar(20) NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_order_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"ticket_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"assigned_by" integer NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"answer" varchar(10),
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "service_orders" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"menu_item_id" integer NOT NULL,
	"station_unit_id" integer NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"resident_user_id" integer,
	"ordered_by" integer NOT NULL,
	"team_id" integer,
	"state" varchar(12) NOT NULL,
	"served_by" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"served_minutes" integer,
	"served_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_menu_items_name_uq" ON "service_menu_items" USING btree ("district_code","station_unit_id","name");--> statement-breakpoint
CREATE INDEX "service_order_assignments_ticket_idx" ON "service_order_assignments" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "service_orders_resident_idx" ON "service_orders" USING btree ("district_code","resident_user_id","ticket_id");--> statement-breakpoint
CREATE INDEX "service_orders_station_idx" ON "service_orders" USING btree ("district_code","station_unit_id","state");--> statement-breakpoint
CREATE INDEX "service_orders_team_idx" ON "service_orders" USING btree ("team_id","state");