/**
 * Demo data of the star rating and the brand programme, made through the use cases on a first start:
 * last year's closed rating cycle (with one appeal), this year's open one (some self-ratings and
 * reviews, a few branches falling a star) and a brand programme in its second round.
 * It runs after the organisation tree's demo (the manifest's seed), on its branches and secretaries;
 * without branches it makes nothing.
 */
import type { AppContext } from '../../engine/context.ts';
import { hashPassword, principalOfUsername, type Principal } from '../../engine/auth.ts';
import { findUserByUsername, insertUser } from '../../engine/user.repository.ts';
import type { Role } from '../../engine/domain/workflow/ticket.ts';
import { DEFAULT_CRITERIA } from './brands.domain.ts';
import { advanceRound, applyForBrand, closeRound, createProgramme, openFirstRound, preliminaryReview, scoreApplication } from './brands.service.ts';
import { DEFAULT_RULE_SET, PLATFORM_RULE_SET, shanghaiDay, type IndicatorEntry } from './rating.domain.ts';
import { findRatingOf, listBranches, listCycles, listProgrammes, secretaryAccounts, type OrganisationRef } from './rating.repository.ts';
import { workerScope } from './party.service.ts';
import { inScope } from './rating.scope.ts';
import { addRatingRuleSet, appealRating, decideAppeal, finaliseCycle, openCycle, postCycle, reviewRating, submitSelfRating } from './rating.service.ts';

const DEMO_PASSWORD = 'Jiesu@2026';
const DAY = 86_400_000;

async function ensureAccount(
  ctx: AppContext,
  a: { username: string; displayName: string; unitId: number; roles: Role[] },
  hash: string,
): Promise<Principal | undefined> {
  const db = ctx.database.db;
  if ((await findUserByUsername(db, a.username)) === undefined) await insertUser(db, { ...a, passwordHash: hash });
  return principalOfUsername(ctx, a.username);
}

/** Deterministic demo entries for a branch: `level` 0..1 sets how well it does. */
function entriesFor(level: number, kind: 'evidence' | 'comment', k: number): (IndicatorEntry & { evidence: string; comment: string })[] {
  return DEFAULT_RULE_SET.indicators.map((ind, i) => ({
    code: ind.code,
    score: Math.round(ind.basePoints * Math.min(1, level + ((k + i) % 3) * 0.02) * 10) / 10,
    adjustments:
      ind.code === 'meetings' && level < 0.8
        ? [{ rule: 'missed_meeting', count: 1 }]
        : ind.code === 'service' && level > 0.9
          ? [{ rule: 'hotline_praise', count: 2 }]
          : [],
    evidence: kind === 'evidence' ? `${ind.name}：会议记录、活动照片及台账已上传支部档案。` : '',
    comment: kind === 'comment' ? (level > 0.85 ? '材料齐全，成效明显' : '部分材料不完整') : '',
  }));
}

const self = (e: ReturnType<typeof entriesFor>) => e.map(({ comment: _c, ...x }) => x);
const review = (e: ReturnType<typeof entriesFor>) => e.map(({ evidence: _e, ...x }) => x);

export async function seedPartyRatingDemo(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const db = ctx.database.db;
  const d = ctx.districtCode;
  if ((await listCycles(db, d)).length > 0 || (await listProgrammes(db, d)).length > 0) return;
  const hash = await hashPassword(DEMO_PASSWORD);
  const branches = await listBranches(db, d);
  if (branches.length === 0) return;
  const ref = await ctx.reference.get();
  const gov = ref.units.find((u) => u.unitType === 'district');
  const depts = ref.units.filter((u) => u.unitType === 'department');
  const streets = ref.units.filter((u) => u.unitType === 'street' && u.divisionCode).sort((a, b) => a.divisionCode!.localeCompare(b.divisionCode!));
  if (gov === undefined || depts.length < 2) return;
  const organiser = (await ensureAccount(ctx, { username: 'party', displayName: '区委组织部 王丽', unitId: gov.id, roles: ['party_worker'] }, hash))!;
  const rater = (await ensureAccount(ctx, { username: 'party.zzb', displayName: '组织部党务 陈明', unitId: depts[0]!.id, roles: ['party_worker'] }, hash))!;
  const streetWorkers: Principal[] = [];
  for (const [i, s] of streets.slice(0, 2).entries())
    streetWorkers.push(
      (await ensureAccount(
        ctx,
        {
          username: i === 0 ? 'party.street' : `party.street${i + 1}`,
          displayName: `${s.name}党务 刘${i === 0 ? '芳' : '强'}`,
          unitId: s.id,
          roles: ['party_worker'],
        },
        hash,
      ))!,
    );
  const experts: Principal[] = [];
  for (let i = 1; i <= 5; i++)
    experts.push(
      (await ensureAccount(
        ctx,
        { username: `expert.${i}`, displayName: `评审专家 ${'甲乙丙丁戊'[i - 1]}`, unitId: depts[i % depts.length]!.id, roles: ['unit_handler'] },
        hash,
      ))!,
    );

  // Who self-rates a branch (its secretary, else the department's party worker) and who reviews it.
  const secretaryOf = new Map<number, Principal>();
  const accounts = await secretaryAccounts(db, d);
  for (const b of branches.slice(0, 40)) {
    const username = accounts.get(b.id);
    const p = username === undefined ? undefined : await principalOfUsername(ctx, username);
    if (p !== undefined) secretaryOf.set(b.id, p);
  }
  const raterOf = (b: OrganisationRef) => secretaryOf.get(b.id) ?? rater;
  const reviewerOf = async (b: OrganisationRef) => {
    for (const w of streetWorkers) if (inScope(await workerScope(ctx, w), b)) return w;
    return organiser;
  };

  const now = ctx.clock().getTime();
  const at = (days: number): AppContext => ({ ...ctx, clock: () => new Date(now + days * DAY) });
  const thisYear = Number(shanghaiDay(ctx.clock()).slice(0, 4));
  const lastYear = thisYear - 1;
  const rules = await addRatingRuleSet(at(-400), organiser, { version: `${lastYear}版`, effectiveFrom: `${lastYear}-01-01`, content: DEFAULT_RULE_SET });

  // Last year's cycle: everything rated and reviewed, posted, one appeal changed, finalised.
  const last = await openCycle(at(-70), organiser, { year: lastYear, ruleSetId: rules.id });
  // Every branch: a cycle is posted and finalised only when every branch of the district is reviewed.
  const rated = branches;
  const level = (k: number) => [0.95, 0.9, 0.88, 0.82, 0.97, 0.75, 0.92, 0.86][k % 8]!;
  for (const [k, b] of rated.entries()) {
    const r = (await findRatingOf(db, d, last.id, b.id))!;
    await submitSelfRating(at(-60), raterOf(b), r.id, self(entriesFor(level(k) + 0.03, 'evidence', k)));
    await reviewRating(at(-50), await reviewerOf(b), r.id, { entries: review(entriesFor(level(k), 'comment', k)), comment: '经审核，同意评定结果' });
  }
  if (rated.length === branches.length) {
    const window = { from: shanghaiDay(new Date(now - 40 * DAY)), to: shanghaiDay(new Date(now - 34 * DAY)) };
    await postCycle(at(-41), organiser, last.id, window);
    const appealing = rated[5 % rated.length]!;
    const r = (await findRatingOf(db, d, last.id, appealing.id))!;
    await appealRating(at(-38), raterOf(appealing), r.id, '我支部全年按期召开支委会，会议记录已补充上传，请求复核“组织生活”指标。');
    await decideAppeal(at(-36), await reviewerOf(appealing), r.id, {
      decision: 'changed',
      comment: '经复核，补充材料属实，撤销该项减分',
      entries: review(entriesFor(0.84, 'comment', 5)).map((e) => ({ ...e, adjustments: [] })),
    });
    await finaliseCycle(at(-30), organiser, last.id);
  }

  // This year's cycle, under this year's version (two indicators from the platform: meetings held, 双报到
  // service hours): some self-ratings and reviews; two branches reviewed lower than last year.
  const platform = await addRatingRuleSet(at(-20), organiser, { version: `${thisYear}版`, effectiveFrom: `${thisYear}-01-01`, content: PLATFORM_RULE_SET });
  const current = await openCycle(at(-10), organiser, { year: thisYear, ruleSetId: platform.id });
  // In the first street worker's street first, so that `party.street` has this year's self-ratings to review.
  const firstScope = streetWorkers[0] === undefined ? undefined : await workerScope(ctx, streetWorkers[0]);
  const inFirst = firstScope === undefined ? [] : branches.filter((b) => inScope(firstScope, b));
  const thisYears = [...inFirst, ...branches.filter((b) => !inFirst.includes(b))].slice(0, 6);
  for (const [k, b] of thisYears.entries()) {
    const r = (await findRatingOf(db, d, current.id, b.id))!;
    const drop = k === 0 || k === 4 ? 0.68 : level(k);
    await submitSelfRating(at(-8), raterOf(b), r.id, self(entriesFor(Math.min(1, level(k) + 0.02), 'evidence', k)));
    if (k < 5)
      await reviewRating(at(-5), await reviewerOf(b), r.id, {
        entries: review(entriesFor(drop, 'comment', k)),
        comment: drop < 0.7 ? '组织生活不规范，较上年退步' : '同意',
      });
  }
  say(`Star rating: ${lastYear} final (${rated.length} branches), ${thisYear} open; sign in as party / party.street.`);

  // Brand programme in its second round.
  const applicants = branches.filter((b) => secretaryOf.has(b.id));
  if (applicants.length < 3) return;
  const prog = await createProgramme(at(-60), organiser, { year: thisYear, title: `${thisYear}年度“一支部一品牌”党建品牌评选`, criteria: DEFAULT_CRITERIA });
  const TITLES = ['红色管家', '党员先锋岗', '楼门议事厅', '银龄互助', '小巷管家', '邻里守望', '红色物业', '暖心驿站', '初心课堂', '街巷议事'];
  const apps = [];
  for (const [k, b] of applicants.entries())
    apps.push(
      await applyForBrand(at(-55), secretaryOf.get(b.id)!, prog.id, {
        title: `“${TITLES[k % TITLES.length]}”工作法`,
        summary: '以党建引领基层治理，党员带头解决群众身边的急难愁盼问题。',
        practice: '一、建立党员联系户制度；二、每月召开议事会；三、接诉即办问题清单化管理，按周销号。',
      }),
    );
  for (const [k, a] of apps.entries())
    await preliminaryReview(
      at(-50),
      organiser,
      a.id,
      k === apps.length - 1 ? { decision: 'reject', reason: '申报材料缺少具体做法与成效数据' } : { decision: 'pass' },
    );
  const round1 = await openFirstRound(at(-45), organiser, prog.id, { expertUserIds: experts.map((e) => e.userId), trimmed: true });
  for (const [ei, e] of experts.entries())
    for (const [k, row] of round1.rows.entries()) {
      const base = 12 + ((row.applicationId * 7 + ei * 3 + k) % 17);
      await scoreApplication(at(-40), e, round1.round.id, row.applicationId, {
        scores: {
          innovation: Math.min(30, base + 3),
          effect: Math.min(30, base),
          replicable: Math.min(20, Math.round(base * 0.6)),
          mass_approval: Math.min(20, Math.round(base * 0.65)),
        },
      });
    }
  await closeRound(at(-35), organiser, round1.round.id);
  const round2 = await advanceRound(at(-30), organiser, round1.round.id, {
    top: Math.min(4, round1.rows.length),
    expertUserIds: experts.slice(0, 3).map((e) => e.userId),
  });
  const [first] = round2.rows;
  if (first !== undefined)
    await scoreApplication(at(-25), experts[0]!, round2.round.id, first.applicationId, {
      scores: { innovation: 26, effect: 25, replicable: 16, mass_approval: 17 },
    });
  say(`Brand programme: ${apps.length} applications, round 2 open with ${round2.rows.length}; experts sign in as expert.1…expert.5.`);
}
