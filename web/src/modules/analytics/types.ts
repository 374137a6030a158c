/**
 * The shape of GET /api/assessment/rankings, whose OpenAPI description has no 200 schema yet, mirrored
 * from src/http/routes/assessment.routes.ts. Replace it with the generated type once the route describes
 * its answer.
 */
import type { RankedUnitType } from '../../shared/reference.ts';

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
