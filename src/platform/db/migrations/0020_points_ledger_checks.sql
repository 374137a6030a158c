-- The points ledger's invariants, held by the database whatever the application does
-- (docs/VOLUNTEERS.md, "The points bank"):
-- 1. Double entry: at commit, every transaction has at least two entries and they sum to zero.
--    Deferred constraint triggers (checked when the writing transaction commits, after all its
--    entries are in), on the entries and on the transaction itself (a transaction without entries).
-- 2. Append-only: transactions and entries are never updated or deleted (a mistake is undone by a
--    counter-transaction); the audit trail's refusal function of migration 0007 is reused.
CREATE FUNCTION "public"."jiesu_points_check_balanced"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  n integer;
BEGIN
  SELECT coalesce(sum(e.amount), 0), count(*) INTO total, n
    FROM "public"."points_entries" e
   WHERE e.transaction_id = NEW.transaction_id AND e.district_code = NEW.district_code;
  IF total <> 0 OR n < 2 THEN
    RAISE EXCEPTION 'points transaction % is unbalanced: % entries summing to %', NEW.transaction_id, n, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'points_transaction_balanced';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION "public"."jiesu_points_check_transaction"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  n integer;
BEGIN
  SELECT coalesce(sum(e.amount), 0), count(*) INTO total, n
    FROM "public"."points_entries" e
   WHERE e.transaction_id = NEW.id AND e.district_code = NEW.district_code;
  IF total <> 0 OR n < 2 THEN
    RAISE EXCEPTION 'points transaction % is unbalanced: % entries summing to %', NEW.id, n, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'points_transaction_balanced';
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "points_entries_balanced" AFTER INSERT ON "public"."points_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public"."jiesu_points_check_balanced"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "points_transactions_balanced" AFTER INSERT ON "public"."points_transactions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public"."jiesu_points_check_transaction"();--> statement-breakpoint
CREATE TRIGGER "points_transactions_append_only" BEFORE UPDATE OR DELETE ON "public"."points_transactions"
  FOR EACH ROW EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "points_transactions_no_truncate" BEFORE TRUNCATE ON "public"."points_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "points_entries_append_only" BEFORE UPDATE OR DELETE ON "public"."points_entries"
  FOR EACH ROW EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();--> statement-breakpoint
CREATE TRIGGER "points_entries_no_truncate" BEFORE TRUNCATE ON "public"."points_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."jiesu_refuse_audit_change"();
