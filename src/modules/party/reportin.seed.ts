/**
 * The demo's 双报到, through the use cases, after part 1's demo: a party worker for every community's
 * station that has someone to register (`party.community` for the first community, `party.<code>` for the
 * others, one password hash for all); the in-service members registered by their home communities (from
 * March of last year, so last year can be evaluated) and the paired organisations reported in by the
 * district's worker; in the first two streets four months of needs, claims by reported members and
 * organisations, service records and confirmations (a few sent back, some left waiting), attendance on the
 * past three report-in days and last year's evaluations; the first community also gets open needs ahead
 * for its members to claim on the phone. The first demo volunteer (13910000001) is left to report in
 * herself on /m/party. Skipped when any report-in exists.
 */
import type { Principal } from '../../engine/auth.ts';
import { hashPassword, principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { findUserByUsername, insertUser } from '../../engine/user.repository.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, GRADES, type NEED_CATEGORIES, pastReportInDays, reportInDay, type Grade } from './reportin.domain.ts';
import { anyReportIn, communitiesWithCandidates } from './reportin.repository.ts';
import {
  claimNeed,
  communityReportIns,
  confirmClaim,
  evaluate,
  publishNeed,
  publishResource,
  recordAttendance,
  recordService,
  registerMember,
  reportInOrganisation,
  sendBackClaim,
} from './reportin.service.ts';
import { mulberry32 as prng } from '../../platform/prng.ts';

const DEMO_PASSWORD = 'Jiesu@2026';

const NEEDS: [string, (typeof NEED_CATEGORIES)[number], string][] = [
  ['独居老人上门探访', 'elderly', '为辖区独居老人送餐、测血压、聊天谈心'],
  ['楼道堆物清理', 'environment', '清理楼道杂物，消除消防隐患'],
  ['垃圾分类桶前值守', 'environment', '早晚高峰在分类驿站指导居民投放'],
  ['四点半课堂辅导', 'children', '为双职工家庭孩子辅导作业'],
  ['防诈骗宣传', 'safety', '在社区广场发放防诈骗宣传材料'],
  ['邻里纠纷调解', 'mediation', '协助居委会调解停车、噪音纠纷'],
  ['义诊咨询', 'health', '为居民提供健康咨询、慢病指导'],
  ['主题党日共建', 'culture', '与社区党支部共同开展主题党日活动'],
];
const RESOURCES: [string, (typeof NEED_CATEGORIES)[number], string][] = [
  ['党员活动室开放', 'culture', '每周六上午开放活动室，可容纳40人'],
  ['法律咨询', 'mediation', '每月一次律师志愿咨询'],
  ['健康讲座', 'health', '单位医务室每季度一次健康讲座'],
];

export async function seedDemoReportIn(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const db = ctx.database.db;
  if (await anyReportIn(db, ctx.districtCode)) return;
  const district = await principalOfUsername(ctx, 'party');
  if (district === undefined) return;
  const ref = await ctx.reference.get();
  const streets = [...ref.divisionByCode.values()].filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
  const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
  const station = (code: string) => ref.units.find((u) => u.unitType === 'station' && u.divisionCode === code);
  const today = localDate(ctx.clock());
  const rand = prng(20260318);

  // A party worker per community station (one hash for all).
  const hash = await hashPassword(DEMO_PASSWORD);
  const workers = new Map<string, Principal>();
  const workerOf = async (code: string): Promise<Principal | undefined> => {
    if (workers.has(code)) return workers.get(code);
    const unit = station(code);
    if (unit === undefined) return undefined;
    const username = code === communities[0]?.code ? 'party.community' : `party.${code}`;
    if ((await findUserByUsername(db, username)) === undefined)
      await insertUser(db, {
        username,
        displayName: `${ref.divisionByCode.get(code)?.name ?? code}党务工作者`,
        passwordHash: hash,
        unitId: unit.id,
        roles: ['party_worker'],
      });
    const p = await principalOfUsername(ctx, username);
    if (p !== undefined) workers.set(code, p);
    return p;
  };

  // Report-ins: in-service members by their home community, paired organisations by the district's worker, from March of last year.
  const since = reportInDay(Number(today.slice(0, 4)) - 1, 3);
  let members = 0;
  let organisations = 0;
  const reported = new Map<string, { members: number[]; organisations: number[] }>();
  const withCandidates = await communitiesWithCandidates(db, ctx.districtCode);
  for (const c of communities.filter((x) => withCandidates.has(x.code) || x.code === communities[0]!.code)) {
    const list = await communityReportIns(ctx, district, c.code, false);
    const inService = list.candidates.members.filter((x) => x.inService);
    const w = inService.length > 0 || c.code === communities[0]!.code ? await workerOf(c.code) : undefined;
    const here = { members: [] as number[], organisations: [] as number[] };
    for (const m of w === undefined ? [] : inService) {
      await registerMember(ctx, w!, m.memberId, since);
      here.members.push(m.memberId);
      members++;
    }
    for (const o of list.candidates.organisations) {
      await reportInOrganisation(ctx, district, o.organisationId, since);
      here.organisations.push(o.organisationId);
      organisations++;
    }
    if (here.members.length + here.organisations.length > 0) reported.set(c.code, here);
  }

  // The first two streets: needs, claims, records, confirmations, resources, attendance, evaluations.
  const busy = communities.filter((c) => streets.slice(0, 2).some((s) => c.parentCode === s.code) && reported.has(c.code) && workers.has(c.code));
  const firstCommunity = communities[0]!.code;
  let needs = 0;
  let claims = 0;
  const lastYear = Number(today.slice(0, 4)) - 1;
  for (const c of busy) {
    const w = workers.get(c.code)!;
    const here = reported.get(c.code)!;
    for (let back = 3; back >= 0; back--) {
      const k = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - back;
      const month = `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
      for (let i = 0; i < 2; i++) {
        const [title, category, description] = NEEDS[Math.floor(rand() * NEEDS.length)]!;
        const day = `${month}-${String(5 + Math.floor(rand() * 20)).padStart(2, '0')}`;
        const need = await publishNeed(ctx, w, {
          title,
          description,
          category,
          peopleWanted: 1 + Math.floor(rand() * 3),
          neededOn: day,
          timeText: rand() < 0.5 ? '上午9:00-11:00' : '下午2:30-4:30',
          place: `${c.name.replace(/居委会$/, '')}党群服务站`,
        });
        needs++;
        const claimants = [...here.members.map((id) => ({ memberId: id })), ...here.organisations.map((id) => ({ organisationId: id }))].sort(
          () => rand() - 0.5,
        );
        const take = Math.min(need.peopleWanted, claimants.length, rand() < 0.2 ? 0 : need.peopleWanted);
        for (const who of claimants.slice(0, take)) {
          // Members without a phone are claimed for and recorded by the community (代认领); organisations by the district's worker.
          const claim = 'memberId' in who ? await claimNeed(ctx, w, need.id, who) : await claimNeed(ctx, district, need.id, who);
          claims++;
          if (day <= today) {
            await recordService(ctx, 'memberId' in who ? w : district, claim.id, {
              summary: `${title}：已完成`,
              servedOn: day,
              minutes: 60 + Math.floor(rand() * 4) * 30,
            });
            const r = rand();
            if (r < 0.1) await sendBackClaim(ctx, w, claim.id, '请补充服务时长的说明');
            else if (r < 0.85 && day < addDays(today, -3)) await confirmClaim(ctx, w, claim.id);
          }
        }
      }
    }
    for (const o of here.organisations.slice(0, 2)) {
      const [title, category, description] = RESOURCES[Math.floor(rand() * RESOURCES.length)]!;
      await publishResource(ctx, w, { organisationId: o, title, description, category });
    }
    for (const day of pastReportInDays(today, 4).slice(0, 3))
      await recordAttendance(
        ctx,
        w,
        day,
        here.members.filter(() => rand() < 0.75),
      );
    for (const s of [...here.members.map((id) => ({ memberId: id })), ...here.organisations.map((id) => ({ organisationId: id }))]) {
      const grade: Grade = rand() < 0.3 ? 'excellent' : rand() < 0.9 ? 'qualified' : GRADES[2 + Math.floor(rand() * 2)]!;
      await evaluate(ctx, w, { year: lastYear, ...s, grade, comment: grade === 'excellent' ? '积极认领社区需求，服务居民热情' : '按要求参加报到日活动' });
    }
  }

  // Open needs ahead in the first community, for its members to claim on the phone.
  const first = workers.get(firstCommunity);
  if (first !== undefined) {
    const next = reportInDay(Number(today.slice(0, 4)), Number(today.slice(5, 7)));
    const ahead = next > today ? next : addDays(today, 7);
    for (const [title, category, description] of NEEDS.slice(0, 3)) {
      await publishNeed(ctx, first, { title, description, category, peopleWanted: 3, neededOn: ahead, timeText: '上午9:00-11:00', place: '社区党群服务站' });
      needs++;
    }
  }
  if (members + organisations === 0) throw new AppError('VALIDATION.INVALID_INPUT', 'party demo: nobody to report in');
  say(
    `Demo 双报到: ${members} members and ${organisations} organisations reported in to ${reported.size} communities, ${needs} needs, ${claims} claims in ${((Date.now() - started) / 1000).toFixed(1)} s; the first community's worker signs in as party.community.`,
  );
}
