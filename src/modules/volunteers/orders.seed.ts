/**
 * Demo service orders: the demo stations' menus and a year of orders driven through the use cases, each
 * step at its own simulated time (like the hotline's demo history): residents of the first community
 * order, the station's staff dispatch (now and then a team declines and the order goes to another), the
 * team's leader accepts and records the service, the resident rates it. The last few orders stay open
 * at every step. Deterministic for a seed; skipped when the demo volunteers are missing or it ran before.
 */
import { principalOfUsername, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { HOUR_MS } from '../../engine/domain/calendar/local-time.ts';
import { getMeta, setMeta } from '../../engine/reference/reference.repository.ts';
import { findUserByUsername } from '../../engine/user.repository.ts';
import type { Db } from '../../platform/db/client.ts';
import { createMenuItem, answerOrder, dispatchOrder, placeOrder, rateOrder, recordService, stationMenu } from './orders.service.ts';
import { registerResident } from './residents.service.ts';
import { idCheckChar, type Skill } from './volunteers.domain.ts';
import { createTeam, myVolunteerProfile } from './volunteers.service.ts';
import { teamMemberIds, teamsOfUser } from './volunteers.repository.ts';

const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;
const DEMO_PASSWORD = 'Jiesu@2026';

/** A small deterministic generator (xorshift32), enough to vary demo data. */
function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}
const choose = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const COMMUNITY_MENU: { name: string; description: string; skills: Skill[]; timeLimitClass: string; asks: string[] }[] = [
  {
    name: '上门理发',
    description: '为行动不便的老人、残疾人上门理发',
    skills: ['haircut', 'elderly_care'],
    timeLimitClass: 'general',
    asks: ['老人卧床，希望上门理发', '父亲腿脚不便，想请志愿者上门剪发', '独居老人需要理发，周末上午方便'],
  },
  {
    name: '家电维修',
    description: '小家电、灯具、水龙头等简单维修',
    skills: ['appliance_repair'],
    timeLimitClass: 'general',
    asks: ['电饭煲不加热了', '台灯不亮，开关可能坏了', '厨房水龙头漏水', '电风扇不转'],
  },
  {
    name: '陪同就医',
    description: '陪同老人到社区卫生服务中心或医院就诊',
    skills: ['elderly_care'],
    timeLimitClass: 'complex',
    asks: ['下周二要去区医院复查，需要有人陪同', '母亲需要去社区卫生服务站取药，想请人陪同'],
  },
  {
    name: '课业辅导',
    description: '为双职工家庭、困难家庭的孩子辅导功课',
    skills: ['tutoring'],
    timeLimitClass: 'complex',
    asks: ['孩子三年级数学需要辅导', '初一英语跟不上，希望有人辅导', '周末希望有人陪孩子读书'],
  },
];
const DECLINE_REASONS = ['本周队员都有安排，人手不足', '该时段无队员可以上门', '所需技能本队暂无人具备'];
const COMMENTS = ['志愿者很耐心，谢谢', '服务及时，很满意', '态度很好', '', ''];
const RESIDENT_NAMES = ['孙秀兰', '周德明', '吴桂芝', '郑国强', '冯玉珍', '陈建华', '褚淑英', '卫志刚'];

export interface DemoOrdersResult {
  orders: number;
  closed: number;
  declined: number;
}

/**
 * `orders` orders over the last `months` months up to `ctx.clock()`, at the first community's station
 * (the demo `station` account dispatches; the demo team 夕阳红助老服务队 and a second team serve).
 */
export async function seedDemoOrders(ctx: AppContext, opts: { orders: number; months: number; seed: number }): Promise<DemoOrdersResult | null> {
  const db = ctx.database.db;
  const metaKey = `demoOrders:${ctx.districtCode}`;
  if ((await getMeta(db, metaKey)) !== undefined) return null;
  const staff = await principalOfUsername(ctx, 'station');
  const leaderA = await principalOfUsername(ctx, '13910000001');
  const leaderB = await principalOfUsername(ctx, '13910000003');
  if (staff === undefined || leaderA === undefined || leaderB === undefined) return null;
  const end = ctx.clock().getTime();
  const start = end - opts.months * 30 * DAY_MS;
  const at = (ms: number): AppContext => ({ ...ctx, clock: () => new Date(ms) });
  const rnd = generator(opts.seed);

  // The menu of the station (the first community's), added a day before the first order.
  const menuAt = at(start - DAY_MS);
  const existing = new Set((await stationMenu(menuAt, staff)).map((m) => m.name));
  const menu: { id: number; asks: string[] }[] = [];
  for (const m of COMMUNITY_MENU) {
    if (existing.has(m.name)) continue;
    const item = await createMenuItem(menuAt, staff, { name: m.name, description: m.description, skills: m.skills, timeLimitClass: m.timeLimitClass });
    menu.push({ id: item.id, asks: m.asks });
  }
  if (menu.length === 0) return null;

  // A second team (赵雪's, tutoring and repairs), so that a declined order goes to another team.
  const teamA = (await teamsOfUser(db, ctx.districtCode, leaderA.userId)).find((t) => t.leaderUserId === leaderA.userId);
  if (teamA === undefined) return null;
  const profileB = await myVolunteerProfile(menuAt, leaderB);
  const teamB =
    (await teamsOfUser(db, ctx.districtCode, leaderB.userId)).find((t) => t.leaderUserId === leaderB.userId) ??
    (await createTeam(menuAt, staff, {
      name: '青春助学服务队',
      stationId: staff.unitId,
      skills: ['tutoring', 'appliance_repair', 'arts'],
      areas: profileB.areas,
      leaderUserId: leaderB.userId,
      memberUserIds: [leaderB.userId],
    }));
  const leaders = new Map<number, Principal>([
    [teamA.id, leaderA],
    [teamB.id, leaderB],
  ]);
  const members = new Map([
    [teamA.id, await teamMemberIds(db, teamA.id)],
    [teamB.id, await teamMemberIds(db, teamB.id)],
  ]);

  // Residents of the station's community who order.
  const community = profileB.areas.find((a) => a.length === 12);
  if (community === undefined) return null;
  const residents: Principal[] = [];
  for (const [i, name] of RESIDENT_NAMES.entries()) {
    const phone = `139200000${String(i + 1).padStart(2, '0')}`;
    if ((await findUserByUsername(db, phone)) === undefined) {
      const first17 = `${ctx.districtCode}1948${String((i % 12) + 1).padStart(2, '0')}1${i}2${String(i).padStart(2, '0')}`.slice(0, 17);
      await registerResident(menuAt, {
        phone,
        password: DEMO_PASSWORD,
        realName: name,
        idNumber: `${first17}${idCheckChar(first17)}`,
        communityCode: community,
      });
    }
    const p = await principalOfUsername(ctx, phone);
    if (p !== undefined) residents.push(p);
  }
  if (residents.length === 0) return null;

  // Working-hour moments of the period, in order (08:30–17:00 Beijing time); the last days stay open.
  const moments = Array.from({ length: opts.orders }, () => {
    const day = Math.floor((start + rnd() * (end - start - DAY_MS)) / DAY_MS) * DAY_MS;
    return day + 30 * MINUTE_MS + Math.floor(rnd() * 8.5 * 60) * MINUTE_MS;
  }).sort((a, b) => a - b);

  let closed = 0;
  let declined = 0;
  // One transaction for the whole year (each use case's own transaction becomes a savepoint in it): a
  // commit per step would cost the first start more than the steps themselves.
  await db.transaction(async (tx) => {
    const inTx: AppContext = { ...ctx, database: { ...ctx.database, db: tx as unknown as Db } };
    const at = (ms: number): AppContext => ({ ...inTx, clock: () => new Date(ms) });
    for (const t0 of moments) {
      const item = choose(rnd, menu);
      const resident = choose(rnd, residents);
      const { ticketId } = await placeOrder(at(t0), resident, { menuItemId: item.id, content: choose(rnd, item.asks) });
      // Each later step happens only if its moment has come.
      let t = t0 + (30 + Math.floor(rnd() * 150)) * MINUTE_MS;
      if (t > end) continue;
      const first = rnd() < 0.5 ? teamA.id : teamB.id;
      await dispatchOrder(at(t), staff, ticketId, first);
      let team = first;
      if (rnd() < 0.12) {
        t += (20 + Math.floor(rnd() * 100)) * MINUTE_MS;
        if (t > end) continue;
        await answerOrder(at(t), leaders.get(team)!, ticketId, { accept: false, reason: choose(rnd, DECLINE_REASONS) });
        declined++;
        team = team === teamA.id ? teamB.id : teamA.id;
        t += (10 + Math.floor(rnd() * 60)) * MINUTE_MS;
        if (t > end) continue;
        await dispatchOrder(at(t), staff, ticketId, team);
      }
      t += (10 + Math.floor(rnd() * 120)) * MINUTE_MS;
      if (t > end) continue;
      await answerOrder(at(t), leaders.get(team)!, ticketId, { accept: true });
      // Served within one to four days, now and then much later (past the deadline).
      t += (rnd() < 0.08 ? 10 + rnd() * 6 : 1 + rnd() * 3) * DAY_MS;
      if (t > end) continue;
      const crew = members.get(team)!.slice(0, 1 + Math.floor(rnd() * 2));
      await recordService(at(t), leaders.get(team)!, ticketId, { servedBy: crew, minutes: 30 + 15 * Math.floor(rnd() * 8), note: '已完成服务' });
      t += (2 + rnd() * 30) * HOUR_MS;
      if (t > end) continue;
      const r = rnd();
      const satisfaction = r < 0.8 ? 'satisfied' : r < 0.95 ? 'basically_satisfied' : 'unsatisfied';
      const rated = await rateOrder(at(t), resident, ticketId, { satisfaction, comment: choose(rnd, COMMENTS) });
      if (rated.closed) closed++;
    }
  });
  const result = { orders: moments.length, closed, declined };
  await setMeta(db, metaKey, { ...result, at: new Date(end).toISOString() });
  return result;
}
