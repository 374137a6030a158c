/**
 * Shapes of the answers of routes whose OpenAPI description has no 200 schema yet (rankings, rules,
 * calendar, dispatch catalogue), mirrored from src/http/routes/assessment.routes.ts and admin.routes.ts.
 * Replace them with the generated types once those routes describe their answers.
 */

export const UNIT_TYPES = ['street', 'department', 'enterprise', 'district'] as const;
export type RankedUnitType = (typeof UNIT_TYPES)[number];

export interface Measures {
  onTimeSignRate: number | null;
  onTimeReplyRate: number | null;
  objectionRate: number | null;
  extensionRate: number | null;
  repeatRate: number | null;
  avgHandlingHours: number | null;
}

export interface RankingRowView {
  unitId: number;
  unitName: string;
  unitType: RankedUnitType;
  rank: number | null;
  previousRank: number | null;
  /** previousRank − rank: positive = moved up. */
  movement: number | null;
  grade: string | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  measures: Measures;
  counts: { validCallbacks: number; dispatched: number; replied: number };
}

export interface RankingsView {
  month: string;
  groups: { unitType: RankedUnitType; ruleVersion: string; rankedCount: number; rows: RankingRowView[] }[];
  lists: { unitType: RankedUnitType; red: RankingRowView[]; black: RankingRowView[] }[];
  focusUnits: { unitId: number; unitName: string; unitType: RankedUnitType; consecutiveMonths: number; months: string[]; latestRank: number }[];
}

export interface AssessmentRuleView {
  version: string;
  effectiveFrom: string;
  unitType: RankedUnitType | null;
  weights: { response: number; resolution: number; satisfaction: number };
  basicallySatisfiedWeight: number;
  grades: { grade: string; minScore: number }[];
  listSize: number;
  focusAfterMonths: number;
}

export interface CalendarDayView {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface CalendarYearView {
  year: number;
  covered: boolean;
  source: string | null;
  days: CalendarDayView[];
}

export interface CatalogEntryView {
  id: number;
  categoryId: number;
  divisionCode: string | null;
  unitId: number | null;
  unitType: string | null;
  coUnitIds: number[];
  note: string;
}

export interface TimeLimitView {
  amount: number;
  unit: 'natural_hours' | 'working_days';
}

export interface UnitView {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  unitType: string;
  divisionCode: string | null;
  parentId: number | null;
  isFallback: boolean;
  active: boolean;
}

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
  active: boolean;
}

export interface DivisionView {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}
