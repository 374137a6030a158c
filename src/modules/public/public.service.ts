/**
 * The requester's own channel (the mobile page, no sign-in): submit a request with photos, follow it
 * with the ticket number and the query code (查询码) given at submission, and rate the reply.
 *
 * Privacy (DOMAIN-RULES §13): what a track answer shows is limited to what the requester was told anyway —
 * the state, the category, the street and community, the units the request went to, the reply text
 * and the deadline. No names or phone numbers, no content, no address, no staff, no internal notes.
 * The number is sequential and guessable; the code is six random digits, so wrong codes are throttled
 * per client address and per ticket number (`GuessThrottle`).
 *
 * The rating is the ticket's callback (回访), taken by the `requester` party of the workflow (user 0,
 * unit 0); a satisfied or basically satisfied rating that says the problem is resolved closes the
 * ticket exactly as a callback agent's would, and counts in the month's assessment.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { allowedActions, ratingCloses } from '../../engine/domain/workflow/decide.ts';
import { STATE_LABELS, type Actor, type RequestType, type Satisfaction, type SpecialRoute, type TicketState } from '../../engine/domain/workflow/ticket.ts';
import { findIdempotent } from '../../engine/idempotency.repository.ts';
import {
  ConcurrentUpdateError,
  domainTicketOf,
  findTicketRow,
  findTicketRowByNumber,
  listEvents,
  type TicketEventRow,
  type TicketRow,
} from '../../engine/ticket.repository.ts';
import { checkPublicUploads, linkPublicUploads } from '../../engine/attachments.ts';
import type { AppContext, Clock } from '../../engine/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { createTicket, hashQueryCode } from '../../engine/intake.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { applyCommand } from '../../engine/ticket-actions.ts';

/** The workflow actor of the public page: the requester, with no account and no unit. */
export const REQUESTER_ACTOR: Actor = { userId: 0, unitId: 0, roles: ['requester'], isCentre: false };

/** Request types the public form offers. */
export const PUBLIC_REQUEST_TYPES = ['complaint', 'help', 'report', 'suggestion', 'consultation', 'praise'] as const satisfies readonly RequestType[];

// ---------------------------------------------------------------------------------------------------
// Reference data for the form

/** Streets/towns of the district with their communities/villages, for the place cascader. */
export async function publicDivisions(ctx: AppContext) {
  const ref = await ctx.reference.get();
  const all = [...ref.divisionByCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    items: all
      .filter((d) => d.level === 'street')
      .map((s) => ({
        code: s.code,
        name: s.name,
        communities: all.filter((c) => c.level === 'community' && c.parentCode === s.code).map((c) => ({ code: c.code, name: c.name })),
      })),
  };
}

/** The active leaf categories grouped under their top-level category (only leaves can be chosen). */
export async function publicCategories(ctx: AppContext) {
  const ref = await ctx.reference.get();
  const chain = (id: number) => {
    const out = [];
    for (let c = ref.categoryById.get(id); c !== undefined && out.length < 10; c = c.parentId === null ? undefined : ref.categoryById.get(c.parentId))
      out.unshift(c);
    return out;
  };
  const groups = new Map<
    number,
    { id: number; name: string; nameEn: string; leaves: { id: number; name: string; nameEn: string; path: string; pathEn: string; keywords: string[] }[] }
  >();
  for (const top of ref.categories) if (top.active && top.parentId === null) groups.set(top.id, { id: top.id, name: top.name, nameEn: top.nameEn, leaves: [] });
  for (const c of ref.categories) {
    if (!c.active || !c.isLeaf) continue;
    const path = chain(c.id);
    if (path.some((p) => !p.active)) continue;
    const group = groups.get(path[0]!.id);
    if (group === undefined) continue;
    const below = path.length > 1 ? path.slice(1) : path;
    group.leaves.push({
      id: c.id,
      name: c.name,
      nameEn: c.nameEn,
      path: below.map((p) => p.name).join(' / '),
      pathEn: below.map((p) => p.nameEn || p.name).join(' / '),
      keywords: c.keywords,
    });
  }
  return { items: [...groups.values()].filter((g) => g.leaves.length > 0) };
}

// ---------------------------------------------------------------------------------------------------
// Submit

export interface PublicRequestInput {
  requestType?: (typeof PUBLIC_REQUEST_TYPES)[number];
  categoryId?: number | null;
  content: string;
  streetCode?: string | null;
  communityCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  address?: string;
  requesterName?: string;
  requesterPhone: string;
  attachmentIds?: number[];
}

export interface PublicSubmitResult {
  number: string;
  /** Shown once: the server keeps only its hash. */
  queryCode: string;
}

/**
 * Records a request from the public page as a hotline ticket (channel `mobile`) that waits in
 * `accepted` for the centre to dispatch it, and links the photos uploaded for it. With an
 * idempotency key a retry returns the first answer and creates nothing.
 */
export async function submitPublicRequest(
  ctx: AppContext,
  input: PublicRequestInput,
  idempotency?: { scope: string; key: string },
): Promise<{ status: 'created' | 'replayed'; result: PublicSubmitResult }> {
  const hasCoords = input.latitude != null || input.longitude != null;
  if (hasCoords && (input.latitude == null || input.longitude == null)) throw invalid('latitude and longitude must be given together');
  const address = input.address?.trim() ?? '';
  if (!hasCoords && input.streetCode == null && input.communityCode == null && address === '')
    throw invalid('请选择地点或使用定位 A place is required: street/community, coordinates or an address');
  if (input.requesterPhone.replace(/\D/g, '').length < 5) throw invalid('请填写联系电话 A phone number is required, so the unit can contact the requester');
  const ids = input.attachmentIds ?? [];
  // A retry of a request already recorded links nothing again (its photos are linked to it already).
  const replay = idempotency === undefined ? undefined : await findIdempotent(ctx.database.db, ctx.districtCode, idempotency.scope, idempotency.key);
  if (replay === undefined && ids.length > 0) await checkPublicUploads(ctx, ids);
  const r = await createTicket(
    ctx,
    null,
    {
      kind: 'hotline_request',
      requestType: input.requestType ?? 'complaint',
      channel: 'mobile',
      categoryId: input.categoryId ?? null,
      content: input.content,
      ...(address === '' ? {} : { address }),
      streetCode: input.streetCode ?? null,
      communityCode: input.communityCode ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      ...(input.requesterName?.trim() ? { requesterName: input.requesterName } : {}),
      requesterPhone: input.requesterPhone,
      source: 'mobile',
      // The centre checks and dispatches it (the requester's own category and place may be wrong).
      triage: { action: 'none' },
    },
    idempotency,
  );
  if (r.status === 'created' && ids.length > 0) await linkPublicUploads(ctx, r.result.ticketId, ids);
  return { status: r.status, result: { number: r.result.number, queryCode: r.result.queryCode ?? '' } };
}

// ---------------------------------------------------------------------------------------------------
// Guessing the query code

interface Window {
  count: number;
  resetAt: number;
}

export interface GuessLimits {
  /** Wrong codes (or unknown numbers) one client address may try per window. */
  perAddress: { max: number; windowMs: number };
  /** Wrong codes tried on one ticket number per window, from all addresses together. */
  perNumber: { max: number; windowMs: number };
}

/**
 * 10 wrong codes per address per 15 minutes; 20 per ticket number per hour. With six-digit codes,
 * guessing one ticket's code takes about 50 000 hours on average. Once a number has reached its limit
 * it answers 429 to everyone, the right code included, until the hour is over (the requester can
 * still call 12345): a deliberate choice, because letting the right code through would tell the
 * guesser when they had found it.
 */
export const DEFAULT_GUESS_LIMITS: GuessLimits = {
  perAddress: { max: 10, windowMs: 15 * 60_000 },
  perNumber: { max: 20, windowMs: 60 * 60_000 },
};

/** Most windows kept in memory per map; expired ones are dropped when it is reached. */
const MAX_WINDOWS = 50_000;

/**
 * Counts failed query-code checks in fixed windows, in memory. With several server processes each
 * counts its own share, so the effective limit is the per-process one times the number of processes.
 */
export class GuessThrottle {
  readonly #byAddress = new Map<string, Window>();
  readonly #byNumber = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: GuessLimits = DEFAULT_GUESS_LIMITS,
  ) {}

  #exhausted(map: Map<string, Window>, key: string, max: number): number | null {
    const w = map.get(key);
    const now = this.clock().getTime();
    if (w === undefined || w.resetAt <= now) return null;
    return w.count >= max ? Math.ceil((w.resetAt - now) / 1000) : null;
  }

  #bump(map: Map<string, Window>, key: string, windowMs: number): void {
    const now = this.clock().getTime();
    if (map.size >= MAX_WINDOWS) for (const [k, w] of map) if (w.resetAt <= now) map.delete(k);
    if (map.size >= MAX_WINDOWS) map.delete(map.keys().next().value!);
    const w = map.get(key);
    if (w === undefined || w.resetAt <= now) map.set(key, { count: 1, resetAt: now + windowMs });
    else w.count++;
  }

  /** Throws RATE_LIMITED (429) when the address or the number has used up its wrong guesses. */
  check(address: string, number: string): void {
    const wait = this.#exhausted(this.#byAddress, address, this.limits.perAddress.max) ?? this.#exhausted(this.#byNumber, number, this.limits.perNumber.max);
    if (wait !== null) throw new AppError('RATE_LIMITED', '查询过于频繁，请稍后再试 Too many wrong query codes; try again later', { retryAfterSeconds: wait });
  }

  failed(address: string, number: string): void {
    this.#bump(this.#byAddress, address, this.limits.perAddress.windowMs);
    this.#bump(this.#byNumber, number, this.limits.perNumber.windowMs);
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** The ticket whose number and query code match, or a 404 that does not say which of the two was wrong. */
async function ticketByCode(ctx: AppContext, throttle: GuessThrottle, address: string, number: string, code: string): Promise<TicketRow> {
  throttle.check(address, number);
  const row = await findTicketRowByNumber(ctx.database.db, ctx.districtCode, number);
  const expected = row?.queryCodeHash ?? null;
  const given = sha256(hashQueryCode(number, code));
  const ok = row !== undefined && expected !== null && timingSafeEqual(sha256(expected), given);
  if (!ok) {
    throttle.failed(address, number);
    throw notFound('Request', number);
  }
  return row;
}

// ---------------------------------------------------------------------------------------------------
// Track

export const PUBLIC_TIMELINE_TYPES = [
  'accepted',
  'dispatched',
  'signed',
  'contacted',
  'extended',
  'deferred',
  'replied',
  'rated',
  'calledBack',
  'redo',
  'closed',
] as const;
export type PublicTimelineType = (typeof PUBLIC_TIMELINE_TYPES)[number];

export interface PublicTimelineItem {
  type: PublicTimelineType;
  at: string;
  /** In Chinese, e.g. 已派单至 大峪街道办事处. */
  label: string;
  /** The unit concerned (dispatched to, signed by …), or null. */
  unit: string | null;
  /** Text meant for the requester: the reply, the direct answer, the extension granted; or null. */
  text: string | null;
}

const SPECIAL_ROUTE_TEXT: Record<SpecialRoute, string> = {
  emergency_110: '已转 110 处理',
  emergency_119: '已转 119 处理',
  emergency_120: '已转 120 处理',
  emergency_122: '已转 122 处理',
  court_or_arbitration: '请通过诉讼或仲裁途径解决',
  discipline_inspection: '已转纪检监察机关',
  administrative_review: '请通过行政复议途径解决',
  information_disclosure: '请通过政府信息公开途径申请',
  petition: '请通过信访途径反映',
  outside_duty: '不属于政府部门职责范围',
  unlawful_request: '诉求不符合法律规定',
};

const OUTCOME_LABELS: Record<string, string> = {
  completed: '已办结',
  answered_directly: '已直接答复',
  repeat_linked: '重复诉求，已并入原工单',
  special_route: '已按规定转由其他渠道处理',
  callback_unreachable: '回访未能联系到您，已结案',
  closed_by_centre: '已结案',
};

const unitName = (ref: ReferenceSnapshot, id: unknown) => (typeof id === 'number' ? (ref.unitById.get(id)?.name ?? null) : null);

/** One stored event as the requester sees it, or null for internal work (notes, supervision, appeals …). */
function timelineItem(e: TicketEventRow, ref: ReferenceSnapshot): PublicTimelineItem | null {
  const d = e.data as Record<string, unknown>;
  const at = e.at.toISOString();
  const item = (type: PublicTimelineType, label: string, unit: string | null = null, text: string | null = null): PublicTimelineItem => ({
    type,
    at,
    label,
    unit,
    text,
  });
  switch (e.type) {
    case 'accept':
      return item('accepted', '已受理');
    case 'dispatch':
    case 'reassign': {
      const unit = unitName(ref, d.leadUnitId);
      return item('dispatched', unit ? `已派单至 ${unit}` : '已派单', unit);
    }
    case 'decideObjection': {
      if (d.approve !== true) return null;
      const unit = unitName(ref, d.leadUnitId);
      return item('dispatched', unit ? `已改派至 ${unit}` : '已改派', unit);
    }
    case 'sign': {
      const unit = unitName(ref, e.actorUnitId);
      return item('signed', `${unit ?? '承办单位'}已签收`, unit);
    }
    case 'contact':
      return item('contacted', '承办单位已与您联系', unitName(ref, e.actorUnitId));
    case 'decideExtension':
      return d.approve === true ? item('extended', `办理时限延长 ${String(d.days)} 个工作日`, null, String(d.days)) : null;
    case 'defer':
      return item('deferred', '因客观原因暂时无法解决，已列入计划跟进');
    case 'reply': {
      const unit = unitName(ref, e.actorUnitId);
      return item('replied', `${unit ?? '承办单位'}已答复`, unit, typeof d.text === 'string' ? d.text : null);
    }
    case 'callback':
      if (d.valid !== true) return null;
      return (e.actorRoles ?? []).includes('requester') ? item('rated', '您已评价') : item('calledBack', '已回访');
    case 'redo':
      return item('redo', '重新办理');
    case 'answerDirectly':
      return item('closed', '已直接答复，结案', null, typeof d.answer === 'string' ? d.answer : null);
    case 'linkRepeat':
      return item('closed', OUTCOME_LABELS.repeat_linked!, null, typeof d.progress === 'string' ? d.progress : null);
    case 'closeSpecial':
      return item('closed', OUTCOME_LABELS.special_route!, null, SPECIAL_ROUTE_TEXT[d.route as SpecialRoute] ?? null);
    case 'close':
      return item('closed', `${OUTCOME_LABELS[String(d.outcome)] ?? '已结案'}`);
    default:
      return null;
  }
}

export interface PublicRequestView {
  number: string;
  state: TicketState;
  /** The state in Chinese. */
  stateLabel: string;
  closed: boolean;
  outcome: string | null;
  category: { name: string; nameEn: string } | null;
  /** Street and community names. */
  place: string | null;
  acceptedAt: string;
  /** The unit's reply deadline while the request is open. */
  replyDueAt: string | null;
  leadUnit: string | null;
  timeline: PublicTimelineItem[];
  /** True while the requester may rate the reply. */
  mayRate: boolean;
  rating: { contacted: boolean; resolved: boolean; satisfaction: Satisfaction; at: string } | null;
}

/** Progress of one request for whoever holds its number and query code. */
export async function trackPublicRequest(ctx: AppContext, throttle: GuessThrottle, address: string, number: string, code: string): Promise<PublicRequestView> {
  const row = await ticketByCode(ctx, throttle, address, number, code);
  const [events, ref] = await Promise.all([listEvents(ctx.database.db, row.id), ctx.reference.get()]);
  const t = domainTicketOf(row);
  const category = row.categoryId === null ? undefined : ref.categoryById.get(row.categoryId);
  const place = [row.streetCode, row.communityCode].map((c) => (c === null ? undefined : ref.divisionByCode.get(c)?.name)).filter((n) => n !== undefined);
  const closed = t.state === 'closed';
  return {
    number: row.number,
    state: t.state,
    stateLabel: STATE_LABELS[t.state],
    closed,
    outcome: t.outcome,
    category: category ? { name: category.name, nameEn: category.nameEn } : null,
    place: place.length ? place.join(' ') : null,
    acceptedAt: t.acceptedAt.toISOString(),
    replyDueAt: closed ? null : (t.deadlines.reply?.dueAt.toISOString() ?? null),
    leadUnit: unitName(ref, t.leadUnitId),
    timeline: events.map((e) => timelineItem(e, ref)).filter((x) => x !== null),
    // Replied, and of a kind its requester rates (KindConfig.evaluatedBy).
    mayRate: allowedActions(t, REQUESTER_ACTOR, ctx.clock()).includes('callback'),
    rating: t.callback
      ? { contacted: t.callback.contacted, resolved: t.callback.resolved, satisfaction: t.callback.satisfaction, at: t.callback.at.toISOString() }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Rate

export interface RatingInput {
  contacted: boolean;
  resolved: boolean;
  satisfaction: Satisfaction;
  comment?: string;
}

/**
 * The requester's rating of the reply, recorded as the ticket's callback by the requester party; a
 * satisfied (or basically satisfied) rating that says resolved closes the ticket in the same
 * transaction. Allowed only while the ticket is replied (409 otherwise).
 */
export async function rateReply(
  ctx: AppContext,
  throttle: GuessThrottle,
  address: string,
  number: string,
  code: string,
  rating: RatingInput,
): Promise<{ state: TicketState; closed: boolean }> {
  const found = await ticketByCode(ctx, throttle, address, number, code);
  const ref = await ctx.reference.get();
  try {
    return await ctx.database.db.transaction(async (tx) => {
      const row = await findTicketRow(tx, found.id, { districtCode: ctx.districtCode, unitIds: 'all' }, true);
      if (row === undefined) throw notFound('Request', number);
      let ticket = domainTicketOf(row);
      if (ticket.state !== 'replied')
        throw new AppError('WORKFLOW.INVALID_TRANSITION', '承办单位答复后才能评价 The request can be rated once the unit has replied, and only once', {
          state: ticket.state,
        });
      const comment = rating.comment?.trim() ?? '';
      const input = {
        valid: true as const,
        contacted: rating.contacted,
        resolved: rating.resolved,
        satisfaction: rating.satisfaction,
        note: comment ? `诉求人评价：${comment}` : '诉求人评价',
      };
      ticket = (await applyCommand(ctx, tx, ticket, { type: 'callback', input }, REQUESTER_ACTOR, ref)).ticket;
      if (ratingCloses(input))
        ticket = (await applyCommand(ctx, tx, ticket, { type: 'close', input: { note: '诉求人评价满意，结案' } }, REQUESTER_ACTOR, ref)).ticket;
      return { state: ticket.state, closed: ticket.state === 'closed' };
    });
  } catch (e) {
    if (e instanceof ConcurrentUpdateError) throw new AppError('TICKET.CONCURRENT_UPDATE', e.message);
    throw e;
  }
}
