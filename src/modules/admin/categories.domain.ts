/**
 * Rules for editing the category tree (问题分类). Tickets keep their category id, and their time-limit
 * class and deadlines are facts of their events, so an edit never changes a ticket: a rename shows the
 * new name everywhere (the same category, renamed), a retired category stays readable on the tickets
 * that carry it but is no longer offered at intake, and a leaf moved to another time-limit class gives
 * the new class only to tickets accepted afterwards (open tickets keep the class they were accepted
 * with, and their later fresh deadlines — redo, reassignment — come from that class too).
 * Rules (codes answer 422):
 * - a new category goes under an active inner category, or at the top (CATEGORY.UNKNOWN_PARENT,
 *   CATEGORY.PARENT_RETIRED, CATEGORY.PARENT_IS_LEAF: a leaf carries tickets, a time limit and
 *   dispatch entries, so it does not become a group), at most MAX_CATEGORY_LEVEL deep (CATEGORY.TOO_DEEP);
 * - names are unique among the active children of one parent (CATEGORY.DUPLICATE_NAME); codes are
 *   unique, the parent's code plus one segment (CATEGORY.CODE_TAKEN, CATEGORY.CODE_TOO_LONG);
 * - a leaf has a configured time-limit class, a group none (CATEGORY.LEAF_NEEDS_TIME_LIMIT,
 *   CATEGORY.UNKNOWN_TIME_LIMIT_CLASS, CATEGORY.NOT_LEAF);
 * - only a category without active children may be retired (CATEGORY.HAS_CHILDREN), and one comes back
 *   only under an active parent (CATEGORY.PARENT_RETIRED): every active category's ancestors are active;
 * - a category moves (with everything under it) to another active group or to the top, never under
 *   itself or its own descendants (CATEGORY.MOVE_INTO_ITSELF) nor deeper than MAX_CATEGORY_LEVEL; it
 *   keeps its id and its code (Open311 clients, dispatch entries and import mappings name the code), so
 *   after a move a code no longer spells the path; paths and levels below it follow.
 */
import { errWith, ok, type DomainError, type Result } from '../../engine/domain/shared/result.ts';

/** How an edit of the category tree is refused (the admin module's catalogue, admin.errors.ts, has them all). */
export type CategoryErrorCode =
  | 'CATEGORY.UNKNOWN_PARENT'
  | 'CATEGORY.PARENT_RETIRED'
  | 'CATEGORY.PARENT_IS_LEAF'
  | 'CATEGORY.TOO_DEEP'
  | 'CATEGORY.CODE_TAKEN'
  | 'CATEGORY.CODE_TOO_LONG'
  | 'CATEGORY.DUPLICATE_NAME'
  | 'CATEGORY.LEAF_NEEDS_TIME_LIMIT'
  | 'CATEGORY.UNKNOWN_TIME_LIMIT_CLASS'
  | 'CATEGORY.NOT_LEAF'
  | 'CATEGORY.HAS_CHILDREN'
  | 'CATEGORY.MOVE_INTO_ITSELF';
type CategoryResult<T> = Result<T, DomainError<CategoryErrorCode>>;
const err = errWith<CategoryErrorCode>();

export const MAX_CATEGORY_LEVEL = 5;
export const MAX_CODE_LENGTH = 60;

/** What the rules need of a category. */
export interface CategoryNode {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  level: number;
  path: string;
  isLeaf: boolean;
  timeLimitClass: string | null;
  active: boolean;
}

export interface NewCategory {
  parentId: number | null;
  /** One code segment, e.g. `SHARED_BIKES`; the full code is the parent's code, a dot, and it. */
  code: string;
  name: string;
  nameEn: string;
  isLeaf: boolean;
  timeLimitClass: string | null;
  keywords: string[];
}

export interface CategoryPatch {
  /** Move under another group (null: to the top). */
  parentId?: number | null;
  name?: string;
  nameEn?: string;
  keywords?: string[];
  timeLimitClass?: string;
  active?: boolean;
}

const sameName = (a: string, b: string) => a.trim() === b.trim();

function checkName(tree: readonly CategoryNode[], parentId: number | null, name: string, selfId?: number): CategoryResult<true> {
  const twin = tree.find((c) => c.parentId === parentId && c.active && c.id !== selfId && sameName(c.name, name));
  if (twin !== undefined)
    return err('CATEGORY.DUPLICATE_NAME', `同一上级分类下已有“${twin.name}” ${twin.path} already exists under this parent`, {
      categoryId: twin.id,
      name: name.trim(),
    });
  return ok(true);
}

function checkClass(timeLimitClass: string, classes: ReadonlySet<string>): CategoryResult<true> {
  if (!classes.has(timeLimitClass))
    return err('CATEGORY.UNKNOWN_TIME_LIMIT_CLASS', `时限类别 ${timeLimitClass} 不存在 No time-limit class "${timeLimitClass}"`, { timeLimitClass });
  return ok(true);
}

/** The row of a new category (its path and level from the parent), or why not. */
export function planNewCategory(
  tree: readonly CategoryNode[],
  input: NewCategory,
  classes: ReadonlySet<string>,
): CategoryResult<Omit<CategoryNode, 'id'> & { nameEn: string; keywords: string[] }> {
  let parent: CategoryNode | undefined;
  if (input.parentId !== null) {
    parent = tree.find((c) => c.id === input.parentId);
    if (parent === undefined)
      return err('CATEGORY.UNKNOWN_PARENT', `上级分类 ${input.parentId} 不存在 Category ${input.parentId} does not exist`, { parentId: input.parentId });
    if (!parent.active) return err('CATEGORY.PARENT_RETIRED', `上级分类“${parent.name}”已停用 ${parent.path} is retired`, { parentId: parent.id });
    if (parent.isLeaf)
      return err('CATEGORY.PARENT_IS_LEAF', `“${parent.name}”是末级分类，不能再加下级 ${parent.path} is a leaf (it carries tickets and time limits)`, {
        parentId: parent.id,
      });
    if (parent.level >= MAX_CATEGORY_LEVEL)
      return err('CATEGORY.TOO_DEEP', `分类最多 ${MAX_CATEGORY_LEVEL} 级 The tree is at most ${MAX_CATEGORY_LEVEL} levels deep`, { parentId: parent.id });
  }
  const name = input.name.trim();
  const named = checkName(tree, input.parentId, name);
  if (!named.ok) return named;
  const code = parent === undefined ? input.code : `${parent.code}.${input.code}`;
  if (code.length > MAX_CODE_LENGTH)
    return err('CATEGORY.CODE_TOO_LONG', `编码 ${code} 超过 ${MAX_CODE_LENGTH} 个字符 The code is longer than ${MAX_CODE_LENGTH} characters`, { code });
  if (tree.some((c) => c.code === code)) return err('CATEGORY.CODE_TAKEN', `编码 ${code} 已存在 The code ${code} is taken`, { code });
  if (input.isLeaf !== (input.timeLimitClass !== null))
    return err('CATEGORY.LEAF_NEEDS_TIME_LIMIT', '末级分类须有时限类别，上级分类不设 A leaf needs a time-limit class; a group has none', {
      isLeaf: input.isLeaf,
    });
  if (input.timeLimitClass !== null) {
    const c = checkClass(input.timeLimitClass, classes);
    if (!c.ok) return c;
  }
  return ok({
    code,
    name,
    nameEn: input.nameEn.trim(),
    parentId: input.parentId,
    level: parent === undefined ? 1 : parent.level + 1,
    path: parent === undefined ? name : `${parent.path}/${name}`,
    isLeaf: input.isLeaf,
    timeLimitClass: input.timeLimitClass,
    keywords: [...new Set(input.keywords.map((k) => k.trim()).filter((k) => k !== ''))],
    active: true,
  });
}

/** The ids of a category's descendants (children, grandchildren …). */
export function descendantsOf(tree: readonly CategoryNode[], id: number): number[] {
  const out: number[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    for (const c of tree)
      if (c.parentId === cur && !out.includes(c.id)) {
        out.push(c.id);
        stack.push(c.id);
      }
  }
  return out;
}

/**
 * The changes a patch makes: to the category itself, and the new paths of its descendants after a
 * rename. Undefined `category` is NOT_FOUND (the caller's 404).
 */
export function planCategoryChange(
  tree: readonly CategoryNode[],
  id: number,
  patch: CategoryPatch,
  classes: ReadonlySet<string>,
): CategoryResult<{ self: CategoryPatch & { path?: string; level?: number }; paths: { id: number; path: string; level: number }[] }> | undefined {
  const cat = tree.find((c) => c.id === id);
  if (cat === undefined) return undefined;
  const self: CategoryPatch & { path?: string; level?: number } = {};
  const paths: { id: number; path: string; level: number }[] = [];
  const moving = patch.parentId !== undefined && patch.parentId !== cat.parentId;
  const parentId = moving ? patch.parentId! : cat.parentId;
  const parent = parentId === null ? undefined : tree.find((c) => c.id === parentId);
  const active = patch.active ?? cat.active;

  if (moving) {
    if (parentId !== null && parent === undefined)
      return err('CATEGORY.UNKNOWN_PARENT', `上级分类 ${parentId} 不存在 Category ${parentId} does not exist`, { parentId });
    const below = descendantsOf(tree, id);
    if (parentId === id || below.includes(parentId!))
      return err('CATEGORY.MOVE_INTO_ITSELF', `不能把“${cat.name}”移到它自己或它的下级之下 ${cat.path} cannot move under itself`, { categoryId: id, parentId });
    if (parent !== undefined) {
      if (!parent.active) return err('CATEGORY.PARENT_RETIRED', `上级分类“${parent.name}”已停用 ${parent.path} is retired`, { parentId: parent.id });
      if (parent.isLeaf)
        return err('CATEGORY.PARENT_IS_LEAF', `“${parent.name}”是末级分类，不能再加下级 ${parent.path} is a leaf (it carries tickets and time limits)`, {
          parentId: parent.id,
        });
    }
    const height = Math.max(0, ...below.map((d) => tree.find((c) => c.id === d)!.level - cat.level));
    if ((parent?.level ?? 0) + 1 + height > MAX_CATEGORY_LEVEL)
      return err('CATEGORY.TOO_DEEP', `分类最多 ${MAX_CATEGORY_LEVEL} 级 The tree is at most ${MAX_CATEGORY_LEVEL} levels deep`, { parentId });
    self.parentId = parentId;
  }

  if (patch.active === false && cat.active) {
    const child = tree.find((c) => c.parentId === id && c.active);
    if (child !== undefined)
      return err('CATEGORY.HAS_CHILDREN', `“${cat.name}”下还有在用的分类，请先停用下级 Retire the active categories under ${cat.path} first`, {
        categoryId: id,
        childId: child.id,
      });
  }
  if (patch.active === true && !cat.active && parent !== undefined && !parent.active)
    return err('CATEGORY.PARENT_RETIRED', `上级分类“${parent.name}”已停用 ${parent.path} is retired`, { parentId: parent.id });
  if (patch.active !== undefined) self.active = patch.active;

  const name = (patch.name ?? cat.name).trim();
  if (active && (patch.name !== undefined || moving || (patch.active === true && !cat.active))) {
    const named = checkName(tree, parentId, name, id);
    if (!named.ok) return named;
  }
  if (name !== cat.name) self.name = name;
  if (name !== cat.name || moving) {
    const path = parent === undefined ? name : `${parent.path}/${name}`;
    const level = (parent?.level ?? 0) + 1;
    self.path = path;
    if (moving) self.level = level;
    for (const d of descendantsOf(tree, id)) {
      const old = tree.find((c) => c.id === d)!;
      paths.push({ id: d, path: path + old.path.slice(cat.path.length), level: old.level + level - cat.level });
    }
  }
  if (patch.nameEn !== undefined) self.nameEn = patch.nameEn.trim();
  if (patch.keywords !== undefined) self.keywords = [...new Set(patch.keywords.map((k) => k.trim()).filter((k) => k !== ''))];
  if (patch.timeLimitClass !== undefined) {
    if (!cat.isLeaf)
      return err('CATEGORY.NOT_LEAF', `“${cat.name}”不是末级分类，没有时限类别 ${cat.path} is a group; only leaves have a time-limit class`, {
        categoryId: id,
      });
    const c = checkClass(patch.timeLimitClass, classes);
    if (!c.ok) return c;
    self.timeLimitClass = patch.timeLimitClass;
  }
  return ok({ self, paths });
}
