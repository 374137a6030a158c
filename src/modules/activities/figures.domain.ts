/**
 * 领导数据看板 — the leaders' figures of volunteer service per street/town: the pure rules (who sees
 * which streets, where a unit's figures count, the rates). docs/VOLUNTEERS.md, "The leaders' figures".
 */
import type { Role } from '../../engine/domain/workflow/ticket.ts';

/** What the rules need of a division (a row of the district's tree). */
export interface DivisionRef {
  code: string;
  name: string;
  level: 'province' | 'district' | 'street' | 'community';
  parentCode: string | null;
}

/** What the rules need of a unit. */
export interface UnitRef {
  id: number;
  unitType: string;
  divisionCode: string | null;
}

/** The bucket of figures done at district level (the district's practice centre, departments): 区级. */
export const DISTRICT_LEVEL = 'district';

/**
 * The street/town a unit's figures count for: its division's street (a community's parent, a street
 * itself), or `DISTRICT_LEVEL` for units at district level or without a division (the district's
 * practice centre, departments, the government).
 */
export function streetOfUnit(unit: UnitRef | undefined, divisionByCode: ReadonlyMap<string, DivisionRef>): string {
  let d = unit?.divisionCode ? divisionByCode.get(unit.divisionCode) : undefined;
  while (d !== undefined && d.level === 'community') d = d.parentCode ? divisionByCode.get(d.parentCode) : undefined;
  return d?.level === 'street' ? d.code : DISTRICT_LEVEL;
}

/**
 * Which streets a principal may read the figures of: `all` for the centre's supervisors and admins,
 * and for leaders of a district-level unit (the district government, the district's practice centre);
 * the one street of a leader of a street/town unit or of that street's 实践所; `none` for everybody
 * else (handlers, leaders of departments, enterprises and community stations).
 */
export function figuresScope(
  p: { roles: readonly Role[]; unitId: number },
  unitById: ReadonlyMap<number, UnitRef>,
  divisionByCode: ReadonlyMap<string, DivisionRef>,
): { kind: 'all' } | { kind: 'street'; code: string } | { kind: 'none' } {
  if (p.roles.includes('centre_supervisor') || p.roles.includes('admin')) return { kind: 'all' };
  if (!p.roles.includes('unit_leader')) return { kind: 'none' };
  const unit = unitById.get(p.unitId);
  const division = unit?.divisionCode ? divisionByCode.get(unit.divisionCode) : undefined;
  if (unit === undefined || division === undefined) return { kind: 'none' };
  if (division.level === 'district' && (unit.unitType === 'district' || unit.unitType === 'station')) return { kind: 'all' };
  if (division.level === 'street' && (unit.unitType === 'street' || unit.unitType === 'station')) return { kind: 'street', code: division.code };
  return { kind: 'none' };
}

/** The counts of one street (or of the district). */
export interface FigureCounts {
  registeredVolunteers: number;
  activeVolunteers: number;
  minutes: number;
  activities: number;
  orders: number;
  ordersRated: number;
  ordersSatisfied: number;
  ordersReplied: number;
  ordersOnTime: number;
}

export const emptyCounts = (): FigureCounts => ({
  registeredVolunteers: 0,
  activeVolunteers: 0,
  minutes: 0,
  activities: 0,
  orders: 0,
  ordersRated: 0,
  ordersSatisfied: 0,
  ordersReplied: 0,
  ordersOnTime: 0,
});

export function addCounts(a: FigureCounts, b: Partial<FigureCounts>): FigureCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof FigureCounts)[]) out[k] += b[k] ?? 0;
  return out;
}

/**
 * A rate as a fraction 0–1 rounded to four places, or null when there is nothing to measure (no
 * order rated, none replied): an empty street is not 0 % satisfied.
 */
export const rateOf = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
