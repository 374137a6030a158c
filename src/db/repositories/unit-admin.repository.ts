/** Administration of units: adding a unit and changing its name, parent or active flag. */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { units } from '../schema.ts';
import type { UnitRow } from './reference.repository.ts';

export async function findUnitByCode(db: DbOrTx, code: string): Promise<UnitRow | undefined> {
  return (await db.select().from(units).where(eq(units.code, code)))[0];
}

export async function insertUnit(db: DbOrTx, row: typeof units.$inferInsert): Promise<UnitRow> {
  const [u] = await db.insert(units).values(row).returning();
  return u!;
}

export async function updateUnit(db: DbOrTx, id: number, changes: { name?: string; nameEn?: string; parentId?: number | null; active?: boolean }): Promise<UnitRow | undefined> {
  return (await db.update(units).set(changes).where(eq(units.id, id)).returning())[0];
}
