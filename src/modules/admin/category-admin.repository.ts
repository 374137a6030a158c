/** Administration of the category tree (问题分类): adding a category, changing one, rewriting paths. */
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { categories } from '../../engine/reference/reference.table.ts';
import type { CategoryRow } from '../../engine/reference/reference.repository.ts';

/**
 * Every category, locked until the transaction ends: edits of the tree (names are unique among active
 * siblings, paths follow the names) run one at a time. The tree is a few hundred rows.
 */
export async function lockCategoryTree(tx: DbOrTx): Promise<CategoryRow[]> {
  return tx.select().from(categories).orderBy(asc(categories.id)).for('update');
}

export async function insertCategory(db: DbOrTx, row: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [c] = await db.insert(categories).values(row).returning();
  return c!;
}

export type CategoryChanges = Partial<Pick<CategoryRow, 'name' | 'nameEn' | 'path' | 'isLeaf' | 'timeLimitClass' | 'keywords' | 'active'>>;

export async function updateCategory(db: DbOrTx, id: number, changes: CategoryChanges): Promise<CategoryRow | undefined> {
  return (await db.update(categories).set(changes).where(eq(categories.id, id)).returning())[0];
}
