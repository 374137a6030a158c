/**
 * 领导数据看板 — the leaders' figures of volunteer service per street/town for a month or a year:
 * volunteers registered (by their home) and active (with hours in the period), hours served and
 * activities held (where they were organised), and the service orders dispatched to the street's
 * practice stations (engine tickets of kind `service_order`): how many, the satisfaction rate and the
 * on-time rate. docs/VOLUNTEERS.md, "The leaders' figures".
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDayStart, periodDates } from '../../engine/domain/calendar/local-time.ts';
import { authorize } from '../../engine/policy.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';
import { forbidden, invalid } from '../../platform/errors.ts';
import { hoursOf } from './activities.domain.ts';
import { ACTIVITIES_POLICY } from './activities.policy.ts';
import { addCounts, DISTRICT_LEVEL, emptyCounts, figuresScope, rateOf, streetOfUnit, type FigureCounts } from './figures.domain.ts';
import {
  activeVolunteersByUnit,
  activitiesHeldByOrganiser,
  minutesByOrganiser,
  registeredVolunteersByUnit,
  serviceOrdersByLeadUnit,
} from './figures.repository.ts';

export interface StreetFigures {
  /** The street's division code, or `district` for what was done at district level (区级). */
  code: string;
  name: string;
  registeredVolunteers: number;
  activeVolunteers: number;
  hours: number;
  activities: number;
  orders: number;
  ordersRated: number;
  /** Rated satisfied or basically satisfied / rated; null when none was rated. */
  satisfactionRate: number | null;
  ordersReplied: number;
  /** Replied by the reply deadline / replied; null when none was replied. */
  onTimeRate: number | null;
}

export interface Figures {
  period: string;
  /** `all`: every street of the district (and 区级); `street`: the leader's own street. */
  scope: 'all' | 'street';
  streets: StreetFigures[];
  /** The sum of the rows shown. */
  total: StreetFigures;
}

function present(code: string, name: string, c: FigureCounts): StreetFigures {
  return {
    code,
    name,
    registeredVolunteers: c.registeredVolunteers,
    activeVolunteers: c.activeVolunteers,
    hours: hoursOf(c.minutes),
    activities: c.activities,
    orders: c.orders,
    ordersRated: c.ordersRated,
    satisfactionRate: rateOf(c.ordersSatisfied, c.ordersRated),
    ordersReplied: c.ordersReplied,
    onTimeRate: rateOf(c.ordersOnTime, c.ordersReplied),
  };
}

/** The figures of a month (`YYYY-MM`) or a year (`YYYY`) for the streets the principal may read (figuresScope). */
export async function leadersFigures(ctx: AppContext, p: Principal, period: string): Promise<Figures> {
  authorize(p, ACTIVITIES_POLICY.rules.figures);
  const ref = await ctx.reference.get();
  const scope = figuresScope(p, ref.unitById, ref.divisionByCode);
  if (scope.kind === 'none')
    throw forbidden(
      '领导数据看板仅向区级、街乡领导及中心督办人员开放 The figures are for leaders of the district or of a street/town and the centre’s supervisors',
    );
  const range = periodDates(period);
  if (range === undefined) throw invalid(`Not a month YYYY-MM or a year YYYY: ${period}`);
  const db = await dashboardDb(ctx);
  const [fromAt, toAt] = [localDayStart(range.from), localDayStart(range.to)];
  const [registered, active, minutes, held, orders] = await Promise.all([
    registeredVolunteersByUnit(db, ctx.districtCode),
    activeVolunteersByUnit(db, ctx.districtCode, range.from, range.to),
    minutesByOrganiser(db, ctx.districtCode, range.from, range.to),
    activitiesHeldByOrganiser(db, ctx.districtCode, fromAt, toAt),
    serviceOrdersByLeadUnit(db, ctx.districtCode, fromAt, toAt),
  ]);

  const byStreet = new Map<string, FigureCounts>();
  const add = (unitId: number, c: Partial<FigureCounts>) => {
    const street = streetOfUnit(ref.unitById.get(unitId), ref.divisionByCode);
    byStreet.set(street, addCounts(byStreet.get(street) ?? emptyCounts(), c));
  };
  for (const r of registered) add(r.unitId, { registeredVolunteers: r.n });
  for (const r of active) add(r.unitId, { activeVolunteers: r.n });
  for (const r of minutes) add(r.unitId, { minutes: r.n });
  for (const r of held) add(r.unitId, { activities: r.n });
  // Service orders are the stations' (a ticket of that kind led by another unit is not a service order of a station).
  for (const r of orders)
    if (ref.unitById.get(r.unitId)?.unitType === 'station')
      add(r.unitId, { orders: r.orders, ordersRated: r.rated, ordersSatisfied: r.satisfied, ordersReplied: r.replied, ordersOnTime: r.onTime });

  const streets = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'street' && d.parentCode === ctx.districtCode && (scope.kind === 'all' || d.code === scope.code))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => present(d.code, d.name, byStreet.get(d.code) ?? emptyCounts()));
  const districtLevel = byStreet.get(DISTRICT_LEVEL);
  if (scope.kind === 'all' && districtLevel !== undefined) streets.push(present(DISTRICT_LEVEL, '区级', districtLevel));
  const totalCounts = [...(scope.kind === 'all' ? byStreet.entries() : [])].reduce((sum, [, c]) => addCounts(sum, c), emptyCounts());
  const total =
    scope.kind === 'all'
      ? present(ctx.districtCode, ref.divisionByCode.get(ctx.districtCode)?.name ?? ctx.districtCode, totalCounts)
      : present(scope.code, streets[0]?.name ?? scope.code, byStreet.get(scope.code) ?? emptyCounts());
  return { period, scope: scope.kind, streets, total };
}
