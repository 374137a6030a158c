/**
 * Loads the real reference data into an empty database: Beijing's divisions (all 16 districts, so a
 * city-wide deployment is one configuration away), the units of the configured district, the
 * category tree and its dispatch catalogue, the time-limit preset and the official holiday calendar.
 * Idempotent: it does nothing for parts already present.
 */
import { and, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { CATEGORY_TREE, flattenCategories } from './data/categories.ts';
import { isAdministrativeStreet, loadBeijingDivisions } from './data/divisions.ts';
import { chineseDaysRows } from './data/holidays.ts';
import { TIME_LIMIT_CLASSES } from './data/time-limits.ts';
import { districtUnits } from './data/units.ts';
import { replaceCalendarYears, upsertTimeLimitClass } from './reference.repository.ts';
import { calendarYears, categories, dispatchCatalog, divisions, knowledgeArticles, units } from './reference.table.ts';
import { KNOWLEDGE_SEED } from './knowledge.seed.ts';

const isEmpty = async (db: DbOrTx, table: typeof divisions | typeof units | typeof categories | typeof calendarYears | typeof knowledgeArticles) =>
  ((await db.select({ n: count() }).from(table))[0]?.n ?? 0) === 0;

async function insertBatched<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedDivisions(db: DbOrTx): Promise<number> {
  if (!(await isEmpty(db, divisions))) return 0;
  const d = loadBeijingDivisions();
  const rows: (typeof divisions.$inferInsert)[] = [
    { code: d.province.code, name: d.province.name, level: 'province', parentCode: null, districtCode: '110000' },
    ...d.districts.map((x) => ({ code: x.code, name: x.name, level: 'district' as const, parentCode: d.province.code, districtCode: x.code })),
    ...d.streets.map((x) => ({ code: x.code, name: x.name, level: 'street' as const, parentCode: x.districtCode, districtCode: x.districtCode })),
    ...d.communities.map((x) => ({
      code: x.code,
      name: x.name,
      level: 'community' as const,
      parentCode: x.streetCode,
      districtCode: x.streetCode.slice(0, 6),
    })),
  ];
  await insertBatched(rows, 1000, (b) => db.insert(divisions).values(b));
  return rows.length;
}

export async function seedUnits(db: DbOrTx, districtCode: string): Promise<number> {
  const existing = await db.select({ n: count() }).from(units).where(eq(units.districtCode, districtCode));
  if ((existing[0]?.n ?? 0) > 0) return 0;
  const d = loadBeijingDivisions();
  const district = d.districts.find((x) => x.code === districtCode);
  if (district === undefined) throw new Error(`Unknown Beijing district code ${districtCode}`);
  const streets = d.streets.filter((s) => s.districtCode === districtCode && isAdministrativeStreet(s));
  const seeds = districtUnits(districtCode, district.name, streets);
  const inserted = await db
    .insert(units)
    .values(
      seeds.map((s) => ({
        code: s.code,
        name: s.name,
        nameEn: s.nameEn,
        unitType: s.unitType,
        districtCode,
        divisionCode: s.divisionCode,
        isFallback: s.isFallback ?? false,
      })),
    )
    .returning({ id: units.id, code: units.code });
  const idByCode = new Map(inserted.map((u) => [u.code, u.id]));
  for (const s of seeds) {
    if (s.parentCode === null) continue;
    await db
      .update(units)
      .set({ parentId: idByCode.get(s.parentCode)! })
      .where(and(eq(units.districtCode, districtCode), eq(units.code, s.code)));
  }
  return inserted.length;
}

/**
 * The category tree is shared by every district of a database (one classification city-wide), seeded
 * once; the dispatch catalogue is each district's own (its units), seeded when the district has none.
 * Returns the number of categories inserted (0 when the tree was there).
 */
export async function seedCategories(db: DbOrTx, districtCode: string): Promise<number> {
  const flat = flattenCategories(CATEGORY_TREE);
  let inserted = 0;
  if (await isEmpty(db, categories)) {
    const idByCode = new Map<string, number>();
    for (const c of flat) {
      const [row] = await db
        .insert(categories)
        .values({
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          parentId: c.parentCode === null ? null : idByCode.get(c.parentCode)!,
          level: c.level,
          path: c.path,
          isLeaf: c.isLeaf,
          responsible: c.responsible,
          timeLimitClass: c.timeLimitClass,
          keywords: c.keywords,
        })
        .returning({ id: categories.id });
      idByCode.set(c.code, row!.id);
    }
    inserted = flat.length;
  }
  await seedCatalog(db, districtCode);
  return inserted;
}

/** The district's dispatch catalogue, once: each leaf's default responsibility, district-wide. */
async function seedCatalog(db: DbOrTx, districtCode: string): Promise<void> {
  const [have] = await db.select({ n: count() }).from(dispatchCatalog).where(eq(dispatchCatalog.districtCode, districtCode));
  if ((have?.n ?? 0) > 0) return;
  const cats = await db.select({ id: categories.id, code: categories.code }).from(categories);
  const idByCode = new Map(cats.map((c) => [c.code, c.id]));
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.districtCode, districtCode));
  const unitByCode = new Map(unitRows.map((u) => [u.code, u.id]));
  const entries = flattenCategories(CATEGORY_TREE)
    .filter((c) => c.isLeaf && c.responsible !== null && idByCode.has(c.code))
    .map((c) => {
      const r = c.responsible!;
      const categoryId = idByCode.get(c.code)!;
      return 'unitCode' in r
        ? { districtCode, categoryId, divisionCode: null, unitId: unitByCode.get(r.unitCode) ?? null, unitType: null, note: '默认目录' }
        : { districtCode, categoryId, divisionCode: null, unitId: null, unitType: 'street', note: '默认目录：属地' };
    });
  await insertBatched(entries, 500, (b) => db.insert(dispatchCatalog).values(b));
}

export async function seedTimeLimits(db: DbOrTx): Promise<void> {
  for (const c of TIME_LIMIT_CLASSES) {
    await upsertTimeLimitClass(db, { code: c.code, name: c.name, nameEn: c.nameEn, limits: { sign: c.sign, contact: c.contact, reply: c.reply } });
  }
}

export async function seedCalendar(db: DbOrTx): Promise<number[]> {
  if (!(await isEmpty(db, calendarYears))) return [];
  const { rows, years, source } = chineseDaysRows();
  await replaceCalendarYears(db, years, rows, source);
  return years;
}

export async function seedKnowledge(db: DbOrTx): Promise<void> {
  if (!(await isEmpty(db, knowledgeArticles))) return;
  const cats = await db.select({ id: categories.id, code: categories.code }).from(categories);
  const idByCode = new Map(cats.map((c) => [c.code, c.id]));
  await db.insert(knowledgeArticles).values(
    KNOWLEDGE_SEED.map((k) => ({ title: k.title, content: k.content, keywords: k.keywords, categoryId: k.categoryCode ? (idByCode.get(k.categoryCode) ?? null) : null })),
  );
}
