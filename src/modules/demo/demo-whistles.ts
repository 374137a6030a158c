/**
 * Demo whistles (吹哨报到) over the last months, so the whistle page and the double assessment on the
 * rankings have something to show on first start. Every step goes through the same use cases a street and
 * its departments use (blowWhistle, reportIn, rateDepartments), each at its own simulated time, acting
 * as the demo handler accounts `h.<unit code>`: the streets blow, departments report in (mostly on time,
 * some late), the streets rate them and the engine concludes the whistle. The whistles of the last two
 * days stay open, some not yet reported in. Deterministic for a seed.
 */
import { HOUR_MS } from '../../engine/domain/calendar/local-time.ts';
import { listTicketRows } from '../../engine/ticket.repository.ts';
import { principalOfUsername, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { mulberry32, pick } from './demo-history-model.ts';
import { blowWhistle, rateDepartments, reportIn } from '../whistles/index.ts';

const MINUTE_MS = 60_000;

export interface DemoWhistleOptions {
  /** Whistles per month on average (all streets together). */
  perMonth: number;
  months: number;
  seed: number;
}

const MATTERS = [
  { title: '背街小巷环境整治联合执法', content: '多条背街小巷存在私搭乱建、堆物堆料，居民反复投诉，需城管、住建等部门联合处置。', emergency: false },
  { title: '汛期积水点应急处置', content: '强降雨导致道路积水深度超过30厘米，影响居民出行，需水务、交通等部门到场排水疏导。', emergency: true },
  { title: '老旧小区供暖管线抢修', content: '小区供暖主管线泄漏，涉及多栋楼停暖，需供热、住建部门协同抢修。', emergency: true },
  { title: '占道经营与油烟扰民治理', content: '路口早市占道经营、餐饮油烟扰民，街道多次劝导无效，需市场监管、城管联合执法。', emergency: false },
  { title: '违法建设拆除', content: '居民楼顶违法加建，存在安全隐患，街道吹哨请相关部门依法拆除。', emergency: false },
  { title: '施工噪声夜间扰民', content: '工地夜间施工噪声扰民，涉及多家施工单位，需生态环境、住建部门联合检查。', emergency: false },
] as const;
const PLACES = ['社区东门', '社区居委会门前', '小区3号楼南侧', '主路与支路交叉口', '菜市场西侧'];
const REPORTERS = ['王', '李', '张', '刘', '陈', '杨', '赵', '孙'];
const COMMENTS: Record<number, string> = { 5: '响应迅速，处置到位', 4: '到场及时，配合较好', 3: '到场较晚，处置一般', 2: '响应迟缓', 1: '未按时到场' };

export interface DemoWhistleResult {
  whistles: number;
  closed: number;
}

/** Generates demo whistles up to `ctx.clock()`; skipped when the demo accounts are missing. */
export async function generateDemoWhistles(ctx: AppContext, opts: DemoWhistleOptions): Promise<DemoWhistleResult> {
  const ref = await ctx.reference.get();
  const rng = mulberry32(opts.seed);
  const units = [...ref.unitById.values()].filter((u) => u.active);
  const streets: { unitId: number; p: Principal }[] = [];
  for (const u of units.filter((x) => x.unitType === 'street')) {
    const p = await principalOfUsername(ctx, `h.${u.code.toLowerCase()}`);
    if (p !== undefined) streets.push({ unitId: u.id, p });
  }
  const departments: { unitId: number; p: Principal }[] = [];
  for (const u of units.filter((x) => x.unitType === 'department' || x.unitType === 'enterprise')) {
    const p = await principalOfUsername(ctx, `h.${u.code.toLowerCase()}`);
    if (p !== undefined) departments.push({ unitId: u.id, p });
  }
  if (streets.length === 0 || departments.length < 2) return { whistles: 0, closed: 0 };

  const end = ctx.clock().getTime();
  const start = end - opts.months * 30 * 24 * HOUR_MS;
  const total = Math.max(1, Math.round(opts.perMonth * opts.months));
  // Working-hour moments, in order: 08:30–17:00 Beijing time of a random day of the period.
  const moments = Array.from({ length: total }, () => {
    const day = Math.floor((start + rng() * (end - start - 24 * HOUR_MS)) / (24 * HOUR_MS)) * 24 * HOUR_MS;
    return day + 30 * MINUTE_MS + Math.floor(rng() * 8.5 * 60) * MINUTE_MS; // 00:30 UTC = 08:30 +08:00
  }).sort((a, b) => a - b);
  const at = (ms: number): AppContext => ({ ...ctx, clock: () => new Date(ms) });

  let closed = 0;
  for (const t0 of moments) {
    const street = pick(rng, streets);
    const matter = pick(rng, MATTERS);
    const summoned = [...departments].sort(() => rng() - 0.5).slice(0, 2 + Math.floor(rng() * 2));
    const limit = matter.emergency ? 30 : pick(rng, [60, 120, 240]);
    // About half start from a hotline ticket of the street in the fortnight before.
    let sourceTicketId: number | undefined;
    if (rng() < 0.5) {
      // A ticket the street itself handles (one it can see).
      const { rows } = await listTicketRows(
        ctx.database.db,
        { districtCode: ctx.districtCode, unitIds: 'all' },
        {
          kinds: ['hotline_request'],
          leadUnitId: street.unitId,
          acceptedFrom: new Date(t0 - 14 * 24 * HOUR_MS),
          acceptedTo: new Date(t0),
          offset: 0,
          limit: 5,
        },
      );
      sourceTicketId = rows.length > 0 ? pick(rng, rows).id : undefined;
    }
    const place = `${pick(rng, PLACES)}`;
    const w = await blowWhistle(at(t0), street.p, {
      title: matter.title,
      content: matter.content,
      place,
      departmentUnitIds: summoned.map((d) => d.unitId),
      reportLimitMinutes: limit,
      emergency: matter.emergency,
      ...(sourceTicketId === undefined ? {} : { sourceTicketId }),
    });
    const recent = end - t0 < 2 * 24 * HOUR_MS;
    let last = t0;
    const lateness = new Map<number, boolean>();
    for (const d of summoned) {
      if (recent && rng() < 0.4) continue; // not yet reported in
      const late = rng() < 0.15;
      const after = late ? limit + 10 + Math.floor(rng() * 90) : 5 + Math.floor(rng() * (limit - 5));
      const when = Math.min(t0 + after * MINUTE_MS, end);
      lateness.set(d.unitId, when > t0 + limit * MINUTE_MS);
      last = Math.max(last, when);
      await reportIn(at(when), d.p, w.ticketId, { reporterName: `${pick(rng, REPORTERS)}科长`, place, note: '已到场，开展联合处置' });
    }
    if (recent || lateness.size < summoned.length) continue;
    const ratedAt = Math.min(last + (2 + Math.floor(rng() * 20)) * HOUR_MS, end);
    const ratings = summoned.map((d) => {
      const score = lateness.get(d.unitId) ? 2 + Math.floor(rng() * 2) : 4 + Math.floor(rng() * 2);
      return { unitId: d.unitId, score, comment: COMMENTS[score] ?? '' };
    });
    const r = await rateDepartments(at(ratedAt), street.p, w.ticketId, ratings);
    if (r.closed) closed++;
  }
  return { whistles: moments.length, closed };
}
