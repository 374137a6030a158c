ALTER TABLE "service_hour_records" ALTER COLUMN "activity_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "service_hour_records" ALTER COLUMN "session_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "service_hour_records" ALTER COLUMN "kind" SET DATA TYPE varchar(16);--> statement-breakpoint
ALTER TABLE "service_hour_records" ADD COLUMN "ticket_id" bigint;--> statement-breakpoint
ALTER TABLE "service_hour_records" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "service_hour_records_order_once_uq" ON "service_hour_records" USING btree ("ticket_id","user_id","district_code") WHERE kind = 'service_order';