/**
 * The demo district's volunteer year on a first start (the activities manifest's seed): volunteers
 * across the streets, a year of activities with sign-ups, QR check-ins and paper records, so that the
 * leaderboards, the team boards and the leaders' figures have something to show; run again, it adds
 * nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { seedOnFirstStart } from '../src/main.ts';
import { seedDemoActivities } from '../src/modules/activities/activities.seed.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { createHarness, dbKind } from './support/harness.ts';

const h = await createHarness({ seed: false });
afterAll(async () => {
  await h.close();
});
const said: string[] = [];
const started = performance.now();
await seedOnFirstStart(h.ctx, 0, (m) => said.push(m));
console.log(`first start without demo tickets: ${((performance.now() - started) / 1000).toFixed(1)} s\n${said.join('\n')}`);

const counts = async () =>
  (
    await queryRows<{ activities: number; records: number; checked: number; signups: number; volunteers: number }>(
      h.ctx.database.db,
      sql`select (select count(*)::int from activities) as activities,
                 (select count(*)::int from service_hour_records) as records,
                 (select count(*)::int from service_hour_records where kind = 'check_in') as checked,
                 (select count(*)::int from activity_signups) as signups,
                 (select count(*)::int from volunteer_profiles) as volunteers`,
    )
  )[0]!;

describe(`demo volunteer year (${dbKind()})`, () => {
  it('publishes a year of activities with sign-ups, check-ins and paper records, and volunteers across the streets', async () => {
    const c = await counts();
    expect(c.volunteers).toBeGreaterThanOrEqual(3 + 13 * 5);
    expect(c.activities).toBeGreaterThan(30);
    expect(c.signups).toBeGreaterThan(20);
    expect(c.checked).toBe(c.signups);
    expect(c.records).toBeGreaterThan(c.checked);
    // Every record lies in the last twelve months before the demo clock (2026-03-02).
    const [range] = await queryRows<{ first: string; last: string }>(
      h.ctx.database.db,
      sql`select min(served_on)::text as first, max(served_on)::text as last from service_hour_records`,
    );
    expect(range!.first >= '2025-03-01' && range!.last < '2026-03-02').toBe(true);
  });

  it('gives the leaderboards, the team boards and the figures something to show', async () => {
    const board = await h.api('supervisor', 'GET', '/api/activities/leaderboard?period=2025');
    expect(board.status).toBe(200);
    expect(board.body.volunteers.length).toBeGreaterThan(20);
    // The demo volunteers who consented show their names (李红梅, 赵雪); the imported ones have not answered and are masked.
    const names = board.body.volunteers.map((v: { name: string }) => v.name);
    expect(names).toContain('李红梅');
    expect(names).toContain('王**');
    const teams = await h.api('supervisor', 'GET', '/api/activities/leaderboard/teams?period=2025');
    expect(teams.body.teams.length).toBeGreaterThanOrEqual(10);
    expect(teams.body.teams.map((t: { name: string }) => t.name)).toContain('夕阳红助老服务队');
    const figures = await h.api('supervisor', 'GET', '/api/activities/figures?period=2025');
    expect(figures.status).toBe(200);
    const withHours = figures.body.streets.filter((s: { hours: number; activeVolunteers: number }) => s.hours > 0 && s.activeVolunteers > 0);
    expect(withHours.length).toBeGreaterThanOrEqual(10);
    expect(figures.body.total.registeredVolunteers).toBeGreaterThanOrEqual(68);
  });

  it('adds nothing when run again', async () => {
    const before = await counts();
    await seedDemoActivities(h.ctx);
    expect(await counts()).toEqual(before);
  });
});
