/** Administration of the category tree (问题分类): adding a category, changing one, rewriting paths. */
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { categories } from '../../engine/reference/reference.table.ts';
import type { CategoryRow } from '../../engine/reference/reference.repository.ts';

/**
 * Every category, with the tree locked against other edits until the transaction ends: edits (names are
 * unique among active siblings, paths follow the names) run one at a time. The table lock comes first
 * and the read after it, so an edit waiting for another sees the rows that edit added: row locks alone
 * (SELECT … FOR UPDATE) let two admins add the same name at once, each reading the tree without the
 * other's new row. EXCLUSIVE mode still lets every reader in. The tree is a few hundred rows.
 */
export async function lockCategoryTree(tx: DbOrTx): Promise<CategoryRow[]> {
  await tx.execute(sql`LOCK TABLE ${categories} IN EXCLUSIVE MODE`);
  return tx.select().from(categories).orderBy(asc(categories.id));
}

export async function insertCategory(db: DbOrTx, row: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [c] = await db.insert(categories).values(row).returning();
  return c!;
}

export type CategoryChanges = Partial<
  Pick<CategoryRow, 'name' | 'nameEn' | 'parentId' | 'level' | 'path' | 'isLeaf' | 'timeLimitClass' | 'keywords' | 'active'>
>;

export async function updateCategory(db: DbOrTx, id: number, changes: CategoryChanges): Promise<CategoryRow | undefined> {
  return (await db.update(categories).set(changes).where(eq(categories.id, id)).returning())[0];
}
