/** SQL for building units (楼门/单元) and their door boards (四公示一门牌). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { buildings } from './boards.table.ts';

export type BuildingRow = typeof buildings.$inferSelect;
export type NewBuildingRow = typeof buildings.$inferInsert;

/** Inserts or updates building units by code; returns how many rows were written. */
export async function upsertBuildings(db: DbOrTx, rows: readonly NewBuildingRow[]): Promise<number> {
  for (const r of rows) {
    const { code: _code, ...set } = r;
    await db.insert(buildings).values(r).onConflictDoUpdate({ target: buildings.code, set });
  }
  return rows.length;
}

/** The building units of one community, by code. */
export const listBuildingsOfCommunity = (db: DbOrTx, districtCode: string, communityCode: string): Promise<BuildingRow[]> =>
  db
    .select()
    .from(buildings)
    .where(and(eq(buildings.districtCode, districtCode), eq(buildings.communityCode, communityCode)))
    .orderBy(asc(buildings.code));

export async function findBuildingByCode(db: DbOrTx, districtCode: string, code: string): Promise<BuildingRow | undefined> {
  return (
    await db
      .select()
      .from(buildings)
      .where(and(eq(buildings.code, code), eq(buildings.districtCode, districtCode)))
  )[0];
}

/** Of `codes`, those already used by a building of another district (codes are unique across districts). */
export async function codesOfOtherDistricts(db: DbOrTx, districtCode: string, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .select({ code: buildings.code, districtCode: buildings.districtCode })
    .from(buildings)
    .where(inArray(buildings.code, [...codes]));
  return rows.filter((r) => r.districtCode !== districtCode).map((r) => r.code);
}
