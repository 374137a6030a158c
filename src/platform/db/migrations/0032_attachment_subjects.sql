ALTER TABLE "attachments" ADD COLUMN "subject" varchar(24);--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "subject_id" integer;--> statement-breakpoint
CREATE INDEX "attachments_subject_idx" ON "attachments" USING btree ("district_code","subject","subject_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_owner" CHECK (ticket_id is null or subject is null);--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_subject_pair" CHECK ((subject is null) = (subject_id is null));