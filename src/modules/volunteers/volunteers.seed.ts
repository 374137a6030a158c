/**
 * More demo volunteers, across the district's streets, for the leaderboards and the leaders' figures:
 * for each street/town, a roster imported by the district centre's staff (`station.centre`) into the
 * street's 实践所: a team of five volunteers from the street's first communities, one its 队长. Through
 * the roster use case (one transaction per street, no password to hash: imported accounts wait to be
 * claimed by their owners), so a first start stays fast. At most 16 streets. Skips what exists.
 */
import { principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { districtAccountName } from '../../engine/district-accounts.ts';
import { findUserByUsername } from '../../engine/user.repository.ts';
import { importRoster } from './roster.service.ts';
import { idCheckChar, stationCode } from './volunteers.domain.ts';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['秀兰', '建华', '志强', '淑珍', '海燕', '国庆', '丽娟', '文斌', '桂英', '永红', '晓东', '玉梅', '振国', '春燕', '立新', '凤琴'];
const SKILLS = ['elderly_care', 'haircut', 'appliance_repair', 'tutoring', 'arts', 'free_clinic', 'legal_advice', 'environment'];
const PER_TEAM = 5;
/** At most this many streets get a demo team (门头沟 has 13). */
const MAX_STREETS = 16;

/** A check-digit-valid demo ID number of the district. */
const idNumber = (districtCode: string, n: number) => {
  const birth = new Date(Date.UTC(1955, 0, 1) + n * 97 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${districtCode}${birth}${String(500 + (n % 400)).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
};

/** The demo volunteers' sign-in names (mobile numbers): 1392 + street number + serial. */
export const demoStreetVolunteerPhone = (street: number, i: number) => `1392${String(street).padStart(3, '0')}${String(i).padStart(4, '0')}`;

/** Returns the number of volunteers imported (0 when they exist already, or without the centre's staff). */
export async function seedDemoStreetVolunteers(ctx: AppContext, say: (m: string) => void = () => {}): Promise<number> {
  const ref = await ctx.reference.get();
  const centreStaff =
    (await principalOfUsername(ctx, 'station.centre')) ?? (await principalOfUsername(ctx, districtAccountName('station.centre', ctx.districtCode)));
  if (centreStaff === undefined) return 0;
  // Mobile numbers are sign-in names, unique in the whole database: another district's demo may hold them.
  if ((await findUserByUsername(ctx.database.db, demoStreetVolunteerPhone(1, 1))) !== undefined) return 0;
  const divisions = [...ref.divisionByCode.values()];
  const streets = divisions
    .filter((d) => d.level === 'street' && d.parentCode === ctx.districtCode)
    .sort((a, b) => a.code.localeCompare(b.code))
    .slice(0, MAX_STREETS);
  const stationByCode = new Map(ref.units.filter((u) => u.unitType === 'station').map((u) => [u.code, u.id]));
  let n = 0;
  for (const [s, street] of streets.entries()) {
    const stationId = stationByCode.get(stationCode(street.code));
    // The street's first communities; the very first community of the district keeps only the three demo volunteers of its station.
    const communities = divisions
      .filter((d) => d.level === 'community' && d.parentCode === street.code)
      .map((d) => d.code)
      .sort()
      .filter((c, i) => !(s === 0 && i === 0))
      .slice(0, 3);
    if (stationId === undefined || communities.length === 0) continue;
    const team = `${street.name.replace(/(街道|地区|镇|乡)(办事处)?$/, '')}志愿服务队`;
    const rows = Array.from({ length: PER_TEAM }, (_, i) => {
      const k = s * PER_TEAM + i;
      const name = `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7 + i) % GIVEN.length]}`;
      return [
        name,
        demoStreetVolunteerPhone(s + 1, i + 1),
        idNumber(ctx.districtCode, k),
        communities[i % communities.length]!,
        `${SKILLS[k % SKILLS.length]}、${SKILLS[(k + 3) % SKILLS.length]}`,
        street.code,
        team,
        i === 0 ? '队长' : '队员',
      ];
    });
    const csv = [['姓名', '手机号', '身份证号', '社区编码', '技能', '服务区域', '队伍', '队内角色'], ...rows].map((r) => r.join(',')).join('\n');
    const report = await importRoster(ctx, centreStaff, new TextEncoder().encode(csv), { stationId, dryRun: false });
    if (!report.committed) throw new Error(`demo roster of ${street.name}: ${JSON.stringify(report.problems.slice(0, 3))}`);
    n += rows.length;
  }
  say(`Demo volunteers across the streets: ${n} imported into ${streets.length} teams (their accounts wait to be claimed).`);
  return n;
}
