/**
 * Open311 GeoReport v2 (with mySociety's extensions, DOMAIN-RULES §15): the service list is the category
 * tree's active leaves, POST requests is public intake through `createTicket`, GET requests shows the
 * progress of the district's hotline requests to anyone. The HTTP edge checks the shape of the input;
 * the rules that need reference data (service code, place, jurisdiction) are checked here.
 *
 * Privacy (DOMAIN-RULES §13): everything this module returns is public and ticket numbers are sequential,
 * so nothing here may identify a requester. The public presenter (`presentPublicRequest`) is a
 * whitelist: no name, phone, free-text address or reply text; the place is reduced to the street and
 * community names and coordinates are rounded to 3 decimals (about 100 m).
 */
import { DAY_MS, parseLocalDate, SHANGHAI_OFFSET_MS } from '../../engine/domain/calendar/local-time.ts';
import type { RequestType } from '../../engine/domain/workflow/ticket.ts';
import { listPublicTicketRows, type PublicTicketFilter, type PublicTicketRow } from '../../engine/ticket.repository.ts';
import type { CategoryRow } from '../../engine/reference/reference.repository.ts';
import type { AppContext } from '../../engine/context.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { createTicket, type IntakeInput } from '../../engine/intake.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';

export const OPEN311_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this interface last changed (discovery `changeset`). */
export const OPEN311_CHANGESET = '2026-03-01T00:00:00+08:00';
/** Only hotline requests (接诉即办) are citizens' requests; whistles, grid reports and tasks are internal work. */
const PUBLIC_KINDS = ['hotline_request'] as const;
/** GeoReport v2: a date window may not span more than 90 days, and the default window is the last 90 days. */
const MAX_WINDOW_MS = 90 * DAY_MS;
export const MAX_REQUESTS = 1000;
/** Request types an Open311 client may choose (our `request_type` extension); consultations need an operator. */
export const OPEN311_REQUEST_TYPES = ['complaint', 'help', 'report', 'suggestion'] as const;
/** Service attributes we define (service definition); only `community_code` for now. */
export const OPEN311_ATTRIBUTE_CODES = ['community_code'] as const;

const unknownService = (code: string) =>
  new AppError('VALIDATION.UNKNOWN_SERVICE_CODE', `service_code ${code} not found; see services.json`, { service_code: code });

/** A W3C datetime with Asia/Shanghai's offset (`2026-03-02T09:00:00+08:00`), or null. */
export function w3cDateTime(d: Date | null): string | null {
  if (d === null) return null;
  return `${new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const W3C_RE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2})))?$/;

/**
 * Parses a W3C datetime (`YYYY-MM-DD` or `YYYY-MM-DDThh:mm[:ss[.s]]TZD`). A bare date is local midnight
 * in Asia/Shanghai; `endOfDay` makes it the next midnight instead (an inclusive end date). Null if invalid.
 */
export function parseW3cDateTime(s: string, endOfDay = false): Date | null {
  const m = W3C_RE.exec(s);
  if (m === null) return null;
  const day = parseLocalDate(m[1]!);
  if (day === null) return null;
  if (m[2] === undefined) return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS + (endOfDay ? DAY_MS : 0));
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  if (m[6] !== undefined && (Number(m[6]) > 14 || Number(m[7]) > 59)) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** GeoReport's jurisdiction_id is the district code (DOMAIN-RULES §15); this server serves one district. */
function checkJurisdiction(ctx: AppContext, jurisdictionId: string | undefined): void {
  if (jurisdictionId !== undefined && jurisdictionId !== ctx.districtCode)
    throw invalid(`jurisdiction_id ${jurisdictionId} is not served here; this endpoint serves ${ctx.districtCode}`, { jurisdiction_id: jurisdictionId });
}

// ---------------------------------------------------------------------------------------------------
// Discovery and services

export function discovery(baseUrl: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: '12345 政务服务便民热线 (Beijing 12345 citizen service hotline): call 12345',
    key_service: null,
    endpoints: [
      {
        specification: OPEN311_SPECIFICATION,
        url: baseUrl,
        changeset: OPEN311_CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

function topLevelName(ref: ReferenceSnapshot, c: CategoryRow): string {
  let cur = c;
  for (let i = 0; i < 10 && cur.parentId !== null; i++) {
    const parent = ref.categoryById.get(cur.parentId);
    if (parent === undefined) break;
    cur = parent;
  }
  return cur.name;
}

const isService = (c: CategoryRow) => c.active && c.isLeaf;

/** One service per active leaf category (DOMAIN-RULES §15: service list = categories). */
export async function listServices(ctx: AppContext, jurisdictionId?: string) {
  checkJurisdiction(ctx, jurisdictionId);
  const ref = await ctx.reference.get();
  return ref.categories.filter(isService).map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.path,
    // Every service has the optional `community_code` attribute (see serviceDefinition).
    metadata: true,
    type: 'realtime',
    keywords: c.keywords.join(','),
    group: topLevelName(ref, c),
  }));
}

/**
 * The service definition: one optional attribute, `community_code` (社区/村), a singlevaluelist of the
 * district's communities. Giving it lets the centre dispatch by territory (属地) without geocoding.
 */
export async function serviceDefinition(ctx: AppContext, serviceCode: string, jurisdictionId?: string) {
  checkJurisdiction(ctx, jurisdictionId);
  const ref = await ctx.reference.get();
  const c = ref.categories.find((x) => x.code === serviceCode && isService(x));
  if (c === undefined) throw new AppError('NOT_FOUND', `service_code ${serviceCode} not found`, { service_code: serviceCode });
  const communities = [...ref.divisionByCode.values()].filter((d) => d.level === 'community');
  return {
    service_code: c.code,
    attributes: [
      {
        variable: true,
        code: 'community_code',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '12-digit national division code of the community or village',
        order: 1,
        description: '所在社区/村（可选，便于按属地派单） Community or village (optional)',
        values: communities.map((d) => ({
          key: d.code,
          name: `${ref.divisionByCode.get(d.parentCode ?? '')?.name ?? ''} ${d.name}`.trim(),
        })),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// POST requests: public intake

/** The fields of a POST, already shape-checked at the edge; absent and empty fields are undefined. */
export interface Open311SubmitInput {
  service_code: string;
  description: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  jurisdiction_id?: string;
  community_code?: string;
  street_code?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  media_url?: string;
  request_type?: string;
  /** `attribute[code]` values. */
  attributes: Record<string, string>;
}

function coordinate(value: string | undefined, name: 'lat' | 'long', limit: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[-+]?\d{1,3}(\.\d{1,15})?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || Math.abs(n) > limit)
    throw invalid(`${name} must be a decimal number between -${limit} and ${limit} (WGS-84 degrees)`, { [name]: value });
  return n;
}

/** 姓 + 名 for Chinese names (张 + 三 → 张三); "first last" for names written in Latin letters. */
export function requesterName(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (f === '' && l === '') return undefined;
  const latin = /^[\p{Script=Latin}\s.'-]+$/u;
  return latin.test(f) && latin.test(l) ? `${f} ${l}` : `${l}${f}`;
}

function intakeOf(ctx: AppContext, ref: ReferenceSnapshot, input: Open311SubmitInput): IntakeInput {
  checkJurisdiction(ctx, input.jurisdiction_id);
  const category = ref.categories.find((c) => c.code === input.service_code && isService(c));
  if (category === undefined) throw unknownService(input.service_code);

  const lat = coordinate(input.lat, 'lat', 90);
  const long = coordinate(input.long, 'long', 180);
  if ((lat === undefined) !== (long === undefined)) throw invalid('lat and long must be given together');

  for (const code of Object.keys(input.attributes))
    if (!(OPEN311_ATTRIBUTE_CODES as readonly string[]).includes(code))
      throw invalid(`attribute[${code}] is not defined for this service; see services/${category.code}.json`, { attribute: code });
  const attrCommunity = input.attributes.community_code;
  if (attrCommunity !== undefined && input.community_code !== undefined && attrCommunity !== input.community_code)
    throw invalid('community_code and attribute[community_code] differ');
  const communityCode = input.community_code ?? attrCommunity;

  // GeoReport v2 requires a location: lat & long, address_string or address_id. Our community_code and
  // street_code extensions place a request at least as precisely, so they count too.
  if (
    lat === undefined &&
    input.address_string === undefined &&
    input.address_id === undefined &&
    communityCode === undefined &&
    input.street_code === undefined
  )
    throw invalid('A location is required: lat and long, address_string, address_id, community_code or street_code');

  if (input.media_url !== undefined) {
    let ok: boolean;
    try {
      const u = new URL(input.media_url);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) throw invalid('media_url must be an http or https URL', { media_url: input.media_url });
  }
  if (input.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw invalid('email is not an e-mail address');

  const requestType = input.request_type ?? 'complaint';
  if (!(OPEN311_REQUEST_TYPES as readonly string[]).includes(requestType))
    throw invalid(`request_type must be one of ${OPEN311_REQUEST_TYPES.join(', ')}`, { request_type: requestType });
  const name = requesterName(input.first_name, input.last_name);
  const address = [input.address_string, input.address_id === undefined ? undefined : `address_id ${input.address_id}`]
    .filter((x) => x !== undefined)
    .join(' ');
  return {
    kind: 'hotline_request',
    requestType: requestType as RequestType,
    channel: 'open311',
    categoryId: category.id,
    content: input.description,
    ...(address === '' ? {} : { address }),
    streetCode: input.street_code ?? null,
    communityCode: communityCode ?? null,
    latitude: lat ?? null,
    longitude: long ?? null,
    ...(name === undefined ? {} : { requesterName: name }),
    ...(input.phone === undefined ? {} : { requesterPhone: input.phone }),
    source: 'open311',
    // No triage: the request waits in `accepted` until an operator checks and dispatches it.
    triage: { action: 'none' },
  };
}

export interface Open311SubmitResult {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  /**
   * GeoReport v2's token stands for "an id you can exchange for the service_request_id later". Our
   * requests get their number at once, so the token is put to a better use: it is the requester's
   * query code (查询码), which together with the number opens the public progress page. It is shown
   * only in this answer (the server keeps only a hash).
   */
  token: string;
}

/**
 * Public intake (no login). `email`, `device_id`, `account_id` and `media_url` are checked but stored
 * nowhere yet. With an idempotency key a retry returns the first answer and creates no second ticket.
 */
export async function submitRequest(
  ctx: AppContext,
  input: Open311SubmitInput,
  idempotency?: { scope: string; key: string },
): Promise<{ status: 'created' | 'replayed'; response: Open311SubmitResult }> {
  const ref = await ctx.reference.get();
  const intake = intakeOf(ctx, ref, input);
  const r = await createTicket(ctx, null, intake, idempotency);
  return {
    status: r.status,
    response: {
      service_request_id: r.result.number,
      service_notice: `您的诉求已受理，工单编号 ${r.result.number}。请保存查询码（token），凭工单编号和查询码查询办理进度。Your request has been accepted; keep the token: it is your query code.`,
      account_id: null,
      token: r.result.queryCode ?? '',
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// GET requests: public progress

export const EXTENDED_STATUSES = [
  'open',
  'in_progress',
  'action_scheduled',
  'duplicate',
  'not_responsible',
  'closed',
  'fixed',
  'no_further_action',
  'internal_referral',
  'unable_to_fix',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];

const STATE_NOTES: Record<string, string> = {
  accepted: '已受理，待派单 (accepted, awaiting dispatch)',
  dispatched: '已派单，待承办单位签收 (dispatched to the handling unit)',
  signed: '承办单位已签收 (signed for by the handling unit)',
  objection_review: '派单异议审核中 (the centre is reviewing who is responsible)',
  handling: '办理中 (being handled)',
  deferred: '挂账，按计划跟进 (deferred for objective reasons, followed up on a plan)',
  replied: '承办单位已答复，待回访 (the unit has replied; awaiting the callback)',
  callback_done: '已回访 (called back)',
};

const OUTCOME_NOTES: Record<string, string> = {
  completed: '已办结 (completed)',
  answered_directly: '已直接答复 (answered directly)',
  repeat_linked: '重复诉求，已关联原工单 (a repeat of an open request; linked to it)',
  special_route: '已按规定转由其他渠道处理 (referred to the competent channel)',
  callback_unreachable: '回访未能联系到诉求人，已结案 (closed: the requester could not be reached)',
  closed_by_centre: '指挥中心已结案 (closed by the command centre)',
};

/** Special routes after which the matter is none of the district's business (outside any duty, unlawful). */
const NOT_RESPONSIBLE_ROUTES = new Set(['outside_duty', 'unlawful_request']);

/**
 * Our states and outcomes in mySociety's extended statuses. Open states: accepted → open;
 * dispatched, signed → action_scheduled (a unit has it and is on the clock); handling, deferred,
 * objection_review → in_progress; replied, callback_done → in_progress too (the unit reports a result
 * but the requester has not confirmed it in the callback yet, so the request is still open). Closed:
 * completed → fixed when the callback says resolved, else closed; repeat_linked → duplicate;
 * special_route → not_responsible (outside_duty, unlawful_request) or internal_referral (emergency
 * services, courts, petitions …); answered_directly, closed_by_centre → closed; callback_unreachable
 * → no_further_action. `unable_to_fix` is never produced: a problem that cannot be solved now is
 * deferred (挂账), which stays open.
 */
export function extendedStatusOf(t: Pick<PublicTicketRow, 'state' | 'outcome' | 'resolved' | 'specialRoute'>): ExtendedStatus {
  switch (t.state) {
    case 'accepted':
      return 'open';
    case 'dispatched':
    case 'signed':
      return 'action_scheduled';
    case 'closed':
      switch (t.outcome) {
        case 'completed':
          return t.resolved === true ? 'fixed' : 'closed';
        case 'repeat_linked':
          return 'duplicate';
        case 'special_route':
          return t.specialRoute !== null && NOT_RESPONSIBLE_ROUTES.has(t.specialRoute) ? 'not_responsible' : 'internal_referral';
        case 'callback_unreachable':
          return 'no_further_action';
        default:
          return 'closed';
      }
    default:
      return 'in_progress';
  }
}

/** The requester's own words are published only when they wrote them for this public interface. */
export const PUBLIC_DESCRIPTION_MAX = 200;

/**
 * The description shown to the public. Text taken down from a phone call (or any other channel) was
 * not written for publication and is never shown. Text posted through Open311 is, like on any
 * GeoReport server, public, but people still write their phone number or ID into it: digit runs of 7
 * or more and e-mail addresses are blanked, and it is cut to 200 characters.
 */
export function publicDescription(channel: string, content: string): string {
  if (channel !== 'open311') return '';
  const scrubbed = content
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '***')
    .replace(/\d[\d\s-]{5,}[\dXx]/g, (run) => (run.replace(/\D/g, '').length >= 7 ? '***' : run));
  const chars = [...scrubbed];
  return chars.length <= PUBLIC_DESCRIPTION_MAX ? scrubbed : `${chars.slice(0, PUBLIC_DESCRIPTION_MAX).join('')}…`;
}

const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** The public whitelist of one request. */
export function presentPublicRequest(row: PublicTicketRow, ref: ReferenceSnapshot) {
  const category = row.categoryId === null ? undefined : ref.categoryById.get(row.categoryId);
  const extended = extendedStatusOf(row);
  const closed = row.state === 'closed';
  const unit = row.leadUnitId === null ? undefined : ref.unitById.get(row.leadUnitId);
  // The address is reduced to the street and community names: a free-text address (a building, a flat)
  // points at the requester's home (DOMAIN-RULES §13).
  const place = [row.streetCode, row.communityCode].map((c) => (c === null ? undefined : ref.divisionByCode.get(c)?.name)).filter((n) => n !== undefined);
  const notice = closed
    ? null
    : row.replyDueAt !== null
      ? `承办单位应于 ${w3cDateTime(row.replyDueAt)!.slice(0, 16).replace('T', ' ')} 前答复 (reply due)`
      : '工作人员将尽快派单 (to be dispatched shortly)';
  return {
    service_request_id: row.number,
    status: closed ? 'closed' : 'open',
    extended_status: extended,
    status_notes: closed ? (OUTCOME_NOTES[row.outcome ?? ''] ?? '已关闭 (closed)') : (STATE_NOTES[row.state] ?? row.state),
    service_name: category?.name ?? null,
    service_code: category?.code ?? null,
    description: publicDescription(row.channel, row.content),
    agency_responsible: unit?.name ?? null,
    service_notice: notice,
    requested_datetime: w3cDateTime(row.acceptedAt),
    updated_datetime: w3cDateTime(row.updatedAt),
    expected_datetime: w3cDateTime(row.replyDueAt),
    address: place.length === 0 ? null : place.join(' '),
    address_id: null,
    zipcode: null,
    lat: round3(row.latitude),
    long: round3(row.longitude),
    media_url: null,
  };
}
export type PublicRequest = ReturnType<typeof presentPublicRequest>;

/** GET requests parameters, shape-checked at the edge. */
export interface Open311ListQuery {
  jurisdiction_id?: string;
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  agency_responsible?: string;
  updated_after?: string;
  updated_before?: string;
  max_requests?: number;
}

function dateParam(name: string, value: string | undefined, endOfDay = false): Date | undefined {
  if (value === undefined) return undefined;
  const d = parseW3cDateTime(value, endOfDay);
  if (d === null) throw invalid(`${name} must be a W3C datetime such as 2026-03-02T09:00:00+08:00 or 2026-03-02`, { [name]: value });
  return d;
}

/**
 * The filter of a GET requests call. `service_request_id` overrides every other argument (spec).
 * The requested_datetime window is start_date..end_date (a bare end date includes that day), at most
 * 90 days; one bound alone extends 90 days from it; neither means the last 90 days, unless the call
 * asks for updated_after/updated_before, which then replace the window (polling for changes).
 */
function filterOf(ctx: AppContext, ref: ReferenceSnapshot, q: Open311ListQuery): PublicTicketFilter {
  checkJurisdiction(ctx, q.jurisdiction_id);
  const limit = q.max_requests ?? MAX_REQUESTS;
  if (q.service_request_id !== undefined) {
    const numbers = [
      ...new Set(
        q.service_request_id
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      ),
    ];
    if (numbers.length === 0) throw invalid('service_request_id is empty');
    return { kinds: PUBLIC_KINDS, numbers, limit };
  }
  const f: PublicTicketFilter = { kinds: PUBLIC_KINDS, limit };
  if (q.service_code !== undefined) {
    const c = ref.categories.find((x) => x.code === q.service_code);
    if (c === undefined) throw unknownService(q.service_code);
    f.categoryId = c.id;
  }
  if (q.status !== undefined) {
    const wanted = new Set(q.status.split(',').map((s) => s.trim()));
    if ([...wanted].some((s) => s !== 'open' && s !== 'closed')) throw invalid('status must be open, closed or both (comma-separated)');
    if (wanted.size === 1) f.closed = wanted.has('closed');
  }
  if (q.agency_responsible !== undefined) {
    const name = q.agency_responsible.trim();
    const unit = ref.units.find((u) => u.name === name || u.code === name);
    if (unit === undefined) throw invalid(`agency_responsible ${name} is not a handling unit of this district`);
    f.leadUnitId = unit.id;
  }
  f.updatedFrom = dateParam('updated_after', q.updated_after);
  f.updatedTo = dateParam('updated_before', q.updated_before);
  let start = dateParam('start_date', q.start_date);
  let end = dateParam('end_date', q.end_date, true);
  if (start !== undefined && end !== undefined) {
    if (end.getTime() <= start.getTime()) throw invalid('end_date must be after start_date');
    if (end.getTime() - start.getTime() > MAX_WINDOW_MS) throw invalid('start_date and end_date may not span more than 90 days');
  } else if (start !== undefined) {
    end = new Date(start.getTime() + MAX_WINDOW_MS);
  } else if (end !== undefined) {
    start = new Date(end.getTime() - MAX_WINDOW_MS);
  } else if (f.updatedFrom === undefined && f.updatedTo === undefined) {
    start = new Date(ctx.clock().getTime() - MAX_WINDOW_MS);
  }
  f.acceptedFrom = start;
  f.acceptedTo = end;
  return f;
}

/** Up to 1000 (or max_requests) requests, newest first. Public: see presentPublicRequest. */
export async function listPublicRequests(ctx: AppContext, q: Open311ListQuery): Promise<PublicRequest[]> {
  const ref = await ctx.reference.get();
  const filter = filterOf(ctx, ref, q);
  const rows = await listPublicTicketRows(await dashboardDb(ctx), ctx.districtCode, filter);
  return rows.map((r) => presentPublicRequest(r, ref));
}

/** One request by its number (service_request_id). */
export async function getPublicRequest(ctx: AppContext, number: string, jurisdictionId?: string): Promise<PublicRequest> {
  checkJurisdiction(ctx, jurisdictionId);
  const ref = await ctx.reference.get();
  const rows = await listPublicTicketRows(ctx.database.db, ctx.districtCode, { kinds: PUBLIC_KINDS, numbers: [number], limit: 1 });
  if (rows[0] === undefined) throw new AppError('NOT_FOUND', `service_request_id ${number} not found`, { service_request_id: number });
  return presentPublicRequest(rows[0], ref);
}
