/**
 * Administration of the category tree (admin role): add a category under a parent, rename it, move it
 * under another group, change its keywords, move a leaf to another time-limit class, retire it or bring it back. The rules are in
 * categories.domain.ts; no ticket is ever touched (their deadlines and classes are facts of their
 * events). The tree is shared by every district of a database (one classification city-wide), so an
 * edit shows in every district; this server's cache reloads at once, other servers within their
 * cache's maximum age.
 */
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { AppContext } from '../../engine/context.ts';
import { categoryView as view, type CategoryView } from '../../engine/reference/category-view.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { planCategoryChange, planNewCategory, type CategoryPatch, type NewCategory } from './categories.domain.ts';
import { insertCategory, lockCategoryTree, updateCategory } from './category-admin.repository.ts';

async function timeLimitClasses(ctx: AppContext): Promise<Set<string>> {
  return new Set(Object.keys((await ctx.reference.get()).limits));
}

export async function createCategory(ctx: AppContext, input: NewCategory): Promise<CategoryView> {
  const classes = await timeLimitClasses(ctx);
  let created: CategoryView;
  try {
    created = await ctx.database.db.transaction(async (tx) => {
      const tree = await lockCategoryTree(tx);
      const plan = planNewCategory(tree, input, classes);
      if (!plan.ok) throw AppError.from(plan.error);
      return insertCategory(tx, { ...plan.value, responsible: null });
    });
  } catch (e) {
    // Another admin added the same code in between (the lock holds the rows there were, not new ones).
    if (isUniqueViolation(e)) throw new AppError('CATEGORY.CODE_TAKEN', '编码已存在 The code is taken', { code: input.code });
    throw e;
  }
  ctx.reference.invalidate();
  return view(created);
}

export async function changeCategory(ctx: AppContext, id: number, patch: CategoryPatch): Promise<CategoryView> {
  const classes = await timeLimitClasses(ctx);
  const changed = await ctx.database.db.transaction(async (tx) => {
    const tree = await lockCategoryTree(tx);
    const plan = planCategoryChange(tree, id, patch, classes);
    if (plan === undefined) throw notFound('Category', id);
    if (!plan.ok) throw AppError.from(plan.error);
    for (const p of plan.value.paths) await updateCategory(tx, p.id, { path: p.path, level: p.level });
    return Object.keys(plan.value.self).length === 0 ? tree.find((c) => c.id === id)! : (await updateCategory(tx, id, plan.value.self))!;
  });
  ctx.reference.invalidate();
  return view(changed);
}
