/**
 * The demo district's year of volunteer activities, on a first start, through the module's use cases
 * with the clock moved to each moment (`at`): the volunteers module's demo volunteers across the
 * streets first (`seedDemoStreetVolunteers`), then for each of the last twelve months activities of
 * the streets' 实践所 (every street every fourth month) whose hours the centre's staff record
 * from the paper sign-in sheets, and each month an activity of the first street's 实践所 that the three
 * demo volunteers of the first community sign up for, check in and out of with the QR code, and the
 * organiser confirms. All sessions lie in the past: the volunteers' lists of open activities stay as
 * they were. Skipped when the district has activities.
 */
import { principalOfUsername, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { districtAccountName } from '../../engine/district-accounts.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { ReferenceCache } from '../../engine/reference/reference-cache.ts';
import { seedDemoStreetVolunteers } from '../volunteers/index.ts';
import type { ActivityType } from './activities.domain.ts';
import { hasActivities, volunteerHomes } from './activities.repository.ts';
import { checkIn, checkInCode, confirmHours, createActivity, getActivity, recordManualHours, signUp } from './activities.service.ts';
import { streetOfUnit } from './figures.domain.ts';

const KINDS: { type: ActivityType; title: string; venue: string }[] = [
  { type: 'environment', title: '社区环境清洁日', venue: '社区广场' },
  { type: 'elderly_care', title: '关爱独居老人上门服务', venue: '社区养老驿站' },
  { type: 'civilised_city', title: '文明交通劝导', venue: '路口执勤点' },
  { type: 'culture', title: '文化惠民演出', venue: '社区文化活动室' },
  { type: 'community_service', title: '便民服务集市（理发、家电维修）', venue: '社区服务站前广场' },
  { type: 'education', title: '四点半课堂', venue: '社区图书室' },
];

const pad = (n: number) => String(n).padStart(2, '0');
/** The month `back` months before the local month of `now`, as YYYY-MM. */
function monthBefore(now: Date, back: number): string {
  const [y, m] = localDate(now).split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) - back;
  return `${Math.floor(k / 12)}-${pad((k % 12) + 1)}`;
}
const instant = (month: string, day: number, hm: string) => new Date(`${month}-${pad(day)}T${hm}:00+08:00`);

/** At most this many streets hold demo activities (门头沟 has 13; a larger district's demo stays as quick). */
const MAX_STREETS = 16;

export async function seedDemoActivities(first: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const started = performance.now();
  // The seed adds no unit, division or category: one snapshot of the reference data serves its few hundred
  // use cases (a caller's cache may be told to reload at every read, as the first-start test's is).
  const ctx: AppContext = { ...first, reference: new ReferenceCache(first.database, first.districtCode, first.clock, first.log, 10 * 60_000) };
  await seedDemoStreetVolunteers(ctx, say);
  const db = ctx.database.db;
  if (await hasActivities(db, ctx.districtCode)) return;
  const staff = (await principalOfUsername(ctx, 'station.centre')) ?? (await principalOfUsername(ctx, districtAccountName('station.centre', ctx.districtCode)));
  if (staff === undefined) return;
  const ref = await ctx.reference.get();
  const now = ctx.clock();
  const at = (d: Date): AppContext => ({ ...ctx, clock: () => d });
  const streets = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'street' && d.parentCode === ctx.districtCode)
    .sort((a, b) => a.code.localeCompare(b.code))
    .slice(0, MAX_STREETS);
  const stationOf = new Map(ref.units.filter((u) => u.unitType === 'station').map((u) => [u.divisionCode, u.id]));
  const byStreet = new Map<string, { userId: number; username: string }[]>();
  for (const v of await volunteerHomes(db, ctx.districtCode)) {
    const s = streetOfUnit(ref.unitById.get(v.unitId), ref.divisionByCode);
    byStreet.set(s, [...(byStreet.get(s) ?? []), v]);
  }
  // The three demo volunteers of the first community can sign in: they sign up and check in themselves.
  const firstStreet = streets[0];
  const active: Principal[] = [];
  for (const phone of ['13910000001', '13910000002', '13910000003']) {
    const p = await principalOfUsername(ctx, phone);
    if (p !== undefined && p.roles.includes('volunteer')) active.push(p);
  }
  const activeIds = new Set(active.map((p) => p.userId));
  let activities = 0;
  let records = 0;
  for (let back = 11; back >= 0; back--) {
    const month = monthBefore(now, back);
    for (const [s, street] of streets.entries()) {
      const organiserUnitId = stationOf.get(street.code);
      const day = 3 + ((s * 2 + back) % 24);
      const startsAt = instant(month, day, s % 2 === 0 ? '09:00' : '14:00');
      const endsAt = new Date(startsAt.getTime() + (150 + (s % 3) * 30) * 60_000);
      const own = (byStreet.get(street.code) ?? []).filter((v) => !activeIds.has(v.userId));
      if (organiserUnitId === undefined || (s + back) % 4 !== 0 || endsAt >= now || own.length === 0) continue;
      const kind = KINDS[(s + back) % KINDS.length]!;
      const a = await createActivity(at(new Date(startsAt.getTime() - 7 * 86_400_000)), staff, {
        title: kind.title,
        activityType: kind.type,
        description: `${street.name}新时代文明实践所组织（演示数据）`,
        venueName: `${street.name}${kind.venue}`,
        organiserUnitId,
        divisionCode: street.code,
        sessions: [{ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), capacity: 20 }],
        publish: true,
      });
      activities++;
      const sessionId = (await getActivity(ctx, staff, a.id)).sessions[0]!.id;
      const minutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
      for (const [i, v] of own.entries()) {
        if ((i + back) % 4 === 3) continue; // not everyone comes every time
        await recordManualHours(ctx, staff, sessionId, {
          userId: v.userId,
          minutes: minutes - (i % 3) * 15,
          source: 'paper',
          reason: '纸质签到表补录（演示数据）',
        });
        records++;
      }
    }
    // The first street's monthly activity with sign-up and QR check-in by the demo volunteers.
    const organiserUnitId = firstStreet === undefined ? undefined : stationOf.get(firstStreet.code);
    const startsAt = instant(month, 20, '09:30');
    const endsAt = new Date(startsAt.getTime() + 180 * 60_000);
    if (organiserUnitId === undefined || active.length === 0 || endsAt.getTime() + 60 * 60_000 >= now.getTime()) continue;
    const a = await createActivity(at(new Date(startsAt.getTime() - 10 * 86_400_000)), staff, {
      title: '夕阳红助老上门服务',
      activityType: 'elderly_care',
      description: '为辖区独居老人理发、维修家电（演示数据）',
      venueName: `${firstStreet!.name}新时代文明实践所`,
      organiserUnitId,
      divisionCode: firstStreet!.code,
      sessions: [{ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), capacity: 10 }],
      publish: true,
    });
    activities++;
    const sessionId = (await getActivity(ctx, staff, a.id)).sessions[0]!.id;
    for (const [i, p] of active.entries()) await signUp(at(new Date(startsAt.getTime() - (5 - i) * 86_400_000)), p, sessionId);
    const scanAll = async (d: Date) => {
      const { token } = await checkInCode(at(d), staff, sessionId, '');
      for (const p of active) await checkIn(at(d), p, { token });
    };
    await scanAll(new Date(startsAt.getTime() - 10 * 60_000));
    await scanAll(new Date(endsAt.getTime() - (back % 3) * 20 * 60_000));
    records += (await confirmHours(at(new Date(endsAt.getTime() + 30 * 60_000)), staff, sessionId)).recorded.length;
  }
  say(`Demo activities: ${activities} over the last year with ${records} hour records (${((performance.now() - started) / 1000).toFixed(1)} s).`);
}
