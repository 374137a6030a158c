/**
 * Intake (受理): records a request as a ticket and, in the same transaction, triages it — answer a
 * consultation, close by a special route, link a repeat, or dispatch (by the catalogue's suggestion or
 * to named units). Idempotent by key: a retried request returns the stored ticket, never a second one.
 */
import { randomInt } from 'node:crypto';
import { localDate } from './domain/calendar/local-time.ts';
import { suggestDispatch, type RoutingSuggestion } from './domain/routing/dispatch-routing.ts';
import { accept, decide, type Decision } from './domain/workflow/decide.ts';
import type { Command } from './domain/workflow/events.ts';
import { KIND_CONFIGS } from './domain/workflow/kinds.ts';
import { isTicketSource, TICKET_SOURCES, type TicketSource } from './domain/workflow/sources.ts';
import {
  STATE_LABELS,
  type Actor,
  type Channel,
  type RequestType,
  type SpecialRoute,
  type Ticket,
  type TicketKind,
  type TicketState,
  type Urgency,
} from './domain/workflow/ticket.ts';
import type { DbOrTx, Tx } from '../platform/db/client.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import { findIdempotent } from './idempotency.repository.ts';
import { findKnowledge } from './reference/reference.repository.ts';
import { domainTicketOf, drawTicketId, findTicketRow, insertTicket, type TicketRow } from './ticket.repository.ts';
import type { AppContext } from './context.ts';
import { sha256Hex } from '../platform/crypto/hashing.ts';
import { ticketAad } from '../platform/crypto/personal-data-crypto.ts';
import { AppError, invalid } from '../platform/errors.ts';
import type { ReferenceSnapshot } from './reference/reference-cache.ts';
import { assertUnitsDispatchable } from './reference/units.ts';

export type Triage =
  | { action: 'none' }
  | { action: 'dispatch'; leadUnitId?: number; coUnitIds?: number[]; reason?: string }
  | { action: 'answerDirectly'; answer: string; articleId?: number }
  | { action: 'closeSpecial'; route: SpecialRoute; note?: string }
  | { action: 'linkRepeat'; originalId: number }
  /** A grid worker's own report, fixed on the spot (the after photos are linked by the caller). */
  | { action: 'resolveOnSpot'; resolution: string; afterPhotoIds: number[] };

export interface IntakeInput {
  kind?: TicketKind;
  requestType: RequestType;
  channel: Channel;
  urgency?: Urgency;
  categoryId?: number | null;
  title?: string;
  content: string;
  address?: string;
  streetCode?: string | null;
  communityCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  requesterName?: string;
  requesterPhone?: string;
  /** Where the request came from; default: the kind's (KindConfig.defaultSource). One of TICKET_SOURCES. */
  source?: TicketSource;
  /** The system an imported ticket came from (the history import's mapping name). */
  sourceSystem?: string;
  /**
   * The time-limit class (a code of the configured classes) when the caller knows it better than the
   * category: a service order takes its menu item's. An emergency still takes the emergency class.
   */
  timeLimitClass?: string;
  triage?: Triage;
}

export interface IntakeResult {
  ticketId: number;
  number: string;
  /** Shown once to the requester to follow progress on the public page. */
  queryCode: string | null;
  state: string;
  routing: RoutingSuggestion | null;
  repeatCandidates: { id: number; number: string; state: string }[];
  warnings: string[];
}

export const hashQueryCode = (number: string, code: string) => sha256Hex(`${number}:${code}`);

/** Ticket numbers read like the hotline's: JS + local date + the global id. */
export const ticketNumber = (id: number, acceptedAt: Date) => `JS${localDate(acceptedAt).replace(/-/g, '')}${String(id).padStart(6, '0')}`;

interface Place {
  streetCode: string | null;
  communityCode: string | null;
}

function resolvePlace(ref: ReferenceSnapshot, districtCode: string, input: IntakeInput): Place {
  const community = input.communityCode ?? null;
  let street = input.streetCode ?? null;
  if (community !== null) {
    const c = ref.divisionByCode.get(community);
    if (c === undefined || c.level !== 'community')
      throw new AppError('INTAKE.UNKNOWN_PLACE', `Community ${community} is not in district ${districtCode}`, { communityCode: community });
    if (street !== null && c.parentCode !== street)
      throw new AppError('INTAKE.UNKNOWN_PLACE', `Community ${community} is not in street ${street}`, { communityCode: community, streetCode: street });
    street = c.parentCode;
  }
  if (street !== null) {
    const s = ref.divisionByCode.get(street);
    if (s === undefined || s.level !== 'street')
      throw new AppError('INTAKE.UNKNOWN_PLACE', `Street ${street} is not in district ${districtCode}`, { streetCode: street });
  }
  return { streetCode: street, communityCode: community };
}

function resolveCategory(ref: ReferenceSnapshot, categoryId: number | null | undefined) {
  if (categoryId === null || categoryId === undefined) return null;
  const c = ref.categoryById.get(categoryId);
  if (c === undefined || !c.active) throw new AppError('INTAKE.UNKNOWN_CATEGORY', `Category ${categoryId} does not exist`, { categoryId });
  if (!c.isLeaf) throw new AppError('INTAKE.CATEGORY_NOT_LEAF', `Category ${c.path} has subcategories; choose one of them`, { categoryId });
  return c;
}

function must(r: ReturnType<typeof decide>): Decision {
  if (!r.ok) throw AppError.from(r.error);
  return r.value;
}

/** Progress of an open ticket, in words, for answering a repeat call. */
export function progressText(row: TicketRow, ref: ReferenceSnapshot): string {
  const unit = row.leadUnitId === null ? '待派单' : (ref.unitById.get(row.leadUnitId)?.name ?? '');
  // A deadline at 24:00 is stored as the next day's 00:00: show the day it ends on.
  const due = row.replyDueAt ? `，办理时限 ${localDate(new Date(row.replyDueAt.getTime() - 1))}` : '';
  const state = STATE_LABELS[row.state as TicketState] ?? row.state;
  return `原工单 ${row.number} 正在办理（状态：${state}，承办单位：${unit}${due}）`;
}

/**
 * Records a ticket. `within` runs in the same transaction once the ticket is stored (the rows a whistle
 * or grid report keeps beside its ticket, its photos), so the whole write lands or nothing does.
 * An actor outside the centre holding one of the kind's initiator roles becomes its initiator.
 */
export async function createTicket(
  ctx: AppContext,
  actor: Actor | null,
  input: IntakeInput,
  idempotency?: { scope: string; key: string },
  within?: (tx: Tx, created: { ticketId: number; number: string; now: Date }) => Promise<void>,
): Promise<{ status: 'created' | 'replayed'; result: IntakeResult }> {
  const ref = await ctx.reference.get();
  // Keyed: the request holds the requester's phone, and everything else in it is stored in clear.
  const requestJson = JSON.stringify(input);
  const requestHash = ctx.personalData.digest(requestJson);
  const sameRequest = (prior: string) => ctx.personalData.digests(requestJson).includes(prior) || prior === sha256Hex(requestJson);
  const db = ctx.database.db;

  if (idempotency) {
    const prior = await findIdempotent(db, ctx.districtCode, idempotency.scope, idempotency.key);
    if (prior) return replayed(sameRequest(prior.requestHash), prior.response);
  }

  const kind = input.kind ?? 'hotline_request';
  // Callers inside the server pass typed sources; this keeps a stray string (a mapping name, an old
  // code) from reaching the ledgers, where no rule would ever match it.
  if (input.source !== undefined && !isTicketSource(input.source))
    throw new AppError('INTAKE.UNKNOWN_SOURCE', `Unknown source "${String(input.source)}"; one of ${TICKET_SOURCES.join(', ')}`, { source: input.source });
  const source = input.source ?? KIND_CONFIGS[kind].defaultSource;
  const category = resolveCategory(ref, input.categoryId);
  const place = resolvePlace(ref, ctx.districtCode, input);
  const urgency = input.urgency ?? 'normal';
  if (input.timeLimitClass !== undefined && ref.limits[input.timeLimitClass] === undefined)
    throw new AppError('WORKFLOW.NO_TIME_LIMIT', `No time limits configured for class "${input.timeLimitClass}"`, { timeLimitClass: input.timeLimitClass });
  const timeLimitClass = urgency === 'emergency' ? 'emergency' : (input.timeLimitClass ?? category?.timeLimitClass ?? 'general');
  const triage = input.triage ?? { action: 'none' };
  const content = input.content.trim();
  if (content.length === 0) throw invalid('The content of the request is empty');
  const pd = ctx.personalData;
  // Repeats are found by the phone's keyed hash under every key (a rotation may be half way).
  const phoneKeys = pd.phoneKeys(input.requesterPhone);
  const initiatorUnitId = actor !== null && !actor.isCentre && KIND_CONFIGS[kind].initiatorRoles.some((r) => actor.roles.includes(r)) ? actor.unitId : null;

  // The ticket, its events and the idempotency record are written by one statement (insertTicket),
  // which is atomic by itself; everything before it only reads (or draws the id, which a rollback would
  // not return either). So without `within` no transaction is opened: two round trips fewer per ticket.
  const record = async (tx: DbOrTx) => {
    const now = ctx.clock();
    const { id, repeats } = await drawTicketId(tx, ctx.districtCode, phoneKeys, category?.id ?? null, place.communityCode);
    const number = ticketNumber(id, now);
    const queryCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const created = accept(
      {
        id,
        number,
        kind,
        districtCode: ctx.districtCode,
        requestType: input.requestType,
        categoryId: category?.id ?? null,
        timeLimitClass,
        urgency,
        channel: input.channel,
        ...(initiatorUnitId === null ? {} : { initiatorUnitId }),
      },
      now,
      actor,
    );
    const history: { event: Decision['event']; before: Ticket | null; after: Ticket }[] = [{ event: created.event, before: null, after: created.ticket }];
    const warnings: string[] = [];
    const decideCtx = { now, actor, calendar: ref.calendar, limits: ref.limits, escalation: ref.escalation };
    const step = (cmd: Command) => {
      const before = history.at(-1)!.after;
      const d = must(decide(before, cmd, decideCtx));
      history.push({ event: d.event, before, after: d.ticket });
      warnings.push(...d.warnings);
    };

    let routing: RoutingSuggestion | null = null;
    if (triage.action === 'dispatch' || triage.action === 'none') {
      routing = suggestDispatch(category?.id ?? null, place, ref.catalog, ref.routingUnits);
    }

    switch (triage.action) {
      case 'none':
        break;
      case 'dispatch': {
        const lead = triage.leadUnitId ?? routing!.leadUnitId;
        const co = triage.coUnitIds ?? (triage.leadUnitId === undefined ? routing!.coUnitIds : []);
        assertUnitsDispatchable(ref, [lead, ...co]);
        const fallback = ref.unitById.get(lead)?.isFallback === true;
        step({
          type: 'dispatch',
          input: { leadUnitId: lead, coUnitIds: co, fallback, reason: triage.reason ?? (triage.leadUnitId === undefined ? routing!.reason : '话务员指定') },
        });
        break;
      }
      case 'answerDirectly': {
        if (!KIND_CONFIGS[kind].directAnswerTypes.has(input.requestType))
          throw new AppError('WORKFLOW.PRECONDITION_FAILED', `A ${input.requestType} cannot be answered directly; dispatch it`);
        if (triage.articleId !== undefined && (await findKnowledge(tx, triage.articleId)) === undefined)
          throw new AppError('INTAKE.UNKNOWN_ARTICLE', `Knowledge article ${triage.articleId} does not exist`);
        step({ type: 'answerDirectly', input: { answer: triage.answer, articleId: triage.articleId ?? null } });
        break;
      }
      case 'closeSpecial':
        step({ type: 'closeSpecial', input: { route: triage.route, note: triage.note ?? '' } });
        break;
      case 'resolveOnSpot':
        step({ type: 'resolveOnSpot', input: { resolution: triage.resolution, afterPhotoIds: triage.afterPhotoIds } });
        break;
      case 'linkRepeat': {
        const original = await findTicketRow(tx, triage.originalId, { districtCode: ctx.districtCode, unitIds: 'all' });
        if (original === undefined) throw new AppError('INTAKE.UNKNOWN_ORIGINAL', `Ticket ${triage.originalId} does not exist`);
        if (original.state === 'closed' || original.state === 'accepted')
          throw new AppError('INTAKE.ORIGINAL_NOT_OPEN', `Ticket ${original.number} is not being handled; this is a new request`);
        step({ type: 'linkRepeat', input: { originalId: original.id, originalNumber: original.number, progress: progressText(original, ref) } });
        break;
      }
    }

    const final = history.at(-1)!.after;
    const result: IntakeResult = {
      ticketId: id,
      number,
      queryCode,
      state: final.state,
      routing,
      repeatCandidates: repeats.filter((r) => r.id !== id).map((r) => ({ id: r.id, number: r.number, state: r.state })),
      warnings,
    };
    await insertTicket(
      tx,
      created.ticket,
      {
        title: (input.title ?? '').trim() || content.slice(0, 40),
        content,
        address: pd.seal(input.address?.trim() ?? '', ticketAad(ctx.districtCode, id, 'address')),
        streetCode: place.streetCode,
        communityCode: place.communityCode,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        // Personal data is sealed at rest, bound to this ticket and column (personal-data-crypto.ts).
        requesterName: pd.seal(input.requesterName?.trim() ?? '', ticketAad(ctx.districtCode, id, 'requester_name')),
        requesterPhone: pd.seal(input.requesterPhone?.trim() ?? '', ticketAad(ctx.districtCode, id, 'requester_phone')),
        requesterPhoneKey: pd.phoneKey(input.requesterPhone),
        queryCodeHash: hashQueryCode(number, queryCode),
        source,
        ...(input.sourceSystem === undefined ? {} : { sourceSystem: input.sourceSystem }),
        createdBy: actor?.userId ?? null,
      },
      history,
      now,
      idempotency
        ? { districtCode: ctx.districtCode, scope: idempotency.scope, key: idempotency.key, requestHash, ticketId: id, statusCode: 201, response: result }
        : undefined,
    );
    if (within) await within(tx as Tx, { ticketId: id, number, now });
    return result;
  };

  try {
    const result = within ? await db.transaction(record) : await record(db);
    for (const w of result.warnings) ctx.log.warn({ ticket: result.number }, w);
    return { status: 'created', result };
  } catch (e) {
    // A concurrent request with the same key committed first: answer with its ticket.
    if (idempotency && isUniqueViolation(e)) {
      const prior = await findIdempotent(db, ctx.districtCode, idempotency.scope, idempotency.key);
      if (prior) return replayed(sameRequest(prior.requestHash), prior.response);
    }
    throw e;
  }
}

/** `same`: the stored request hash is this request's (under any key, or unkeyed as older versions stored it). */
function replayed(same: boolean, response: unknown): { status: 'replayed'; result: IntakeResult } {
  if (!same) throw new AppError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used for a different request');
  return { status: 'replayed', result: response as IntakeResult };
}

export { domainTicketOf };
