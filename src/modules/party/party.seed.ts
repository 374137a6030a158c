/**
 * The demo district's Party organisations and members, through the module's use cases: the district
 * committee (区委) and 区直机关工委, a 党工委 per street, per community a 社区党支部 (every sixth community a
 * 社区党委 with three branches), 机关 branches of departments and an enterprise and a property branch per
 * street (paired with a community: 双报到), about 1,500 generated members (sealed, shown masked), the
 * demo accounts `party` (district-wide party worker), `party.street` (party worker of the first street)
 * and the first demo volunteer (13910000001) as secretary of the first community's branch. Skips
 * everything when the district has its root committee already.
 */
import type { Principal } from '../../engine/auth.ts';
import { hashPassword, principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { districtAccountName } from '../../engine/district-accounts.ts';
import { findUserByUsername, insertUser } from '../../engine/user.repository.ts';
import type { ParsedTable } from '../../platform/files/parse-table.ts';
import { idCheckChar, registerResident } from '../volunteers/index.ts';
import { addMember, linkMemberAccount } from './members.service.ts';
import { createOrganisation } from './organisations.service.ts';
import { importPartyTable } from './party.import.service.ts';
import { findRoot, membersByIdKeys, organisationsByCodes } from './party.repository.ts';
import { memberIdKey } from './party.service.ts';
import { mulberry32 as prng } from '../../platform/prng.ts';

const DEMO_PASSWORD = 'Jiesu@2026';

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉宇建国海波宁亮成林春梅晨飞斌雪琳欣婷浩凯';
const PIONEER = ['政策宣讲', '邻里守望', '环境整治', '助老服务', '矛盾调解', '垃圾分类'];

function table(headers: string[], rows: string[][]): ParsedTable {
  return {
    encoding: 'xlsx',
    headers,
    rows: rows.map((r, i) => ({ rowNumber: i + 2, cells: Object.fromEntries(headers.map((h, j) => [h, r[j] ?? ''])) })),
    problems: [],
  };
}

async function ensureAccount(ctx: AppContext, username: string, displayName: string, unitId: number): Promise<string> {
  const db = ctx.database.db;
  const ref = await ctx.reference.get();
  let name = username;
  const holder = await findUserByUsername(db, name);
  if (holder !== undefined && !ref.unitById.has(holder.unitId)) name = districtAccountName(username, ctx.districtCode);
  if ((await findUserByUsername(db, name)) === undefined)
    await insertUser(db, { username: name, displayName, passwordHash: await hashPassword(DEMO_PASSWORD), unitId, roles: ['party_worker'] });
  return name;
}

/**
 * Whether this is the demo district: the one holding the plain demo account names (`admin`; a second
 * district's are `admin.<district>`). A second district's first start gets its own tree and workers, not
 * the demo's history, whose seeds sign in with the plain names (`party`, `party.street`, 13910000001 …).
 */
export async function isDemoDistrict(ctx: AppContext): Promise<boolean> {
  const admin = await findUserByUsername(ctx.database.db, 'admin');
  return admin !== undefined && (await ctx.reference.get()).unitById.has(admin.unitId);
}

export async function seedDemoParty(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const db = ctx.database.db;
  if ((await findRoot(db, ctx.districtCode)) !== undefined) return;
  const ref = await ctx.reference.get();
  const district = ref.divisionByCode.get(ctx.districtCode);
  const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
  const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
  const deptUnit = ref.units.find((u) => u.code === 'DEPT-MZJ') ?? ref.units.find((u) => u.unitType === 'department');
  const streetUnit = (code: string) => ref.units.find((u) => u.unitType === 'street' && u.divisionCode === code);
  if (district === undefined || streets.length === 0 || communities.length === 0 || deptUnit === undefined) return;

  const worker = await ensureAccount(ctx, 'party', '组织部党务工作者 郑红', deptUnit.id);
  const firstStreetUnit = streetUnit(streets[0]!.code);
  const streetWorker =
    firstStreetUnit === undefined ? null : await ensureAccount(ctx, 'party.street', `${firstStreetUnit.name}党务工作者 方敏`, firstStreetUnit.id);
  const p: Principal = (await principalOfUsername(ctx, worker))!;

  // The root, the organs' working committee and the streets' 党工委 through createOrganisation (they name their units).
  const root = await createOrganisation(ctx, p, {
    parentId: null,
    level: 'committee',
    hostType: 'district',
    code: `QW-${ctx.districtCode}`,
    name: `中共${district.name}委员会`,
    unitId: ref.units.find((u) => u.unitType === 'district')?.id ?? null,
  });
  await createOrganisation(ctx, p, {
    parentId: root.id,
    level: 'committee',
    hostType: 'department',
    code: `JGGW-${ctx.districtCode}`,
    name: `中共${district.name}区直机关工作委员会`,
  });
  for (const s of streets)
    await createOrganisation(ctx, p, {
      parentId: root.id,
      level: 'committee',
      hostType: 'street',
      code: `DGW-${s.code}`,
      name: `中共${s.name}工作委员会`,
      divisionCode: s.code,
      unitId: streetUnit(s.code)?.id ?? null,
    });

  // Communities, 机关 and enterprise/property branches by the import use case (one transaction).
  const ORG_HEADERS = ['组织代码', '组织名称', '组织层级', '上级组织代码', '设立类型', '所在区划代码', '双报到社区代码'];
  const orgRows: string[][] = [];
  const branches: { code: string; community: string }[] = [];
  communities.forEach((c, i) => {
    const street = c.parentCode ?? streets[0]!.code;
    if (i % 6 === 5) {
      orgRows.push([`SQDW-${c.code}`, `中共${c.name}委员会`, '党委', `DGW-${street}`, '社区', c.code, '']);
      for (const [k, n] of ['第一', '第二', '第三'].entries()) {
        orgRows.push([`SQZB-${c.code}-${k + 1}`, `${c.name}${n}党支部`, '党支部', `SQDW-${c.code}`, '社区', c.code, '']);
        branches.push({ code: `SQZB-${c.code}-${k + 1}`, community: c.code });
      }
    } else {
      orgRows.push([`SQZB-${c.code}`, `中共${c.name}支部委员会`, '党支部', `DGW-${street}`, '社区', c.code, '']);
      branches.push({ code: `SQZB-${c.code}`, community: c.code });
    }
  });
  const departments = ref.units.filter((u) => u.unitType === 'department').slice(0, 8);
  departments.forEach((d, i) => {
    const paired = communities[(i * 7) % communities.length]!.code;
    orgRows.push([`JGZB-${d.code}`, `中共${district.name}${d.name}机关支部委员会`, '党支部', `JGGW-${ctx.districtCode}`, '机关部门', '', paired]);
    branches.push({ code: `JGZB-${d.code}`, community: paired });
  });
  streets.forEach((s, i) => {
    const inStreet = communities.filter((c) => c.parentCode === s.code);
    const paired = (inStreet[0] ?? communities[i % communities.length]!).code;
    orgRows.push([`QYZB-${s.code}`, `${s.name}非公企业联合党支部`, '党支部', `DGW-${s.code}`, '企业', s.code, paired]);
    orgRows.push([
      `WYZB-${s.code}`,
      `${s.name}物业服务企业党支部`,
      '党支部',
      `DGW-${s.code}`,
      '物业',
      s.code,
      (inStreet[1] ?? inStreet[0] ?? communities[0]!).code,
    ]);
    branches.push({ code: `QYZB-${s.code}`, community: paired }, { code: `WYZB-${s.code}`, community: paired });
  });
  const orgs = await importPartyTable(ctx, p, 'organisations', table(ORG_HEADERS, orgRows), { dryRun: false });

  // Members: generated, a secretary and a committee member per branch, some pioneer posts; the first branch's secretary comes below.
  const rand = prng(20261218);
  const pick = (s: string) => s[Math.floor(rand() * s.length)]!;
  const MEMBER_HEADERS = ['姓名', '身份证号', '手机号', '所在党组织代码', '党员类型', '入党日期', '居住社区代码', '在职党员', '工作单位', '职务'];
  const memberRows: string[][] = [];
  const target = Math.min(1500, branches.length * 8);
  let serial = 0;
  const firstBranch = branches[0]!.code;
  for (let i = 0; serial < target; i++) {
    const b = branches[i % branches.length]!;
    const nth = Math.floor(i / branches.length);
    serial++;
    // A birth date of its own for every member (13 and 20,000 are coprime): ID numbers never repeat.
    const birth = new Date(Date.UTC(1945, 0, 1) + ((serial * 13) % 20_000) * 86_400_000);
    const birthText = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${ctx.districtCode}${birthText}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
    const joined = new Date(Date.UTC(birth.getUTCFullYear() + 19 + Math.floor(rand() * 20), Math.floor(rand() * 12), 1)).toISOString().slice(0, 10);
    const isOrgan = b.code.startsWith('JGZB') || b.code.startsWith('QYZB') || b.code.startsWith('WYZB');
    const posts =
      nth === 0 && b.code !== firstBranch ? '书记' : nth === 1 ? '委员' : rand() < 0.08 ? `先锋岗:${PIONEER[Math.floor(rand() * PIONEER.length)]}` : '';
    memberRows.push([
      pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : ''),
      `${first17}${idCheckChar(first17)}`,
      `137${String(10_000_000 + serial).slice(-8)}`,
      b.code,
      rand() < 0.05 ? '预备党员' : '正式党员',
      joined < '2026-01-01' ? joined : '2020-07-01',
      isOrgan ? communities[Math.floor(rand() * communities.length)]!.code : b.community,
      isOrgan ? '是' : '否',
      isOrgan ? `${district.name}机关` : '',
      posts,
    ]);
  }
  const members = await importPartyTable(ctx, p, 'members', table(MEMBER_HEADERS, memberRows), { dryRun: false });

  // The first community's branch: its secretary is the first demo volunteer (a resident's account), linked by the mobile number.
  const secretaryBirth = '19620315';
  const first17 = `${ctx.districtCode}${secretaryBirth}100`;
  const [firstBranchRow] = await organisationsByCodes(db, ctx.districtCode, [firstBranch]);
  let secretary = '';
  if (firstBranchRow !== undefined && (await findUserByUsername(db, '13910000001')) !== undefined) {
    try {
      const m = await addMember(ctx, p, {
        organisationId: firstBranchRow.id,
        realName: '李红梅',
        idNumber: `${first17}${idCheckChar(first17)}`,
        phone: '13910000001',
        memberType: 'full',
        joinedOn: '1988-07-01',
        homeCommunityCode: branches[0]!.community,
        posts: ['secretary', 'pioneer:助老服务'],
      });
      await linkMemberAccount(ctx, p, m.id, '13910000001');
      secretary = `, secretary of ${firstBranchRow.name}: 13910000001`;
    } catch (e) {
      // Another district's demo holds that account (its ID number is of that district): no secretary demo here.
      ctx.log.warn({ err: e }, 'party demo: the first volunteer could not be linked as a branch secretary');
    }
  }
  // Secretaries with their own accounts (resident accounts, demo password): the secretaries of the first
  // eight community branches after the first, so that branches self-rate, appeal and apply for brands in
  // the demo. Their mobile numbers are the members' own (137…); registered and linked through the use cases.
  let linked = 0;
  const secretaryRows = memberRows.filter((r) => r[9] === '书记' && !/^(JGZB|QYZB|WYZB)/.test(r[3]!)).slice(0, 8);
  const rows = await membersByIdKeys(
    db,
    ctx.districtCode,
    secretaryRows.map((r) => memberIdKey(ctx.personalData, ctx.districtCode, r[1]!)),
  );
  const byKey = new Map(rows.map((m) => [m.idNumberKey, m]));
  for (const r of secretaryRows) {
    const m = byKey.get(memberIdKey(ctx.personalData, ctx.districtCode, r[1]!));
    if (m === undefined || m.userId !== null || (await findUserByUsername(db, r[2]!)) !== undefined) continue;
    try {
      await registerResident(ctx, { phone: r[2]!, password: DEMO_PASSWORD, realName: r[0]!, idNumber: r[1]!, communityCode: r[6]! });
      await linkMemberAccount(ctx, p, m.id, r[2]!);
      linked++;
    } catch (e) {
      ctx.log.warn({ err: e }, 'party demo: a branch secretary could not get an account');
    }
  }
  say(
    `Demo Party organisations: ${streets.length + 2 + orgs.created} and ${members.created + (secretary === '' ? 0 : 1)} members in ${((Date.now() - started) / 1000).toFixed(1)} s; sign in as ${worker}${streetWorker === null ? '' : ` or ${streetWorker}`}${secretary}; ${linked} more secretaries hold accounts (137…).`,
  );
}
