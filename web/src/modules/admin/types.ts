/** The admin pages' names for the answers of the rules, calendar, dispatch-catalogue and time-limit routes (generated from the OpenAPI document). */
import type { ApiJson } from '../../shared/api.ts';

export type AssessmentRuleView = ApiJson<'/api/assessment/rules'>['items'][number];
export type CalendarYearView = ApiJson<'/api/admin/calendar/{year}'>;
export type CalendarDayView = CalendarYearView['days'][number];
export type CatalogEntryView = ApiJson<'/api/admin/dispatch-catalog'>['items'][number];
export type TimeLimitView = ApiJson<'/api/time-limits'>['items'][number]['sign'];
