CREATE TABLE "supervision_escalation" (
	"district_code" varchar(6) PRIMARY KEY NOT NULL,
	"supervise_after_days" double precision NOT NULL,
	"urge_after_days" double precision NOT NULL,
	"notify_after_days" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tickets_escalation_idx" ON "tickets" USING btree ("district_code","active_due_at","id") WHERE state IN ('dispatched', 'signed', 'handling') AND due_status = 'overdue' AND supervision_level < 3;