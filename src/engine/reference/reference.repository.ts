/** Reference data: divisions, units, categories, time limits, the dispatch catalogue, the calendar. */
import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { CalendarData } from '../domain/calendar/work-calendar.ts';
import type { CatalogEntry } from '../domain/routing/dispatch-routing.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { appMeta, calendarDays, calendarYears, categories, dispatchCatalog, divisions, knowledgeArticles, supervisionEscalation, timeLimitClasses, units } from './reference.table.ts';

export type UnitRow = typeof units.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type DivisionRow = typeof divisions.$inferSelect;
export type TimeLimitClassRow = typeof timeLimitClasses.$inferSelect;
export type KnowledgeRow = typeof knowledgeArticles.$inferSelect;

export const listUnits = (db: DbOrTx, districtCode: string): Promise<UnitRow[]> =>
  db.select().from(units).where(eq(units.districtCode, districtCode)).orderBy(asc(units.id));

export async function findUnitsByIds(db: DbOrTx, ids: readonly number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(units).where(inArray(units.id, [...ids]));
}

export const listCategories = (db: DbOrTx): Promise<CategoryRow[]> =>
  db.select().from(categories).orderBy(asc(categories.id));

export async function findCategory(db: DbOrTx, id: number): Promise<CategoryRow | undefined> {
  return (await db.select().from(categories).where(eq(categories.id, id)))[0];
}

export async function findDivision(db: DbOrTx, code: string): Promise<DivisionRow | undefined> {
  return (await db.select().from(divisions).where(eq(divisions.code, code)))[0];
}

export const listDivisions = (db: DbOrTx, districtCode: string): Promise<DivisionRow[]> =>
  db.select().from(divisions).where(eq(divisions.districtCode, districtCode)).orderBy(asc(divisions.code));

export const listDistricts = (db: DbOrTx): Promise<DivisionRow[]> =>
  db.select().from(divisions).where(eq(divisions.level, 'district')).orderBy(asc(divisions.code));

export const listTimeLimitClasses = (db: DbOrTx): Promise<TimeLimitClassRow[]> =>
  db.select().from(timeLimitClasses).orderBy(asc(timeLimitClasses.code));

export async function upsertTimeLimitClass(db: DbOrTx, row: typeof timeLimitClasses.$inferInsert): Promise<void> {
  await db
    .insert(timeLimitClasses)
    .values(row)
    .onConflictDoUpdate({ target: timeLimitClasses.code, set: { name: row.name, nameEn: row.nameEn, limits: row.limits, updatedAt: new Date() } });
}

export type EscalationRow = typeof supervisionEscalation.$inferSelect;

/** The district's automatic-supervision spans, or undefined when it keeps the defaults. */
export async function findEscalation(db: DbOrTx, districtCode: string): Promise<EscalationRow | undefined> {
  return (await db.select().from(supervisionEscalation).where(eq(supervisionEscalation.districtCode, districtCode)))[0];
}

export async function upsertEscalation(db: DbOrTx, row: Omit<EscalationRow, 'updatedAt'>, now: Date): Promise<EscalationRow> {
  const [r] = await db
    .insert(supervisionEscalation)
    .values({ ...row, updatedAt: now })
    .onConflictDoUpdate({
      target: supervisionEscalation.districtCode,
      set: { superviseAfterDays: row.superviseAfterDays, urgeAfterDays: row.urgeAfterDays, notifyAfterDays: row.notifyAfterDays, updatedAt: now },
    })
    .returning();
  return r!;
}

export async function listCatalog(db: DbOrTx, districtCode: string): Promise<CatalogEntry[]> {
  const rows = await db.select().from(dispatchCatalog).where(eq(dispatchCatalog.districtCode, districtCode));
  return rows.map((r) => ({
    categoryId: r.categoryId,
    divisionCode: r.divisionCode,
    unitId: r.unitId,
    unitType: r.unitType === 'street' ? 'street' : null,
    coUnitIds: r.coUnitIds,
  }));
}

export async function loadCalendarData(db: DbOrTx): Promise<CalendarData> {
  const [days, years] = await Promise.all([db.select().from(calendarDays), db.select().from(calendarYears)]);
  const data: CalendarData = { holidays: {}, workdays: {}, coveredYears: years.map((y) => y.year) };
  for (const d of days) (d.kind === 'holiday' ? data.holidays : data.workdays)[d.date] = d.name;
  return data;
}

/** Replaces the official days of the given years (an admin loading a new State Council notice). */
export async function replaceCalendarYears(
  db: DbOrTx,
  years: readonly number[],
  rows: readonly { date: string; kind: 'holiday' | 'workday'; name: string }[],
  source: string,
): Promise<void> {
  for (const y of years) {
    await db.delete(calendarDays).where(and(sql`${calendarDays.date} >= ${`${y}-01-01`}`, sql`${calendarDays.date} <= ${`${y}-12-31`}`));
  }
  const batch = 500;
  for (let i = 0; i < rows.length; i += batch) await db.insert(calendarDays).values(rows.slice(i, i + batch));
  for (const y of years) {
    await db
      .insert(calendarYears)
      .values({ year: y, source })
      .onConflictDoUpdate({ target: calendarYears.year, set: { source, loadedAt: new Date() } });
  }
}

export async function searchKnowledge(db: DbOrTx, text: string, categoryId: number | undefined, limit: number): Promise<KnowledgeRow[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const conds = [eq(knowledgeArticles.active, true)];
  if (text) conds.push(or(ilike(knowledgeArticles.title, pattern), ilike(knowledgeArticles.content, pattern), sql`${text} = any(${knowledgeArticles.keywords})`)!);
  if (categoryId !== undefined) conds.push(eq(knowledgeArticles.categoryId, categoryId));
  return db.select().from(knowledgeArticles).where(and(...conds)).orderBy(asc(knowledgeArticles.id)).limit(limit);
}

export async function findKnowledge(db: DbOrTx, id: number): Promise<KnowledgeRow | undefined> {
  return (await db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)))[0];
}

export async function getMeta<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const rows = await db.select().from(appMeta).where(eq(appMeta.key, key));
  return rows[0]?.value as T | undefined;
}

export async function setMeta(db: DbOrTx, key: string, value: unknown): Promise<void> {
  await db.insert(appMeta).values({ key, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } });
}

export async function listCalendarDays(db: DbOrTx, year: number) {
  return db
    .select()
    .from(calendarDays)
    .where(and(sql`${calendarDays.date} >= ${`${year}-01-01`}`, sql`${calendarDays.date} <= ${`${year}-12-31`}`))
    .orderBy(asc(calendarDays.date));
}

export async function listCalendarYears(db: DbOrTx) {
  return db.select().from(calendarYears).orderBy(asc(calendarYears.year));
}

export type CatalogRow = typeof dispatchCatalog.$inferSelect;

export const listCatalogRows = (db: DbOrTx, districtCode: string): Promise<CatalogRow[]> =>
  db.select().from(dispatchCatalog).where(eq(dispatchCatalog.districtCode, districtCode)).orderBy(asc(dispatchCatalog.id));

export async function insertCatalogEntry(db: DbOrTx, row: typeof dispatchCatalog.$inferInsert): Promise<CatalogRow> {
  const [r] = await db.insert(dispatchCatalog).values(row).returning();
  return r!;
}

export async function deleteCatalogEntry(db: DbOrTx, districtCode: string, id: number): Promise<boolean> {
  const r = await db
    .delete(dispatchCatalog)
    .where(and(eq(dispatchCatalog.districtCode, districtCode), eq(dispatchCatalog.id, id)))
    .returning({ id: dispatchCatalog.id });
  return r.length > 0;
}
