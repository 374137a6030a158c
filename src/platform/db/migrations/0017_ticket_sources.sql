-- 0017: one list of ticket sources (src/engine/domain/workflow/sources.ts). Until now intake stored the
-- kind as the source when it was not told one, and a history import stored its mapping's name, so the
-- ledger rules (which offered data_finding, import …) matched none of those rows.
-- * tickets.source_system: the system an imported ticket came from (the mapping name, e.g. us311).
-- * tickets.source, old codes mapped: grid_report → grid, data_finding → big_data, hotline_request →
--   hotline (the kinds' default sources); a history-imported ticket (not a batch finding, and its
--   idempotency key's scope is import:<mapping>) → import, with the mapping name as source_system; any
--   other code not in the list (only history imports wrote free names) → import, the old code kept as
--   source_system.
-- * ledgers.rules.sources mapped the same way (grid_report → grid, data_finding → big_data,
--   hotline_request → hotline, any other code not in the list → import), without duplicates.
ALTER TABLE "tickets" ADD COLUMN "source_system" varchar(40);--> statement-breakpoint
UPDATE "tickets" SET "source" = CASE "source" WHEN 'grid_report' THEN 'grid' WHEN 'data_finding' THEN 'big_data' ELSE 'hotline' END
  WHERE "source" IN ('grid_report', 'data_finding', 'hotline_request');--> statement-breakpoint
UPDATE "tickets" t SET "source_system" = substr(k."scope", 8), "source" = 'import'
  FROM "idempotency_keys" k
  WHERE k."district_code" = t."district_code" AND k."ticket_id" = t."id" AND k."scope" LIKE 'import:%'
    AND t."kind" <> 'data_finding';--> statement-breakpoint
UPDATE "tickets" SET "source_system" = "source", "source" = 'import'
  WHERE "source" NOT IN ('hotline', 'mobile', 'open311', 'grid', 'whistle', 'big_data', 'public_opinion', 'service_order', 'enterprise_demand', 'rectification', 'import');--> statement-breakpoint
UPDATE "ledgers" l SET "rules" = jsonb_set(l."rules", '{sources}', (
  SELECT coalesce(jsonb_agg(DISTINCT m.code), '[]'::jsonb) FROM (
    SELECT CASE
      WHEN s IN ('hotline', 'mobile', 'open311', 'grid', 'whistle', 'big_data', 'public_opinion', 'service_order', 'enterprise_demand', 'rectification', 'import') THEN s
      WHEN s = 'grid_report' THEN 'grid'
      WHEN s = 'data_finding' THEN 'big_data'
      WHEN s = 'hotline_request' THEN 'hotline'
      ELSE 'import' END AS code
    FROM jsonb_array_elements_text(l."rules"->'sources') s) m))
  WHERE jsonb_typeof(l."rules"->'sources') = 'array';
