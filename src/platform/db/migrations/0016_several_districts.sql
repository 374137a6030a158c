-- 0016: several districts in one database (a city on one PostgreSQL or on Citus). Until now a second
-- district could not be seeded beside the first: unit codes were unique database-wide (department codes
-- such as DEPT-CGW recur in every district), the dispatch catalogue had no district (and was seeded
-- only into an empty table), and the first-start markers were global.
-- * units_code_uq becomes (district_code, code).
-- * dispatch_catalog.district_code: an entry naming a unit takes that unit's district; an entry naming
--   none (属地: "the street of the place") takes the database's district — the one recorded by the
--   first-start marker, else the only district with units ('000000' in an empty database).
-- * app_meta: the markers 'seeded' and 'demoHistory' become 'seeded:<district>' and
--   'demoHistory:<district>'.
DROP INDEX "units_code_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "units_code_uq" ON "units" USING btree ("district_code","code");--> statement-breakpoint
ALTER TABLE "dispatch_catalog" ADD COLUMN "district_code" varchar(6);--> statement-breakpoint
UPDATE "dispatch_catalog" c SET "district_code" = u."district_code" FROM "units" u WHERE u."id" = c."unit_id";--> statement-breakpoint
UPDATE "dispatch_catalog" SET "district_code" = coalesce(
  (SELECT "value"->>'districtCode' FROM "app_meta" WHERE "key" = 'seeded'),
  (SELECT min("district_code") FROM "units"),
  '000000') WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "dispatch_catalog" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
DROP INDEX "dispatch_catalog_category_idx";--> statement-breakpoint
CREATE INDEX "dispatch_catalog_category_idx" ON "dispatch_catalog" USING btree ("district_code","category_id","division_code");--> statement-breakpoint
UPDATE "app_meta" SET "key" = 'demoHistory:' || (SELECT "value"->>'districtCode' FROM "app_meta" WHERE "key" = 'seeded')
  WHERE "key" = 'demoHistory' AND EXISTS (SELECT 1 FROM "app_meta" WHERE "key" = 'seeded' AND "value" ? 'districtCode');--> statement-breakpoint
UPDATE "app_meta" SET "key" = 'seeded:' || ("value"->>'districtCode') WHERE "key" = 'seeded' AND "value" ? 'districtCode';
