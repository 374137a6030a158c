/**
 * The demo's 承诺践诺 and 先锋岗, through the use cases, after 双报到's demo: last year's pledges of the
 * first street's members (written for them by the district's worker `party`, 代录), approved by the
 * organisation department's worker `party.zzb`, fulfilled, reviewed and assessed at the year's end (the
 * use cases run on a clock set to last year's days); this year's pledges of a few hundred members of the
 * first streets and of some branches, most approved with fulfilment entries, some waiting, some returned;
 * pioneer posts for a few dozen members. The first demo volunteer (13910000001, a secretary) is left to
 * write her own on /m/party. Skipped when any pledge exists.
 */
import { principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { type PledgeCategory, type PostKind } from './pledges.domain.ts';
import { anyPledge, demoPledgeBranches, demoPledgeMembers } from './pledges.repository.ts';
import {
  acceptFulfilmentsRow,
  approvePledgesRow,
  assessPledgeRow,
  grantPost,
  recordFulfilmentRow,
  returnPledgeRow,
  reviewFulfilmentRow,
  writePledgeRow,
} from './pledges.service.ts';
import { mulberry32 as prng } from '../../platform/prng.ts';

const MEMBER_PLEDGES: [PledgeCategory, string][] = [
  ['serve_public', '每月至少走访2户独居老人，帮助解决生活中的实际困难'],
  ['waste_sorting', '带头做好垃圾分类，每周一次在分类驿站桶前值守'],
  ['volunteer', '全年参加社区志愿服务不少于40小时'],
  ['post_merit', '立足岗位，全年办结群众诉求零超期、零投诉'],
  ['serve_public', '为楼门邻里代办代缴，做好楼门党员联系户'],
  ['study', '每月参加一次支部学习，撰写学习体会'],
  ['volunteer', '参加“四点半课堂”，每周为双职工家庭孩子辅导作业'],
  ['other', '带头文明养犬，劝导邻里不乱停车'],
];
const BRANCH_PLEDGES: [PledgeCategory, string][] = [
  ['serve_public', '支部党员每月开展一次“接诉即办”入户走访，回应群众急难愁盼'],
  ['waste_sorting', '组织党员桶前值守，社区垃圾分类准确率提升到90%以上'],
  ['volunteer', '建立党员志愿服务队，全年开展志愿服务不少于24次'],
];
const DEEDS = ['走访独居老人，帮助更换灯泡', '分类驿站桶前值守，指导居民投放', '参加社区环境整治', '为邻居代缴水电费', '参加支部主题党日', '辅导小学生作业'];
const POSTS: [PostKind, string, string][] = [
  ['pioneer', '社区服务站窗口', '社区党群服务中心'],
  ['model', '垃圾分类驿站', '社区垃圾分类驿站'],
  ['responsibility', '楼门责任区', '本人居住楼门'],
  ['pioneer', '接诉即办岗', '街道接诉即办中心'],
];

/** `ctx` with its clock at the local date `day` (noon, Asia/Shanghai): the use cases check dates against it. */
const on = (ctx: AppContext, day: string): AppContext => ({ ...ctx, clock: () => new Date(`${day}T12:00:00+08:00`) });

const pad = (n: number) => String(n).padStart(2, '0');
/** A local date of `year` on or before `latest`, spread by `r` in [0,1). */
function dayOf(year: number, latest: string, r: number): string {
  const start = Date.UTC(year, 0, 1);
  const end = Math.min(Date.UTC(year, 11, 31), Date.UTC(Number(latest.slice(0, 4)), Number(latest.slice(5, 7)) - 1, Number(latest.slice(8, 10))));
  const d = new Date(start + Math.floor(r * ((end - start) / 86_400_000 + 1)) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export async function seedDemoPledges(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const db = ctx.database.db;
  if (await anyPledge(db, ctx.districtCode)) return;
  const writer = await principalOfUsername(ctx, 'party');
  const reviewer = (await principalOfUsername(ctx, 'party.zzb')) ?? (await principalOfUsername(ctx, 'party.street'));
  if (writer === undefined || reviewer === undefined) return;
  const today = localDate(ctx.clock());
  const year = Number(today.slice(0, 4));
  const rand = prng(20260418);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // Members of community branches (not the secretaries with accounts: they write their own), in id order.
  const members = await demoPledgeMembers(db, ctx.districtCode, 220);
  const branches = await demoPledgeBranches(db, ctx.districtCode, 12);

  let pledges = 0;
  let entries = 0;
  /**
   * One year's pledges of `owners` on the clocks `c` (writing and review) and `late` (fulfilment and
   * assessment): written (most submitted at once), some returned, the rest approved in one batch (全部通过);
   * up to `maxEntries` fulfilment entries each, most accepted in one batch, a few returned; assessed when
   * `assess`.
   */
  const year_ = async (
    c: AppContext,
    late: AppContext,
    owners: ({ memberId: number } | { organisationId: number })[],
    y: number,
    latest: string,
    opts: { drafts: boolean; maxEntries: number; assess: boolean },
  ) => {
    const approve: number[] = [];
    for (const owner of owners) {
      const [category, text] = 'memberId' in owner ? pick(MEMBER_PLEDGES) : pick(BRANCH_PLEDGES);
      const r = opts.drafts ? rand() : 1;
      const pl = (await writePledgeRow(c, writer, { ...owner, year: y, category, text, submit: r >= 0.06 })).row;
      pledges++;
      if (r < 0.14) continue; // a draft (6 %) or waiting for review (8 %)
      if (r < 0.18) await returnPledgeRow(c, reviewer, pl.id, '承诺内容请写得更具体、可衡量');
      else approve.push(pl.id);
    }
    await approvePledgesRow(c, reviewer, approve);
    const accept: number[] = [];
    const counts = new Map<number, number>();
    for (const id of approve) {
      const n = Math.floor(rand() * (opts.maxEntries + 1));
      counts.set(id, n);
      for (let i = 0; i < n; i++) {
        const f = await recordFulfilmentRow(late, writer, id, { doneOn: dayOf(y, latest, rand()), text: pick(DEEDS), hours: 1 + Math.floor(rand() * 6) / 2 });
        entries++;
        const r = opts.assess ? 0 : rand();
        if (r < 0.8) accept.push(f.fulfilmentId!);
        else if (r < 0.86) await reviewFulfilmentRow(late, reviewer, f.fulfilmentId!, 'returned', '请补充佐证');
      }
    }
    await acceptFulfilmentsRow(late, reviewer, accept);
    if (opts.assess)
      for (const [id, n] of counts)
        await assessPledgeRow(late, reviewer, id, n >= 2 ? 'fulfilled' : n === 1 ? 'partly' : 'not', n >= 2 ? '全年践诺情况良好' : '');
  };

  // Last year: written in January, fulfilled, reviewed and assessed on 20 December (a clock set to those days).
  const lastYear = year - 1;
  await year_(
    on(ctx, `${lastYear}-01-15`),
    on(ctx, `${lastYear}-12-20`),
    members.slice(0, 20).map((m) => ({ memberId: m.id })),
    lastYear,
    `${lastYear}-12-19`,
    { drafts: false, maxEntries: 3, assess: true },
  );
  // This year: a few hundred members and some branches.
  await year_(ctx, ctx, [...members.map((m) => ({ memberId: m.id })), ...branches.map((b) => ({ organisationId: b.id }))], year, today, {
    drafts: true,
    maxEntries: 2,
    assess: false,
  });

  // 先锋岗 for every tenth member, from the start of the year.
  let posts = 0;
  for (const m of members.filter((_, i) => i % 10 === 0)) {
    const [kind, title, place] = pick(POSTS);
    await grantPost(ctx, writer, { memberId: m.id, kind, title, place, from: `${year}-01-01`, until: `${year}-12-31` });
    posts++;
  }
  say(
    `Demo 承诺践诺: ${pledges} pledges with ${entries} fulfilment entries and ${posts} pioneer posts in ${((Date.now() - started) / 1000).toFixed(1)} s; the public board at /m/party-board/<community code>.`,
  );
}
