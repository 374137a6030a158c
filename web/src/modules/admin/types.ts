/**
 * Shapes of the answers of admin routes whose OpenAPI description has no 200 schema yet (rules,
 * calendar, dispatch catalogue, time limits), mirrored from src/http/routes/assessment.routes.ts and
 * admin.routes.ts. Replace them with the generated types once those routes describe their answers.
 */
import type { RankedUnitType } from '../../shared/reference.ts';

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
