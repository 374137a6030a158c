/** Administration of units: adding a unit and changing its name, parent or active flag. */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { units } from '../../engine/reference/reference.table.ts';
import type { UnitRow } from '../../engine/reference/reference.repository.ts';

/** A unit by its code within a district (codes are unique per district, migration 0016). */
export async function findUnitByCode(db: DbOrTx, districtCode: string, code: string): Promise<UnitRow | undefined> {
  return (
    await db
      .select()
      .from(units)
      .where(and(eq(units.districtCode, districtCode), eq(units.code, code)))
  )[0];
}

export async function insertUnit(db: DbOrTx, row: typeof units.$inferInsert): Promise<UnitRow> {
  const [u] = await db.insert(units).values(row).returning();
  return u!;
}

export async function updateUnit(
  db: DbOrTx,
  id: number,
  changes: { name?: string; nameEn?: string; parentId?: number | null; active?: boolean },
): Promise<UnitRow | undefined> {
  return (await db.update(units).set(changes).where(eq(units.id, id)).returning())[0];
}
