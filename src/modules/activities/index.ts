/**
 * 志愿活动: activities with sessions, sign-up and waiting lists, QR check-in and check-out, service
 * hours confirmed by the organiser, records, leaderboards and the certificate (issue 17).
 *
 * For the points bank (built in parallel; not imported here): `onHoursRecorded` registers a function
 * called with every batch of new hour records inside the transaction that writes them, so points are
 * awarded atomically with the hours; `hourRecordsSince` reads the records in id order for a reader
 * that keeps its own cursor. Each record's id is the award's idempotency source.
 */
import type { ModuleManifest } from '../../engine/module.ts';
import { ACTIVITIES_ERRORS } from './activities.errors.ts';
import { ACTIVITIES_POLICY } from './activities.policy.ts';
import { seedDemoActivities } from './activities.seed.ts';
import { activityRoutes } from './activities.routes.ts';
import { figuresRoutes } from './figures.routes.ts';
import { activities as activitiesTable, activitySessions, activitySignups, serviceHourRecords } from './activities.table.ts';

export { onHoursRecorded, recordOrderHours, type HoursRecordedHook, type OrderHours } from './activities.service.ts';
export { hourRecordsSince } from './hours.service.ts';
export type { HourRecordRow } from './activities.repository.ts';

export const activities: ModuleManifest = {
  name: 'activities',
  title: '志愿活动 Volunteer activities',
  policy: ACTIVITIES_POLICY,
  routes: (ctx, opts) => [activityRoutes(ctx, { publicBaseUrl: opts.publicBaseUrl }), figuresRoutes(ctx)],
  tables: { activities: activitiesTable, activitySessions, activitySignups, serviceHourRecords },
  errors: ACTIVITIES_ERRORS,
  /** After the volunteers' and the points bank's: demo volunteers across the streets and a year of activities with their hours. */
  seed: (ctx, { say }) => seedDemoActivities(ctx, say),
};
