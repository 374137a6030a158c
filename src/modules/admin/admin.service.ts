/**
 * Administration of the reference data the engine runs on: the holiday calendar (a new State Council
 * notice each autumn), time limits, the dispatch catalogue and the spans of automatic supervision.
 * Every change reloads the cache.
 */
import { validateCalendarData, validateTimeLimit, type TimeLimit } from '../../engine/domain/calendar/work-calendar.ts';
import { DEFAULT_ESCALATION, validateEscalation } from '../../engine/domain/workflow/escalation.ts';
import {
  deleteCatalogEntry,
  findEscalation,
  insertCatalogEntry,
  listCalendarDays,
  listCalendarYears,
  listCatalogRows,
  replaceCalendarYears,
  upsertEscalation,
  upsertTimeLimitClass,
} from '../../engine/reference/reference.repository.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { assertUnitsDispatchable } from '../../engine/reference/units.ts';

export interface CalendarDayInput {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export async function calendarYear(ctx: AppContext, year: number) {
  const db = ctx.database.db;
  const [days, years] = await Promise.all([listCalendarDays(db, year), listCalendarYears(db)]);
  const covered = years.find((y) => y.year === year);
  return { year, covered: covered !== undefined, source: covered?.source ?? null, days };
}

/** Replaces a year's official days with a notice's list (holidays off, make-up workdays on). */
export async function replaceCalendarYear(ctx: AppContext, year: number, days: CalendarDayInput[], source: string) {
  const seen = new Set<string>();
  for (const d of days) {
    if (!d.date.startsWith(`${year}-`)) throw new AppError('CALENDAR.WRONG_YEAR', `${d.date} is not in ${year}`);
    if (seen.has(d.date)) throw new AppError('CALENDAR.DUPLICATE_DATE', `${d.date} is listed twice`);
    seen.add(d.date);
  }
  const data = {
    holidays: Object.fromEntries(days.filter((d) => d.kind === 'holiday').map((d) => [d.date, d.name])),
    workdays: Object.fromEntries(days.filter((d) => d.kind === 'workday').map((d) => [d.date, d.name])),
    coveredYears: [year],
  };
  const v = validateCalendarData(data);
  if (!v.ok) throw AppError.from(v.error);
  await ctx.database.db.transaction((tx) => replaceCalendarYears(tx, [year], days, source));
  ctx.reference.invalidate();
  return calendarYear(ctx, year);
}

export async function setTimeLimitClass(
  ctx: AppContext,
  code: string,
  input: { name: string; nameEn: string; sign: TimeLimit; contact: TimeLimit; reply: TimeLimit },
) {
  for (const [k, l] of [
    ['sign', input.sign],
    ['contact', input.contact],
    ['reply', input.reply],
  ] as const) {
    const v = validateTimeLimit(l);
    if (!v.ok) throw new AppError(v.error.code, `${k}: ${v.error.message}`);
    if (l.amount <= 0) throw new AppError('CALENDAR.INVALID_LIMIT', `${k}: the limit must be positive`);
  }
  await upsertTimeLimitClass(ctx.database.db, {
    code,
    name: input.name,
    nameEn: input.nameEn,
    limits: { sign: input.sign, contact: input.contact, reply: input.reply },
  });
  ctx.reference.invalidate();
}

export async function catalogEntries(ctx: AppContext) {
  return listCatalogRows(ctx.database.db, ctx.districtCode);
}

export async function addCatalogEntry(
  ctx: AppContext,
  input: { categoryId: number; divisionCode: string | null; unitId: number | null; unitType: 'street' | null; coUnitIds: number[]; note: string },
) {
  const ref = await ctx.reference.get();
  const cat = ref.categoryById.get(input.categoryId);
  if (cat === undefined || !cat.isLeaf) throw new AppError('ADMIN.UNKNOWN_CATEGORY', `Category ${input.categoryId} is not a leaf category`);
  if (input.divisionCode !== null && !ref.divisionByCode.has(input.divisionCode))
    throw new AppError('ADMIN.UNKNOWN_PLACE', `Place ${input.divisionCode} is not in this district`);
  if ((input.unitId === null) === (input.unitType === null)) throw new AppError('ADMIN.INVALID_ENTRY', 'Give either unitId or unitType "street", not both');
  assertUnitsDispatchable(ref, [...(input.unitId === null ? [] : [input.unitId]), ...input.coUnitIds]);
  const row = await insertCatalogEntry(ctx.database.db, { ...input, districtCode: ctx.districtCode });
  ctx.reference.invalidate();
  return row;
}

export async function removeCatalogEntry(ctx: AppContext, id: number) {
  if (!(await deleteCatalogEntry(ctx.database.db, ctx.districtCode, id))) throw notFound('Catalogue entry', id);
  ctx.reference.invalidate();
}

/** The spans of automatic supervision (督办 → 催办 → 通报), in working days overdue on the running deadline. */
export interface EscalationSettings {
  superviseAfterDays: number;
  urgeAfterDays: number;
  notifyAfterDays: number;
}

/** The district's spans, or the defaults (1, 3, 5) with `isDefault` when no admin has set them. */
export async function escalationSettings(ctx: AppContext): Promise<EscalationSettings & { isDefault: boolean; updatedAt: string | null }> {
  const row = await findEscalation(ctx.database.db, ctx.districtCode);
  if (row === undefined) {
    const [superviseAfterDays, urgeAfterDays, notifyAfterDays] = DEFAULT_ESCALATION.afterDays;
    return { superviseAfterDays, urgeAfterDays, notifyAfterDays, isDefault: true, updatedAt: null };
  }
  return {
    superviseAfterDays: row.superviseAfterDays,
    urgeAfterDays: row.urgeAfterDays,
    notifyAfterDays: row.notifyAfterDays,
    isDefault: false,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Sets the district's spans (strictly increasing, each above 0 and at most 60 working days:
 * ADMIN.INVALID_ESCALATION). They apply from the sweeper's next run; levels already given stay.
 */
export async function setEscalation(ctx: AppContext, input: EscalationSettings) {
  const v = validateEscalation([input.superviseAfterDays, input.urgeAfterDays, input.notifyAfterDays]);
  if (!v.ok) throw new AppError('ADMIN.INVALID_ESCALATION', v.error.message, v.error.details);
  await upsertEscalation(ctx.database.db, { districtCode: ctx.districtCode, ...input }, ctx.clock());
  ctx.reference.invalidate();
  return escalationSettings(ctx);
}
