/**
 * The statistical model behind the demo history (`jiesu seed --tickets N`): when requests arrive, what
 * they are about, who calls, how each unit behaves and how requesters rate it, and — given a ticket's
 * current state — what happens to it next and when. Pure: no I/O, no clock, no Math.random; all
 * randomness comes from a seeded PRNG passed in, so one seed always yields the same history.
 *
 * The executor (`demo-history.ts`) turns each step into a real intake or a `decide()`-validated action.
 *
 * Shares and their sources (docs/DOMAIN-RULES.md):
 * - 58.5% of requests are consultations (§14 "58.5% consultations"); a consultation the knowledge base
 *   answers is closed at once (§4.1), so most are answered directly and a few dispatched;
 * - help/complaint/report/suggestion are dispatched by the catalogue (§4.1 "dispatched at once following
 *   the dispatch catalogue"), a small part of them to the district government when no category fits (兜底);
 * - special routes and repeats close a request at intake (§4.1); repeats link to an open ticket of the
 *   same requester (§4.1);
 * - spikes in the heating and flood seasons (§14 "spikes in the heating and flood seasons");
 * - one street whose resolution rate rises 52%→67% and satisfaction 74%→82% over the period (§6, the
 *   published trend), a couple of consistently weak units (§6 red and black
 *   lists, focus units);
 * - objections, extensions, deferrals, supervision, invalid callbacks and redo (§4.1).
 * The exact percentages of the last group are not published; they are plausible defaults.
 */
import { placeName } from '../../engine/domain/places.ts';
import { dayNumberOfInstant, dayStartMs, DAY_MS, HOUR_MS, localDate } from '../../engine/domain/calendar/local-time.ts';
import { reviewStartOf } from '../../engine/domain/workflow/escalation.ts';
import type { Command } from '../../engine/domain/workflow/events.ts';
import type { Channel, RequestType, Satisfaction, SpecialRoute, Ticket } from '../../engine/domain/workflow/ticket.ts';

const MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

/** The demo's deterministic generator (src/platform/prng.ts). */
export { mulberry32, type Rng } from '../../platform/prng.ts';
import type { Rng } from '../../platform/prng.ts';

/** Mixes several integers into one 32-bit seed (so each ticket gets its own independent stream). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
export const intBetween = (rng: Rng, lo: number, hi: number): number => Math.floor(between(rng, lo, hi + 1));
export const chance = (rng: Rng, p: number): boolean => rng() < p;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.min(items.length - 1, Math.floor(rng() * items.length))]!;
}

/** Running sums of weights, for `pickIndex`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) out[i] = s += Math.max(0, weights[i]!);
  return out;
}

/** An index drawn with probability proportional to its weight (binary search on the running sums). */
export function pickIndex(rng: Rng, cum: Float64Array): number {
  const total = cum[cum.length - 1] ?? 0;
  if (!(total > 0)) throw new RangeError('pickIndex: no positive weight');
  const x = rng() * total;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Low-variance draws for the figures the demo must show even in small data sets (a unit's monthly
 * resolution and satisfaction rates). Per key, `chance` is error diffusion — each call adds p to a credit
 * that starts at ½, and a whole unit of credit is spent on a "yes" — so after k calls the number of
 * "yes" is Σp rounded; `choose` is a smooth weighted round-robin over the options' probabilities. The
 * realised shares thus track the (possibly changing) probabilities within one draw instead of drifting
 * with chance; which ticket gets which outcome still depends on the order of events.
 */
export class QuotaSampler {
  readonly #credit = new Map<string, number[]>();

  choose<T>(key: string, table: readonly (readonly [T, number])[]): T {
    let credit = this.#credit.get(key);
    if (credit === undefined || credit.length !== table.length) {
      credit = table.map(() => 0);
      this.#credit.set(key, credit);
    }
    const total = table.reduce((s, [, w]) => s + Math.max(0, w), 0);
    let best = 0;
    for (let i = 0; i < table.length; i++) {
      credit[i]! += Math.max(0, table[i]![1]) / (total || 1);
      if (credit[i]! > credit[best]!) best = i;
    }
    credit[best]! -= 1;
    return table[best]![0];
  }

  chance(key: string, p: number): boolean {
    let credit = this.#credit.get(key);
    if (credit === undefined) this.#credit.set(key, (credit = [0.5]));
    credit[0]! += Math.min(1, Math.max(0, p));
    if (credit[0]! < 1) return false;
    credit[0]! -= 1;
    return true;
  }
}

function pickWeighted<T extends string>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [v, w] of table) {
    if ((x -= w) < 0) return v;
  }
  return table[table.length - 1]![0];
}

// ---------------------------------------------------------------------------------------------------
// Shares

/** The shares the generator aims at (see the module comment for their sources). */
export const SHARES = {
  /** §14: 58.5% of Beijing 12345 requests are consultations. */
  consultation: 0.585,
  /** §4.1: consultations the knowledge base answers are closed at intake; the rest are dispatched. */
  consultationAnsweredDirectly: 0.92,
  /** §4.1 special routes (emergencies to 110/119/120/122, courts, petitions, outside duty …). */
  specialRoute: 0.02,
  /** §4.1/§7 repeats of an open request by the same requester, linked instead of dispatched. */
  repeat: 0.03,
  /** §4.1 fallback (兜底): of the other dispatched requests, those with no fitting category. */
  noCategory: 0.015,
  /** Of dispatched tickets: the unit objects (派单异议); half approved (改派), half rejected. */
  objection: 0.03,
  objectionApproved: 0.5,
  /** Of dispatched tickets: the unit asks for an extension (延期); mostly approved. */
  extension: 0.04,
  extensionApproved: 0.85,
  /** Of dispatched tickets: deferred (挂账). */
  deferral: 0.01,
  /** Of dispatched tickets: a progress note (阶段性反馈) before the reply. */
  progressNote: 0.3,
  /** First callback attempt invalid (unreachable); the second attempt fails again this often. */
  invalidCallback: 0.05,
  invalidAgain: 0.25,
  /** Of valid callbacks: the first one is unsatisfied and the centre sends the ticket back (重办). */
  redo: 0.08,
  /** Of unresolved or unsatisfied closed tickets: the unit appeals the assessment; half approved. */
  appeal: 0.12,
  appealApproved: 0.5,
  /** Of tickets marked overdue: the centre supervises (督办). */
  supervision: 0.5,
} as const;

/** §6: the improving street's resolution and satisfaction rates at the start and the end of the period. */
export const IMPROVING_STREET = { resolution: [0.52, 0.67], satisfaction: [0.74, 0.82] } as const;

/**
 * How requesters rate the result, given whether it was resolved. With these, a resolution rate r gives a
 * satisfaction rate (w = 0.9) of 0.47 + 0.516·r: 52% → 73.8%, 67% → 81.6%, 70% → 83.1%, i.e. the §6
 * street trend (satisfaction 74% → 82%) follows from its resolution trend (52% → 67%).
 */
export const SATISFACTION_GIVEN = {
  resolved: [
    ['satisfied', 0.95],
    ['basically_satisfied', 0.04],
    ['unsatisfied', 0.01],
  ],
  unresolved: [
    ['satisfied', 0.2],
    ['basically_satisfied', 0.3],
    ['unsatisfied', 0.5],
  ],
} as const satisfies Record<string, readonly (readonly [Satisfaction, number])[]>;

const NON_CONSULTATION_TYPES: readonly (readonly [RequestType, number])[] = [
  ['complaint', 0.45],
  ['help', 0.3],
  ['report', 0.13],
  ['suggestion', 0.12],
];

const CHANNEL_SHARES: readonly (readonly [Channel, number])[] = [
  ['phone', 0.78],
  ['mobile', 0.08],
  ['wechat', 0.06],
  ['web', 0.05],
  ['transfer_12345', 0.02],
  ['weibo', 0.01],
];

/** Relative arrivals by local hour: few at night, peaks 9–11 and 14–16. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.35, 0.2, 0.12, 0.1, 0.1, 0.2, 0.6, 1.6, 3.6, 5.6, 6.2, 5.6, 3.6, 3.4, 5.2, 5.6, 5.2, 4.0, 3.0, 2.6, 2.2, 1.8, 1.2, 0.6,
];

/** A non-working day (weekend, holiday) brings this share of a working day's calls. */
const NON_WORKING_DAY_FACTOR = 0.72;

// ---------------------------------------------------------------------------------------------------
// Local time helpers (Asia/Shanghai, UTC+8, as in local-time.ts)

const SHANGHAI = 8 * HOUR_MS;

export function localHour(ms: number): number {
  return Math.floor(((((ms + SHANGHAI) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

function monthDay(ms: number): { m: number; d: number } {
  const s = localDate(new Date(ms));
  return { m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)) };
}

/** The same local wall-clock time `months` months earlier (day clamped to the month's length). */
export function monthsBefore(ms: number, months: number): number {
  const d = new Date(ms + SHANGHAI);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1));
  const daysInTarget = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), daysInTarget);
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()) - SHANGHAI;
}

/** `at` moved into office hours (08:00–21:00 local) when it falls at night, keeping it in [notBefore, notAfter] if possible. */
export function daytime(rng: Rng, at: number, notBefore: number, notAfter = Number.POSITIVE_INFINITY): number {
  const h = localHour(at);
  if (h >= 8 && h < 21) return at;
  const dayStart = dayStartMs(dayNumberOfInstant(at));
  const morning = (h >= 21 ? dayStart + DAY_MS : dayStart) + 8 * HOUR_MS + rng() * 2.5 * HOUR_MS;
  const evening = (h >= 21 ? dayStart : dayStart - DAY_MS) + 17 * HOUR_MS + rng() * 3.9 * HOUR_MS;
  if (morning <= notAfter) return morning;
  if (evening >= notBefore) return evening;
  return at;
}

// ---------------------------------------------------------------------------------------------------
// Seasons

/** A category as the model needs it. */
export interface ModelCategory {
  id: number;
  code: string;
  name: string;
  keywords: readonly string[];
  timeLimitClass: string | null;
  /** Handled by the street/town of the place (属地): most of what reaches a district. */
  local: boolean;
}

/** Local (属地) categories are heard this much more often: streets and towns receive most dispatched tickets. */
const LOCAL_FACTOR = 4;

/** A community (社区/村) with its street, where requesters live and problems are. */
export interface ModelCommunity {
  code: string;
  name: string;
  streetCode: string;
  streetName: string;
}

/** How often a category is heard on an ordinary day, relative to 1. */
const BASE_WEIGHTS: Record<string, number> = {
  'URB.PROP.SERVICE': 4,
  'URB.PROP.ELEVATOR': 2,
  'URB.PROP.FACILITY': 2,
  'URB.PROP.FEE': 1.5,
  'URB.HOUSE.LEAK': 1.5,
  'URB.ILLEGAL.NEW': 1.5,
  'URB.RENOV.PROGRESS': 1.5,
  'CITY.NOISE.CONSTRUCTION': 2,
  'CITY.NOISE.RESIDENTIAL': 2.5,
  'CITY.NOISE.COMMERCIAL': 1.5,
  'CITY.STREET.VENDOR': 1.5,
  'CITY.STREET.OCCUPY': 1.5,
  'CITY.WASTE.COLLECTION': 1.5,
  'CITY.FACILITY.STREETLIGHT': 1.5,
  'TRAF.PARK.ILLEGAL': 3,
  'TRAF.PARK.SHORTAGE': 2,
  'TRAF.ROAD.DAMAGE': 1.5,
  'TRAF.TRANSIT.BUS_ROUTE': 1.5,
  'UTIL.WATER.OUTAGE': 1.5,
  'UTIL.POWER.OUTAGE': 1.5,
  'UTIL.TELECOM.SIGNAL': 1.5,
  'LAB.WAGES': 2.5,
  'LAB.SOCIAL_INSURANCE': 2,
  'LAB.MEDICAL_INSURANCE': 2,
  'LAB.PENSION': 1.5,
  'MKT.CONSUMER': 3,
  'MKT.PREPAID': 2,
  'MKT.FOOD': 1.5,
  'EDU.ENROLMENT': 1.5,
  'HLTH.SERVICE': 1.5,
  'ENV.AIR.CATERING': 1.5,
  'SAFE.HUKOU': 1.5,
  'CIV.ELDERLY': 1.5,
  'GOVSVC.EFFICIENCY': 1.2,
};

const HEATING_CODES = /^HEAT\./;
const HEATING_OUTAGE_CODES = new Set(['HEAT.COLD', 'HEAT.OUTAGE', 'HEAT.LEAK']);
const HEATING_START_CODES = new Set(['HEAT.START', 'HEAT.FEE']);
const FLOOD_CODES = new Set(['TRAF.ROAD.FLOOD', 'SAFE.FLOOD']);

export function baseWeight(c: Pick<ModelCategory, 'code' | 'local'>): number {
  return (BASE_WEIGHTS[c.code] ?? 1) * (c.local ? LOCAL_FACTOR : 1);
}

/** The heating season: 15 November to 15 March (the knowledge base's 供暖季起止时间). */
export function inHeatingSeason(m: number, d: number): boolean {
  return (m === 11 && d >= 15) || m === 12 || m === 1 || m === 2 || (m === 3 && d <= 15);
}

/** Weather that drives spikes: cold snaps (寒潮) in the heating season, rainstorm days in the flood season. */
export interface Weather {
  coldSnapDays: ReadonlySet<number>;
  stormDays: ReadonlySet<number>;
}

/** About one cold snap (3–4 days) per heating month and a few rainstorm days in July and August. */
export function planWeather(startDay: number, endDay: number, rng: Rng): Weather {
  const coldSnapDays = new Set<number>();
  const stormDays = new Set<number>();
  for (let day = startDay; day <= endDay; day++) {
    const { m, d } = monthDay(dayStartMs(day) + 12 * HOUR_MS);
    if (inHeatingSeason(m, d) && chance(rng, 1 / 30)) {
      const len = intBetween(rng, 3, 4);
      for (let k = 0; k < len; k++) coldSnapDays.add(day + k);
    }
    if ((m === 7 || m === 8) && chance(rng, 0.12)) stormDays.add(day);
  }
  return { coldSnapDays, stormDays };
}

/** How much more (or less) often a category is heard on a local day than on an ordinary one. */
export function seasonalFactor(code: string, day: number, weather: Weather): number {
  const { m, d } = monthDay(dayStartMs(day) + 12 * HOUR_MS);
  if (HEATING_CODES.test(code)) {
    const heating = inHeatingSeason(m, d);
    if (heating) {
      let f = HEATING_OUTAGE_CODES.has(code) ? 12 : 6;
      // After a cold snap begins the complaints keep coming for a few days.
      if (weather.coldSnapDays.has(day) || weather.coldSnapDays.has(day - 1)) f *= HEATING_OUTAGE_CODES.has(code) ? 2.5 : 1.3;
      // The first weeks of the season: radiators not yet bled, pipes leaking.
      if (m === 11 && HEATING_OUTAGE_CODES.has(code)) f *= 1.5;
      return f;
    }
    if (m === 11) return HEATING_START_CODES.has(code) ? 8 : 4; // first two weeks of November: 开栓, fees
    if (m === 10 || (m === 3 && d > 15)) return HEATING_START_CODES.has(code) ? 2 : 0.6;
    return 0.12;
  }
  if (FLOOD_CODES.has(code)) {
    if (m === 7 || m === 8) return weather.stormDays.has(day) ? 40 : 10;
    if (m === 6 || m === 9) return 2.5;
    return 0.3;
  }
  if (code === 'UTIL.WATER.SEWER') return m === 7 || m === 8 ? (weather.stormDays.has(day) ? 8 : 3) : 1;
  if (code === 'GRN.FALLEN') return weather.stormDays.has(day) ? 6 : 1;
  if (code === 'CITY.SANIT.SNOW') return m === 12 || m === 1 || m === 2 ? 4 : m === 11 || m === 3 ? 1 : 0.1;
  if (code === 'GRN.PESTS') return m === 4 || m === 5 ? 6 : m === 6 ? 2 : 0.5;
  if (code === 'LAB.MEDICAL_INSURANCE') return m >= 9 && m <= 12 ? 1.6 : 1; // the contribution period
  if (code === 'EDU.ENROLMENT') return m >= 4 && m <= 8 ? 2 : 0.6;
  return 1;
}

// ---------------------------------------------------------------------------------------------------
// Requesters and places

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文辉鹏飞宇浩婷雪梅琳晨欣怡子涵梓萱雨轩思远博文嘉豪淑珍凤兰秀英德福振海永明立新春生',
];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
];

export interface Requester {
  name: string;
  phone: string;
  /** Index into the community list: where the requester lives. */
  home: number;
}

/** Relative number of residents by kind of street-level unit: urban streets are denser than towns. */
export function communityWeight(c: ModelCommunity): number {
  if (c.streetName.endsWith('街道')) return 4;
  if (c.streetName.endsWith('地区')) return 2;
  return 1;
}

/** The street with the most residents (by community weight), other than `except`. */
export function busiestStreet(communities: readonly ModelCommunity[], except: string | null): string | null {
  const volume = new Map<string, number>();
  for (const c of communities) if (c.streetCode !== except) volume.set(c.streetCode, (volume.get(c.streetCode) ?? 0) + communityWeight(c));
  let best: string | null = null;
  for (const [code, v] of volume) if (best === null || v > volume.get(best)! || (v === volume.get(best)! && code < best)) best = code;
  return best;
}

/** A pool of plausible (generated, not real) requesters: Chinese names, 11-digit mobile numbers. */
export function makeRequesters(count: number, communityCum: Float64Array, rng: Rng): Requester[] {
  const phones = new Set<string>();
  const out: Requester[] = [];
  while (out.length < count) {
    const surname = pick(rng, SURNAMES);
    const given = chance(rng, 0.35) ? pick(rng, GIVEN) : pick(rng, GIVEN) + pick(rng, GIVEN);
    const phone = pick(rng, PHONE_PREFIXES) + String(Math.floor(rng() * 1e8)).padStart(8, '0');
    if (phones.has(phone)) continue;
    phones.add(phone);
    out.push({ name: surname + given, phone, home: pickIndex(rng, communityCum) });
  }
  return out;
}

/** A short place name from a committee's name: 德露苑社区居委会 → 德露苑社区, 炭厂村委会 → 炭厂村. */

export function addressIn(c: ModelCommunity, rng: Rng): string {
  const place = placeName(c.name);
  if (place.endsWith('村')) return `${place}${pick(rng, ['东街', '西街', '南街', '北街', '中街'])}${intBetween(rng, 1, 120)}号`;
  return `${place}${intBetween(rng, 1, 28)}号楼${intBetween(rng, 1, 6)}单元`;
}

// ---------------------------------------------------------------------------------------------------
// Arrivals

/** How an arriving request is triaged at intake. */
export type Route = 'answer' | 'dispatch' | 'special' | 'repeat';

export interface Arrival {
  /** Position in arrival order (0-based); also seeds the ticket's own random stream. */
  index: number;
  at: number;
  route: Route;
  requestType: RequestType;
  /** Index into the category list; null for a request no category fits (dispatched to the fallback unit). */
  category: number | null;
  channel: Channel;
  /** Index into the requester pool. */
  requester: number;
  /** Index into the community list. */
  community: number;
  specialRoute: SpecialRoute | null;
}

export interface ArrivalInput {
  startMs: number;
  endMs: number;
  count: number;
  categories: readonly ModelCategory[];
  communities: readonly ModelCommunity[];
  requesters: readonly Requester[];
  /** Whether the local day number is a working day (the official calendar). */
  isWorkingDay(day: number): boolean;
  rng: Rng;
}

export interface ArrivalPlan {
  arrivals: Arrival[];
  weather: Weather;
}

/**
 * Draws `count` arrival instants in [startMs, endMs] (day volume follows the seasons and the calendar,
 * the hour of day follows HOUR_WEIGHTS), sorted, then what each request is.
 */
export function planArrivals(input: ArrivalInput): ArrivalPlan {
  const { startMs, endMs, count, categories, rng } = input;
  if (!(endMs > startMs)) throw new RangeError('planArrivals: empty window');
  if (categories.length === 0 || input.communities.length === 0 || input.requesters.length === 0)
    throw new RangeError('planArrivals: no categories, communities or requesters');
  const startDay = dayNumberOfInstant(startMs);
  const endDay = dayNumberOfInstant(endMs);
  const weather = planWeather(startDay, endDay, rng);
  const base = categories.map(baseWeight);
  const baseTotal = base.reduce((a, b) => a + b, 0);
  const dayCum = new Map<number, Float64Array>();
  const categoryCum = (day: number): Float64Array => {
    let cum = dayCum.get(day);
    if (cum === undefined) {
      cum = cumulative(categories.map((c, i) => base[i]! * seasonalFactor(c.code, day, weather)));
      dayCum.set(day, cum);
    }
    return cum;
  };

  // Hour slots over the window, weighted by day volume × hour of day × the part of the slot inside the window.
  const slotStarts: number[] = [];
  const slotWeights: number[] = [];
  for (let day = startDay; day <= endDay; day++) {
    const cum = categoryCum(day);
    const volume = (cum[cum.length - 1]! / baseTotal) * (input.isWorkingDay(day) ? 1 : NON_WORKING_DAY_FACTOR);
    for (let h = 0; h < 24; h++) {
      const s = dayStartMs(day) + h * HOUR_MS;
      const overlap = Math.min(s + HOUR_MS, endMs) - Math.max(s, startMs);
      if (overlap <= 0) continue;
      slotStarts.push(s);
      slotWeights.push(volume * HOUR_WEIGHTS[h]! * (overlap / HOUR_MS));
    }
  }
  const slotCum = cumulative(slotWeights);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = slotStarts[pickIndex(rng, slotCum)]!;
    const lo = Math.max(s, startMs);
    const hi = Math.min(s + HOUR_MS, endMs);
    times.push(Math.floor(lo + rng() * (hi - lo)));
  }
  times.sort((a, b) => a - b);

  const communityCum = cumulative(input.communities.map(communityWeight));
  const requesterCount = input.requesters.length;
  const arrivals: Arrival[] = times.map((at, index) => {
    const cum = categoryCum(dayNumberOfInstant(at));
    // Some people call often: the pool is used with a skew towards its first members.
    const requester = Math.min(requesterCount - 1, Math.floor(requesterCount * rng() ** 1.3));
    const community = chance(rng, 0.7) ? input.requesters[requester]!.home : pickIndex(rng, communityCum);
    let category: number | null = pickIndex(rng, cum);
    const channel = pickWeighted(rng, CHANNEL_SHARES);
    const r = rng();
    let route: Route;
    let requestType: RequestType;
    let specialRoute: SpecialRoute | null = null;
    if (r < SHARES.specialRoute) {
      route = 'special';
      specialRoute = specialRouteFor(categories[category]!.code, rng);
      requestType = specialRoute.startsWith('emergency_') ? 'help' : 'complaint';
    } else if (r < SHARES.specialRoute + SHARES.repeat) {
      route = 'repeat';
      requestType = pickWeighted(rng, NON_CONSULTATION_TYPES);
    } else if (r < SHARES.specialRoute + SHARES.repeat + SHARES.consultation) {
      requestType = 'consultation';
      route = chance(rng, SHARES.consultationAnsweredDirectly) ? 'answer' : 'dispatch';
    } else {
      route = 'dispatch';
      requestType = pickWeighted(rng, NON_CONSULTATION_TYPES);
      if (chance(rng, SHARES.noCategory)) category = null;
    }
    return { index, at, route, requestType, category, channel, requester, community, specialRoute };
  });
  return { arrivals, weather };
}

const OTHER_SPECIAL_ROUTES: readonly (readonly [SpecialRoute, number])[] = [
  ['outside_duty', 0.35],
  ['petition', 0.25],
  ['information_disclosure', 0.15],
  ['administrative_review', 0.1],
  ['discipline_inspection', 0.08],
  ['unlawful_request', 0.07],
];

/** Which special route a request of this category plausibly takes. */
export function specialRouteFor(code: string, rng: Rng): SpecialRoute {
  if (chance(rng, 0.5)) {
    if (code === 'SAFE.FIRE' || code === 'SAFE.HAZCHEM' || code === 'UTIL.GAS.LEAK') return 'emergency_119';
    if (code.startsWith('HLTH.') || code === 'MKT.POISONING') return 'emergency_120';
    if (code.startsWith('TRAF.')) return 'emergency_122';
    if (code === 'SAFE.ORDER' || code === 'SAFE.FRAUD' || code === 'SAFE.DOGS') return 'emergency_110';
    if (code.startsWith('LAB.')) return 'court_or_arbitration';
  }
  return pickWeighted(rng, OTHER_SPECIAL_ROUTES);
}

export const SPECIAL_ROUTE_LABELS: Record<SpecialRoute, string> = {
  emergency_110: '已转110处置',
  emergency_119: '已转119处置',
  emergency_120: '已转120处置',
  emergency_122: '已转122处置',
  court_or_arbitration: '属司法或仲裁事项，已告知诉求人通过诉讼或劳动仲裁途径解决',
  discipline_inspection: '属纪检监察事项，已告知向纪检监察机关反映',
  administrative_review: '属行政复议事项，已告知依法申请行政复议',
  information_disclosure: '属政府信息公开事项，已告知依申请公开渠道',
  petition: '属信访事项，已告知按信访渠道反映',
  outside_duty: '不属本区职责范围，已告知有权处理的机关',
  unlawful_request: '诉求不符合法律规定，已做解释劝导',
};

// ---------------------------------------------------------------------------------------------------
// Texts (templated from the category's name and keywords; nothing copied from external data)

export function keywordOf(c: ModelCategory | null, rng: Rng): string {
  if (c === null || c.keywords.length === 0) return c?.name ?? '相关';
  return pick(rng, c.keywords);
}

export function requestText(type: RequestType, c: ModelCategory | null, place: string, rng: Rng): string {
  const kw = keywordOf(c, rng);
  const name = c?.name ?? '其他';
  const days = intBetween(rng, 2, 20);
  switch (type) {
    case 'consultation':
      return pick(rng, [
        `想咨询一下${kw}的问题，${name}方面需要怎么办理？`,
        `请问${kw}有什么规定？家住${place}，想了解具体流程。`,
        `咨询${name}：${kw}应该找哪个部门，需要准备哪些材料？`,
        `我想问一下关于${kw}的政策，现在还能办理吗？`,
      ]);
    case 'complaint':
      return pick(rng, [
        `${place}${kw}，已经持续${days}天了，多次反映没人管，希望尽快处理。`,
        `投诉${place}的${name}问题：${kw}，严重影响居民生活。`,
        `反映${place}${kw}问题，之前找过相关单位，一直没有解决，要求给个说法。`,
      ]);
    case 'help':
      return pick(rng, [
        `${place}出现${kw}的情况，家里有老人孩子，请相关部门帮忙解决。`,
        `求助：${place}${kw}，自己解决不了，请尽快派人来看看。`,
        `${place}${kw}已经${days}天，请帮忙协调处理。`,
      ]);
    case 'report':
      return pick(rng, [`举报${place}附近有${kw}现象，请相关部门核查处理。`, `反映${place}存在${kw}问题，存在隐患，请执法部门查处。`]);
    case 'suggestion':
      return pick(rng, [`建议相关部门加强${name}管理，${place}的${kw}问题比较突出。`, `对${name}工作提个建议：${place}一带可以统筹解决${kw}的问题。`]);
    case 'praise':
      return `表扬${place}相关工作人员，${kw}问题处理及时。`;
  }
}

export function answerText(c: ModelCategory | null, rng: Rng): string {
  const kw = keywordOf(c, rng);
  return pick(rng, [
    `已根据知识库解答${kw}相关政策及办理渠道，诉求人表示清楚。`,
    `已告知${c?.name ?? '相关'}的办理流程、所需材料和咨询电话。`,
    `已就${kw}的规定向诉求人做了解释说明。`,
  ]);
}

export function replyText(c: ModelCategory | null, rng: Rng): string {
  const kw = keywordOf(c, rng);
  return pick(rng, [
    `已联系诉求人并到现场核实，${kw}问题已协调处理完毕。`,
    `经现场核查，已督促相关责任方整改${kw}问题，并向诉求人反馈。`,
    `已与诉求人电话沟通，就${kw}问题说明处理情况和后续安排。`,
    `已安排人员处理${kw}，后续将持续跟进，已告知诉求人。`,
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Units

/** How a handling unit behaves: quality of results and punctuality, possibly changing over the period. */
export interface UnitProfile {
  unitId: number;
  kind: 'improving' | 'weak' | 'normal';
  /** Share of valid (final) callbacks that say "resolved", at the start and the end of the period. */
  resolved: readonly [number, number];
  /** Chance a reply is late, at the start and the end of the period. */
  lateReply: readonly [number, number];
  lateSign: number;
  lateContact: number;
  /** Chance the requester confirms the unit contacted them. */
  contacted: number;
}

export interface ModelUnit {
  id: number;
  code: string;
  unitType: string;
  /** The street/town a street unit governs. */
  divisionCode: string | null;
}

/**
 * Profiles of all handling units: the first street by id improves as in §6; the busiest other street
 * (`weakStreetCode`) and the housing commission (住建委, complex renovation and property cases) are
 * consistently weak; the others vary around a good average.
 */
export function unitProfiles(units: readonly ModelUnit[], rng: Rng, weakStreetCode: string | null = null): Map<number, UnitProfile> {
  const sorted = [...units].sort((a, b) => a.id - b.id);
  const streets = sorted.filter((u) => u.unitType === 'street');
  const improving = streets[0]?.id;
  const weak = new Set<number>();
  const weakStreet =
    streets.find((u) => u.id !== improving && u.divisionCode === weakStreetCode) ?? (streets.length > 2 ? streets[streets.length - 1] : undefined);
  if (weakStreet) weak.add(weakStreet.id);
  const weakDept = sorted.find((u) => u.code === 'DEPT-ZJW') ?? sorted.find((u) => u.unitType === 'department');
  if (weakDept) weak.add(weakDept.id);
  const out = new Map<number, UnitProfile>();
  for (const u of sorted) {
    if (u.unitType === 'centre') continue;
    if (u.id === improving) {
      out.set(u.id, {
        unitId: u.id,
        kind: 'improving',
        resolved: IMPROVING_STREET.resolution,
        lateReply: [0.2, 0.05],
        lateSign: 0.06,
        lateContact: 0.06,
        contacted: 0.95,
      });
    } else if (weak.has(u.id)) {
      const r = between(rng, 0.44, 0.5);
      out.set(u.id, { unitId: u.id, kind: 'weak', resolved: [r, r], lateReply: [0.25, 0.25], lateSign: 0.15, lateContact: 0.15, contacted: 0.86 });
    } else {
      const lo = u.unitType === 'enterprise' ? 0.7 : 0.64;
      const hi = u.unitType === 'enterprise' ? 0.84 : 0.8;
      const r = between(rng, lo, hi);
      const late = between(rng, 0.03, 0.09);
      out.set(u.id, {
        unitId: u.id,
        kind: 'normal',
        resolved: [r, r],
        lateReply: [late, late],
        lateSign: between(rng, 0.01, 0.05),
        lateContact: between(rng, 0.02, 0.05),
        contacted: between(rng, 0.95, 0.99),
      });
    }
  }
  return out;
}

const lerp = (pair: readonly [number, number], x: number) => pair[0] + (pair[1] - pair[0]) * Math.min(1, Math.max(0, x));

// ---------------------------------------------------------------------------------------------------
// A ticket's life

/** Who acts: the centre's accounts, a handling unit's handler account, or the system (the sweeper). */
export type ActorRef = 'operator' | 'callback' | 'supervisor' | { unitId: number };

export interface Step {
  at: number;
  actor: ActorRef;
  command: Command;
}

/** What will happen to a dispatched ticket, decided once at intake. */
export interface Fate {
  objection: boolean;
  objectionApproved: boolean;
  extension: boolean;
  extensionApproved: boolean;
  extensionDays: number;
  deferral: boolean;
  progressNote: boolean;
}

export function drawFate(rng: Rng): Fate {
  return {
    objection: chance(rng, SHARES.objection),
    objectionApproved: chance(rng, SHARES.objectionApproved),
    extension: chance(rng, SHARES.extension),
    extensionApproved: chance(rng, SHARES.extensionApproved),
    extensionDays: intBetween(rng, 3, 10),
    deferral: chance(rng, SHARES.deferral),
    progressNote: chance(rng, SHARES.progressNote),
  };
}

/** How the requester will finally rate the ticket (decided at its first valid callback). */
export interface FinalRating {
  contacted: boolean;
  resolved: boolean;
  satisfaction: Satisfaction;
  /** The first callback is unsatisfied and the ticket is sent back; the rating above comes after the redo. */
  redo: boolean;
}

/** What already happened beyond what the ticket itself records. */
export interface Memo {
  extensionAsked: boolean;
  deferred: boolean;
  progressDone: boolean;
  appealConsidered: boolean;
  rating: FinalRating | null;
}

export const freshMemo = (): Memo => ({ extensionAsked: false, deferred: false, progressDone: false, appealConsidered: false, rating: null });

export interface StepEnv {
  startMs: number;
  endMs: number;
  /** Shared by all tickets: keeps each unit's rates on its profile (see QuotaSampler). */
  quota: QuotaSampler;
  profile(unitId: number): UnitProfile;
  /** Another unit that could take the ticket after an approved objection; null if none. */
  alternativeUnit(unitId: number, rng: Rng): number | null;
  category: ModelCategory | null;
}

/** An instant in (from, due] for on-time work, or past `due` for late work; `span` is the deadline's length. */
function timedWork(rng: Rng, from: number, startedAt: number, due: number, late: boolean, spread: readonly [number, number]): number {
  const span = Math.max(due - startedAt, 10 * MINUTE_MS);
  if (late || due <= from + MINUTE_MS) return Math.max(due, from) + Math.max(2 * MINUTE_MS, span * between(rng, 0.05, 0.6));
  const lo = from + MINUTE_MS;
  return lo + (due - lo) * between(rng, spread[0], spread[1]);
}

const hours = (rng: Rng, lo: number, hi: number) => between(rng, lo, hi) * HOUR_MS;

/**
 * The next thing that happens to ticket `t`, whose last event was at `now`; null when its life is over.
 * Mutates `memo` to remember steps the ticket does not record (a rejected extension request, a note).
 */
export function nextStep(t: Ticket, now: number, fate: Fate, memo: Memo, env: StepEnv, rng: Rng): Step | null {
  const x = (now - env.startMs) / Math.max(1, env.endMs - env.startMs);
  const lead = t.leadUnitId;
  const unit = (id: number): ActorRef => ({ unitId: id });
  switch (t.state) {
    case 'accepted':
      return null;

    case 'dispatched': {
      if (lead === null) return null;
      const p = env.profile(lead);
      if (fate.objection && t.objectionCount === 0 && !t.fallback) {
        return {
          at: now + between(rng, 10, 90) * MINUTE_MS,
          actor: unit(lead),
          command: {
            type: 'object',
            input: { reason: pick(rng, ['该问题不属于本单位职责范围，建议改派', '经核实，问题点位不在本辖区', '此类问题应由行业主管部门办理']) },
          },
        };
      }
      const dl = t.deadlines.sign!;
      const at = timedWork(rng, now, dl.startedAt.getTime(), dl.dueAt.getTime(), chance(rng, p.lateSign), [0.05, 0.7]);
      return { at, actor: unit(lead), command: { type: 'sign', input: { note: '已签收' } } };
    }

    case 'objection_review': {
      const at = daytime(rng, now + hours(rng, 0.5, 5), now);
      const alternative = lead === null ? null : env.alternativeUnit(lead, rng);
      if (fate.objectionApproved && alternative !== null) {
        return {
          at,
          actor: 'supervisor',
          command: { type: 'decideObjection', input: { approve: true, leadUnitId: alternative, coUnitIds: [], note: '异议成立，改派' } },
        };
      }
      return { at, actor: 'supervisor', command: { type: 'decideObjection', input: { approve: false, note: '异议不成立，请按属地职责办理' } } };
    }

    case 'signed': {
      if (lead === null) return null;
      const p = env.profile(lead);
      const dl = t.deadlines.contact!;
      const due = dl.dueAt.getTime();
      const late = chance(rng, p.lateContact);
      const raw = timedWork(rng, now, dl.startedAt.getTime(), due, late, [0.02, 0.4]);
      const at = daytime(rng, raw, now + MINUTE_MS, late ? Number.POSITIVE_INFINITY : due);
      const method = pickWeighted(rng, [
        ['phone', 0.8],
        ['visit', 0.15],
        ['sms', 0.05],
      ] as const);
      return { at, actor: unit(lead), command: { type: 'contact', input: { method, note: method === 'visit' ? '已上门联系诉求人' : '已电话联系诉求人' } } };
    }

    case 'handling':
    case 'deferred': {
      if (lead === null) return null;
      const p = env.profile(lead);
      const dl = t.deadlines.reply!;
      const due = dl.dueAt.getTime();
      const ahead = Math.max(due - now, HOUR_MS);
      if (t.pendingExtension !== null) {
        const at = daytime(rng, now + hours(rng, 1, 6), now);
        const approve = fate.extensionApproved;
        return { at, actor: 'supervisor', command: { type: 'decideExtension', input: { approve, note: approve ? '同意延期' : '延期理由不充分，请按期办结' } } };
      }
      for (const co of t.coUnitIds) {
        if (!t.coRepliedUnitIds.includes(co)) {
          const at = daytime(rng, now + ahead * between(rng, 0.1, 0.5), now, due);
          return { at, actor: unit(co), command: { type: 'coReply', input: { note: '协办单位已完成相关工作' } } };
        }
      }
      if (fate.progressNote && !memo.progressDone) {
        memo.progressDone = true;
        const at = daytime(rng, now + ahead * between(rng, 0.1, 0.5), now, due);
        return {
          at,
          actor: unit(lead),
          command: { type: 'progress', input: { note: pick(rng, ['已现场查看，正在协调相关方', '已制定处置方案，正在推进', '已约谈责任方，限期整改']) } },
        };
      }
      if (t.state === 'handling' && fate.extension && !memo.extensionAsked) {
        memo.extensionAsked = true;
        const at = daytime(rng, now + ahead * between(rng, 0.3, 0.8), now, due);
        return { at, actor: unit(lead), command: { type: 'requestExtension', input: { days: fate.extensionDays, reason: '涉及多个部门协调，需要更多时间' } } };
      }
      if (t.state === 'handling' && fate.deferral && !memo.deferred) {
        memo.deferred = true;
        const at = daytime(rng, now + ahead * between(rng, 0.1, 0.4), now, due);
        const reviewDate = localDate(new Date(at + between(rng, 15, 45) * DAY_MS));
        return {
          at,
          actor: unit(lead),
          command: { type: 'defer', input: { reason: '受资金和规划条件限制，暂时无法解决', plan: '纳入年度计划，分步推进', reviewDate } },
        };
      }
      if (t.state === 'deferred' && t.deferral !== null) {
        // Solved on its plan: the unit replies once the review date has brought it back (挂账到期复查).
        const at = daytime(rng, Math.max(now, reviewStartOf(t.deferral.reviewDate).getTime()) + between(rng, 0.3, 3) * DAY_MS, now);
        return { at, actor: unit(lead), command: { type: 'reply', input: { text: replyText(env.category, rng) } } };
      }
      const lateP = lerp(p.lateReply, x) * (t.extensionCount > 0 ? 0.5 : 1);
      const late = env.quota.chance(`late:${lead}`, lateP);
      const raw = timedWork(rng, now, dl.startedAt.getTime(), due, late, [0.1, 0.92]);
      const at = daytime(rng, raw, now + MINUTE_MS, late ? Number.POSITIVE_INFINITY : due);
      return { at, actor: unit(lead), command: { type: 'reply', input: { text: replyText(env.category, rng) } } };
    }

    case 'replied': {
      if (t.invalidCallbacks >= 2) {
        return {
          at: daytime(rng, now + hours(rng, 1, 6), now),
          actor: 'callback',
          command: { type: 'close', input: { note: '多次回访未能联系上诉求人，结案' } },
        };
      }
      const at = daytime(rng, now + (t.invalidCallbacks === 0 ? hours(rng, 2, 36) : hours(rng, 4, 24)), now);
      if (chance(rng, t.invalidCallbacks === 0 ? SHARES.invalidCallback : SHARES.invalidAgain)) {
        return { at, actor: 'callback', command: { type: 'callback', input: { valid: false, reason: 'unreachable', note: '电话无人接听' } } };
      }
      let rating = memo.rating;
      if (rating === null) {
        // The final rating is decided at the first valid callback, from the unit's profile at that time,
        // with draws keyed by unit and month so that each month's rates track the profile closely.
        const p = lead === null ? undefined : env.profile(lead);
        const xAt = (at - env.startMs) / Math.max(1, env.endMs - env.startMs);
        const key = `${lead}:${localDate(new Date(at)).slice(0, 7)}`;
        const pResolved = (p === undefined ? 0.7 : lerp(p.resolved, xAt)) * (t.deferral !== null ? 0.5 : 1);
        const outcomes = [
          ...SATISFACTION_GIVEN.resolved.map(([sat, w]): readonly [readonly [boolean, Satisfaction], number] => [[true, sat], pResolved * w]),
          ...SATISFACTION_GIVEN.unresolved.map(([sat, w]): readonly [readonly [boolean, Satisfaction], number] => [[false, sat], (1 - pResolved) * w]),
        ];
        const [resolved, satisfaction] = env.quota.choose(`callback:${key}`, outcomes);
        const contacted = env.quota.chance(`contacted:${key}`, p?.contacted ?? 0.95);
        rating = memo.rating = { contacted, resolved, satisfaction, redo: env.quota.chance(`redo:${key}`, SHARES.redo) };
        if (rating.redo)
          return {
            at,
            actor: 'callback',
            command: { type: 'callback', input: { valid: true, contacted, resolved: false, satisfaction: 'unsatisfied', note: '诉求人表示问题仍未解决' } },
          };
      }
      const { contacted, resolved, satisfaction } = rating;
      return { at, actor: 'callback', command: { type: 'callback', input: { valid: true, contacted, resolved, satisfaction, note: '' } } };
    }

    case 'callback_done': {
      const cb = t.callback;
      if (cb !== null && cb.resolved && cb.satisfaction !== 'unsatisfied') {
        // 回访满意即结案, as performAction does.
        return { at: now, actor: 'callback', command: { type: 'close', input: { note: '回访满意，结案' } } };
      }
      const at = daytime(rng, now + hours(rng, 1, 20), now);
      if (t.redoCount === 0 && memo.rating?.redo === true) {
        return { at, actor: 'supervisor', command: { type: 'redo', input: { note: '诉求人不满意，退回重办' } } };
      }
      return { at, actor: 'supervisor', command: { type: 'close', input: { note: '已向诉求人解释说明，结案' } } };
    }

    case 'closed': {
      if (t.appeal?.status === 'pending') {
        const approve = chance(rng, SHARES.appealApproved);
        return {
          at: daytime(rng, now + between(rng, 1, 5) * DAY_MS, now),
          actor: 'supervisor',
          command: { type: 'decideAppeal', input: { approve, note: approve ? '申诉理由成立，予以核减' : '申诉理由不成立' } },
        };
      }
      const cb = t.callback;
      if (memo.appealConsidered || lead === null || t.outcome !== 'completed' || t.appeal !== null || cb === null) return null;
      memo.appealConsidered = true;
      if ((cb.resolved && cb.satisfaction !== 'unsatisfied') || !chance(rng, SHARES.appeal)) return null;
      return {
        at: daytime(rng, now + between(rng, 1, 3) * DAY_MS, now),
        actor: unit(lead),
        command: {
          type: 'appeal',
          input: { reason: pick(rng, ['诉求超出政策规定，已依法依规答复', '诉求人要求不合理，已多次解释', '问题属历史遗留，已纳入计划']) },
        },
      };
    }
  }
}
