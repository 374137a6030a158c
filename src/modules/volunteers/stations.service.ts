/**
 * Practice stations (新时代文明实践中心/所/站) as units of type `station`, one per division of the
 * district: the centre (district code), an institute (所) per street/town, a station (站) per
 * community. Parents follow the division tree (站 → 所 → 中心); the centre has no parent, so the
 * district government's ticket scope does not grow by the stations. Staff of a station are users with
 * unit_handler/unit_leader of its unit; residents and volunteers belong to their community's station.
 */
import type { AppContext } from '../../engine/context.ts';
import { districtAccountName } from '../../engine/district-accounts.ts';
import { principalOfUsername, hashPassword } from '../../engine/auth.ts';
import { findUserByUsername } from '../../engine/user.repository.ts';
import { idCheckChar, STATION_NAME_EN, stationCode, stationName, type AvailabilitySlot, type Skill } from './volunteers.domain.ts';
import { insertStationUnits, insertUsers, stationIdsByCode } from './volunteers.repository.ts';
import { registerResident } from './residents.service.ts';
import { createTeam, registerVolunteer } from './volunteers.service.ts';

/**
 * Creates the district's missing stations from its division tree; returns how many were created.
 * Idempotent (by unit code `STN-<division code>`).
 */
export async function ensureStations(ctx: AppContext): Promise<number> {
  const db = ctx.database.db;
  ctx.reference.invalidate();
  const ref = await ctx.reference.get();
  const divisions = [...ref.divisionByCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  const district = divisions.find((d) => d.level === 'district' && d.code === ctx.districtCode);
  if (district === undefined) return 0;
  const streets = divisions.filter((d) => d.level === 'street');
  const communities = divisions.filter((d) => d.level === 'community');
  const row = (code: string, name: string, level: keyof typeof STATION_NAME_EN, parentId: number | null) => ({
    code: stationCode(code),
    name: stationName(name, level),
    nameEn: STATION_NAME_EN[level],
    districtCode: ctx.districtCode,
    divisionCode: code,
    parentId,
  });
  let created = await insertStationUnits(db, [row(district.code, district.name, 'centre', null)]);
  let ids = await stationIdsByCode(db, ctx.districtCode);
  const centre = ids.get(stationCode(district.code))!;
  created += await insertStationUnits(
    db,
    streets.map((s) => row(s.code, s.name, 'institute', centre)),
  );
  ids = await stationIdsByCode(db, ctx.districtCode);
  created += await insertStationUnits(
    db,
    communities.flatMap((c) => {
      const parent = c.parentCode === null ? undefined : ids.get(stationCode(c.parentCode));
      return parent === undefined ? [] : [row(c.code, c.name, 'station', parent)];
    }),
  );
  ctx.reference.invalidate();
  return created;
}

/** The demo password of the demo accounts (the demo module's, src/modules/demo/seed-demo.ts, which no module imports). */
const DEMO_PASSWORD = 'Jiesu@2026';

/** A check-digit-valid ID number for demo residents (region of the district, a fixed birth date). */
const demoIdNumber = (districtCode: string, birth: string, seq: number) => {
  const first17 = `${districtCode}${birth}${String(seq).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
};

const DEMO_VOLUNTEERS: { phone: string; name: string; birth: string; skills: Skill[]; consent: boolean }[] = [
  { phone: '13910000001', name: '李红梅', birth: '19620315', skills: ['elderly_care', 'haircut'], consent: true },
  { phone: '13910000002', name: '王建国', birth: '19580820', skills: ['appliance_repair', 'elderly_care'], consent: false },
  { phone: '13910000003', name: '赵雪', birth: '19950102', skills: ['arts', 'tutoring'], consent: true },
];
const AVAILABILITY: AvailabilitySlot[] = [
  { weekday: 2, slot: 'morning' },
  { weekday: 6, slot: 'afternoon' },
];

/**
 * The demo district's volunteer side, through the use cases: the stations, two staff accounts
 * (`station.centre` of the district centre, `station` of the first community's station), three
 * volunteers of that community and their team. Skips what exists.
 */
export async function seedDemoVolunteers(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const created = await ensureStations(ctx);
  const ref = await ctx.reference.get();
  const stations = ref.units.filter((u) => u.unitType === 'station');
  say(`Practice stations: ${created} created (${stations.length} in the district).`);
  const firstCommunity = stations.filter((s) => s.divisionCode?.length === 12).sort((a, b) => a.divisionCode!.localeCompare(b.divisionCode!))[0];
  const centre = stations.find((s) => s.divisionCode === ctx.districtCode);
  if (firstCommunity === undefined || centre === undefined) return;
  const db = ctx.database.db;
  const hash = await hashPassword(DEMO_PASSWORD);
  const named = new Map<string, string>();
  for (const a of [
    { username: 'station.centre', displayName: '实践中心管理员 何平', unitId: centre.id, roles: ['unit_handler', 'unit_leader'] },
    { username: 'station', displayName: '实践站站长 钱芳', unitId: firstCommunity.id, roles: ['unit_handler', 'unit_leader'] },
  ]) {
    let username = a.username;
    const holder = await findUserByUsername(db, username);
    if (holder !== undefined && !ref.unitById.has(holder.unitId)) username = districtAccountName(a.username, ctx.districtCode);
    named.set(a.username, username);
    if ((await findUserByUsername(db, username)) !== undefined) continue;
    await insertUsers(db, [{ ...a, username, passwordHash: hash, active: true }]);
  }
  // Demo volunteers: phones are sign-in names, unique in the whole database; another district's demo took them.
  if ((await findUserByUsername(db, DEMO_VOLUNTEERS[0]!.phone)) !== undefined) return;
  const ids: number[] = [];
  for (const [i, v] of DEMO_VOLUNTEERS.entries()) {
    const r = await registerResident(ctx, {
      phone: v.phone,
      password: DEMO_PASSWORD,
      realName: v.name,
      idNumber: demoIdNumber(ctx.districtCode, v.birth, 100 + i),
      communityCode: firstCommunity.divisionCode!,
    });
    const p = (await principalOfUsername(ctx, v.phone))!;
    await registerVolunteer(ctx, p, { skills: v.skills, areas: [firstCommunity.divisionCode!], availability: AVAILABILITY, consentPublicName: v.consent });
    ids.push(r.userId);
  }
  const staff = await principalOfUsername(ctx, named.get('station') ?? 'station');
  if (staff !== undefined)
    await createTeam(ctx, staff, {
      name: '夕阳红助老服务队',
      stationId: firstCommunity.id,
      skills: ['elderly_care', 'haircut', 'appliance_repair'],
      areas: [firstCommunity.divisionCode!],
      leaderUserId: ids[0]!,
      memberUserIds: ids,
    });
  say(`Demo volunteers: ${ids.length} in ${firstCommunity.name}, sign in as ${DEMO_VOLUNTEERS[0]!.phone} (password as the staff accounts).`);
}
