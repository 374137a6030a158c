-- The audit trail is append-only, enforced by the database whatever the application does:
-- ticket_events (each ticket's history) and personal_data_reveals (who saw a requester's personal
-- data) refuse UPDATE, DELETE and TRUNCATE. INSERT is untouched. Maintenance that really must change
-- these rows needs a superuser to drop or disable the triggers deliberately (docs/SECURITY.md,
-- "Audit trail"); `jiesu restore --force` empties them with session_replication_role = replica.
CREATE FUNCTION "public"."jiesu_refuse_audit_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only audit trail: % on table % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege',
          DETAIL = 'Rows of ' || TG_TABLE_NAME || ' may only be inserted, never updated, deleted or truncated.',
          HINT = 'See docs/SECURITY.md, section "Audit trail".';
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "ticket_events_append_only" BEFORE UPDATE OR DELETE ON "public"."ticket_events"
  FOR EACH ROW EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "ticket_events_no_truncate" BEFORE TRUNCATE ON "public"."ticket_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "personal_data_reveals_append_only" BEFORE UPDATE OR DELETE ON "public"."personal_data_reveals"
  FOR EACH ROW EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "personal_data_reveals_no_truncate" BEFORE TRUNCATE ON "public"."personal_data_reveals"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();
