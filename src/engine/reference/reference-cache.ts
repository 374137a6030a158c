/**
 * Reference data every request needs (units, categories, time limits, the calendar, the dispatch
 * catalogue), loaded once and reloaded after an admin change or when it is older than `maxAgeMs`
 * (so several server processes converge without coordination).
 *
 * Inside a transaction (`Database.currentTransaction()`) a reload never goes to the database handle
 * or waits for another flow's reload: on the embedded database either would wait for the caller's own
 * transaction forever (the import hang of issue 15). There the current snapshot is used even when it
 * is older than `maxAgeMs` (it is as old as the transaction at most, plus `maxAgeMs`), and when there
 * is none (invalidated by a change, maybe in this very transaction) it is read through the
 * transaction, so it sees that transaction's own changes, and is not kept: the transaction may still
 * roll back.
 */
import type { Logger } from 'pino';
import { WorkCalendar } from '../domain/calendar/work-calendar.ts';
import type { CatalogEntry, RoutingUnit } from '../domain/routing/dispatch-routing.ts';
import type { ClassLimits } from '../domain/workflow/decide.ts';
import { DEFAULT_ESCALATION, type EscalationRule } from '../domain/workflow/escalation.ts';
import type { Database, DbOrTx } from '../../platform/db/client.ts';
import {
  findEscalation,
  listCatalog,
  listCategories,
  listDivisions,
  listTimeLimitClasses,
  listUnits,
  loadCalendarData,
  type CategoryRow,
  type DivisionRow,
  type UnitRow,
} from './reference.repository.ts';

export interface ReferenceSnapshot {
  loadedAt: number;
  units: UnitRow[];
  unitById: Map<number, UnitRow>;
  routingUnits: RoutingUnit[];
  categories: CategoryRow[];
  categoryById: Map<number, CategoryRow>;
  limits: Record<string, ClassLimits>;
  calendar: WorkCalendar;
  catalog: CatalogEntry[];
  divisionByCode: Map<string, DivisionRow>;
  /** Years the calendar lacks among the current and next year: a loud warning for admins. */
  missingCalendarYears: number[];
  /** The district's automatic-supervision spans (督办, 催办, 通报), the defaults unless an admin set them. */
  escalation: EscalationRule;
}

export class ReferenceCache {
  #snapshot: ReferenceSnapshot | undefined;
  #loading: Promise<ReferenceSnapshot> | undefined;

  constructor(
    private readonly database: Database,
    private readonly districtCode: string,
    private readonly clock: () => Date,
    private readonly log: Logger,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** Marks the cache stale; the next `get` reloads. */
  invalidate(): void {
    this.#snapshot = undefined;
  }

  async get(): Promise<ReferenceSnapshot> {
    const s = this.#snapshot;
    if (s !== undefined && Date.now() - s.loadedAt < this.maxAgeMs) return s;
    const tx = this.database.currentTransaction();
    if (tx !== undefined) return s ?? this.read(tx);
    this.#loading ??= this.load().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const snapshot = await this.read(this.database.db);
    this.#snapshot = snapshot;
    return snapshot;
  }

  private async read(db: DbOrTx): Promise<ReferenceSnapshot> {
    const [units, categories, limitRows, calendarData, catalog, divisions, escalationRow] = await Promise.all([
      listUnits(db, this.districtCode),
      listCategories(db),
      listTimeLimitClasses(db),
      loadCalendarData(db),
      listCatalog(db, this.districtCode),
      listDivisions(db, this.districtCode),
      findEscalation(db, this.districtCode),
    ]);
    const calendar = new WorkCalendar(calendarData);
    const year = Number(new Date(this.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    const missingCalendarYears = [year, year + 1].filter((y) => !calendar.isCoveredYear(y));
    if (missingCalendarYears.includes(year)) {
      this.log.warn({ missingCalendarYears }, `CALENDAR.YEAR_MISSING: no official holiday data for ${year}; load the State Council notice`);
    }
    const snapshot: ReferenceSnapshot = {
      loadedAt: Date.now(),
      units,
      unitById: new Map(units.map((u) => [u.id, u])),
      routingUnits: units.map((u) => ({
        id: u.id,
        name: u.name,
        unitType: u.unitType,
        divisionCode: u.divisionCode,
        isFallback: u.isFallback,
        active: u.active,
      })),
      categories,
      categoryById: new Map(categories.map((c) => [c.id, c])),
      limits: Object.fromEntries(limitRows.map((r) => [r.code, r.limits])),
      calendar,
      catalog,
      divisionByCode: new Map(divisions.map((d) => [d.code, d])),
      missingCalendarYears,
      escalation: escalationRow === undefined ? DEFAULT_ESCALATION : { afterDays: [escalationRow.superviseAfterDays, escalationRow.urgeAfterDays, escalationRow.notifyAfterDays] },
    };
    return snapshot;
  }
}

/** A unit and every unit it supervises (children, grandchildren …). */
export function unitWithDescendants(units: readonly UnitRow[], unitId: number): number[] {
  const children = new Map<number, number[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out: number[] = [];
  const stack = [unitId];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
