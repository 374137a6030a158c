CREATE TABLE "points_accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"holder_user_id" integer,
	"partner_id" integer,
	"stripe" smallint DEFAULT 0 NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_accounts_balance_nonneg" CHECK ("points_accounts"."kind" = 'issuer' or "points_accounts"."balance" >= 0),
	CONSTRAINT "points_accounts_kind" CHECK ("points_accounts"."kind" in ('holder', 'issuer', 'partner')),
	CONSTRAINT "points_accounts_stripe" CHECK ("points_accounts"."stripe" >= 0 and ("points_accounts"."kind" <> 'holder' or "points_accounts"."stripe" = 0)),
	CONSTRAINT "points_accounts_owner" CHECK (("points_accounts"."kind" = 'holder') = ("points_accounts"."holder_user_id" is not null) and ("points_accounts"."kind" = 'partner') = ("points_accounts"."partner_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"transaction_id" bigint NOT NULL,
	"account_id" integer NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "points_entries_pk" PRIMARY KEY("transaction_id","account_id","district_code"),
	CONSTRAINT "points_entries_nonzero" CHECK ("points_entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"partner_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"cost" integer NOT NULL,
	"stock" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_items_stock_nonneg" CHECK ("points_items"."stock" >= 0),
	CONSTRAINT "points_items_cost_positive" CHECK ("points_items"."cost" > 0)
);
--> statement-breakpoint
CREATE TABLE "points_partners" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(12) NOT NULL,
	"unit_id" integer NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_redemptions" (
	"id" bigserial NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"holder_user_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"partner_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"points" integer NOT NULL,
	"status" varchar(10) NOT NULL,
	"pickup_code" varchar(10) NOT NULL,
	"idempotency_key" varchar(200) NOT NULL,
	"transaction_id" bigint NOT NULL,
	"refund_transaction_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"collected_at" timestamp with time zone,
	"collected_by" integer,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" integer,
	"cancel_reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "points_redemptions_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "points_redemptions_quantity" CHECK ("points_redemptions"."quantity" > 0 and "points_redemptions"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"code" varchar(60) NOT NULL,
	"kind" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"points_per_unit" integer NOT NULL,
	"daily_cap" integer,
	"effective_from" varchar(10) NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_transactions" (
	"id" bigserial NOT NULL,
	"district_code" varchar(6) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"actor_user_id" integer,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"source_key" varchar(200),
	"rule_version_id" integer,
	"quantity_hundredths" integer,
	"capped" boolean DEFAULT false NOT NULL,
	"reverses_id" bigint,
	"place_code" varchar(12),
	CONSTRAINT "points_transactions_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "points_transactions_kind" CHECK ("points_transactions"."kind" in ('award', 'redeem', 'refund', 'reverse', 'adjust'))
);
--> statement-breakpoint
ALTER TABLE "points_accounts" ADD CONSTRAINT "points_accounts_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_accounts" ADD CONSTRAINT "points_accounts_partner_id_points_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."points_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_account_id_points_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."points_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_transaction_fk" FOREIGN KEY ("district_code","transaction_id") REFERENCES "public"."points_transactions"("district_code","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_items" ADD CONSTRAINT "points_items_partner_id_points_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."points_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_partners" ADD CONSTRAINT "points_partners_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_redemptions" ADD CONSTRAINT "points_redemptions_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_redemptions" ADD CONSTRAINT "points_redemptions_item_id_points_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."points_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_redemptions" ADD CONSTRAINT "points_redemptions_partner_id_points_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."points_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_transactions" ADD CONSTRAINT "points_transactions_rule_version_id_points_rules_id_fk" FOREIGN KEY ("rule_version_id") REFERENCES "public"."points_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_holder_uq" ON "points_accounts" USING btree ("district_code","holder_user_id") WHERE "points_accounts"."kind" = 'holder';--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_issuer_uq" ON "points_accounts" USING btree ("district_code","stripe") WHERE "points_accounts"."kind" = 'issuer';--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_partner_uq" ON "points_accounts" USING btree ("district_code","partner_id","stripe") WHERE "points_accounts"."kind" = 'partner';--> statement-breakpoint
CREATE INDEX "points_entries_account_idx" ON "points_entries" USING btree ("account_id","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_redemptions_key_uq" ON "points_redemptions" USING btree ("district_code","holder_user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "points_redemptions_pickup_uq" ON "points_redemptions" USING btree ("district_code","pickup_code");--> statement-breakpoint
CREATE INDEX "points_redemptions_holder_idx" ON "points_redemptions" USING btree ("district_code","holder_user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_rules_uq" ON "points_rules" USING btree ("district_code","code","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "points_transactions_source_uq" ON "points_transactions" USING btree ("district_code","source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "points_transactions_reverses_uq" ON "points_transactions" USING btree ("district_code","reverses_id");--> statement-breakpoint
CREATE INDEX "points_transactions_occurred_idx" ON "points_transactions" USING btree ("district_code","occurred_at");