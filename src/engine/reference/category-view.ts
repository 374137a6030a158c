/** A category as the API shows it (GET /api/categories, the admins' edits): exactly these fields. */
export interface CategoryView {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  parentId: number | null;
  level: number;
  path: string;
  isLeaf: boolean;
  timeLimitClass: string | null;
  keywords: string[];
  active: boolean;
}

export const categoryView = (c: CategoryView): CategoryView => ({
  id: c.id,
  code: c.code,
  name: c.name,
  nameEn: c.nameEn,
  parentId: c.parentId,
  level: c.level,
  path: c.path,
  isLeaf: c.isLeaf,
  timeLimitClass: c.timeLimitClass,
  keywords: c.keywords,
  active: c.active,
});
