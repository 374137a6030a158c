/**
 * Fast synthetic tickets for benchmarks: N hotline tickets with their events written straight into
 * the database by `INSERT … SELECT … FROM generate_series(…)`, one batch per transaction, on PGlite or
 * PostgreSQL alike. Far faster than driving the engine (demo history, replay), for scenarios that need
 * a big table to read (inbox, memory, assessment).
 *
 * What the rows are:
 * - every ticket is a `hotline_request` of the seeded demo district (seedDemo must have run), with a
 *   real leaf category, a real community, and the lead unit the catalogue's rule would pick (the
 *   community's street for street categories, the named department otherwise, the fallback unit when
 *   a category names none);
 * - its life stops at one of: accepted → dispatched → signed → handling → replied → callback_done →
 *   closed (shares in `DEFAULT_STAGE_SHARES`); every step it went through is an event with the actor
 *   who takes it (operator, the lead unit's handler account `h.<code>`, the callback agent, the
 *   supervisor), so `version` = number of events and replaying the events with `evolve` gives exactly
 *   the stored `domain` (checked by `verifyBulkTickets`);
 * - deadlines follow the ticket's time-limit class (`time_limit_classes`), working days approximated
 *   as 1.4 calendar days (the events carry them as facts, like real ones); a share of the open tickets
 *   (`overdueShare`) has passed its active deadline and carries the sweeper's `markOverdue` event and
 *   `due_status = 'overdue'`, the others are `ok` or `due_soon` as of `now`;
 * - closed tickets are spread over the last `months` months (assessment months from their callback),
 *   open ones over the last weeks.
 *
 * - no requester name or phone: the server seals personal data at rest with its own keyring and
 *   refuses clear text, and SQL cannot seal; '' is what it stores for an absent value.
 *
 * Ticket ids are reserved as one block of `ticket_id_seq`: run it while nothing else creates tickets.
 * Row triggers on `tickets` (ranking aggregates, migration 0008) fire as for any insert.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database, type DbOrTx } from '../../src/platform/db/client.ts';
import { eventFromRow, type TicketEventRow } from '../../src/engine/ticket.repository.ts';
import { ticketFromJson } from '../../src/engine/ticket-mapper.ts';
import { replay } from '../../src/engine/domain/workflow/evolve.ts';
import { rebuildRankingAggregates } from '../../src/modules/analytics/assessment.repository.ts';
import { ticketNumber } from '../../src/engine/intake.ts';

export const STAGES = ['accepted', 'dispatched', 'signed', 'handling', 'replied', 'callback_done', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

/** Where tickets' lives stop, as shares of N: most are closed, a working set is open (DOMAIN-RULES §14 volumes). */
export const DEFAULT_STAGE_SHARES: Record<Stage, number> = {
  accepted: 0.01,
  dispatched: 0.04,
  signed: 0.03,
  handling: 0.08,
  replied: 0.03,
  callback_done: 0.01,
  closed: 0.8,
};

export interface BulkTicketOptions {
  /** Number of tickets to add. */
  tickets: number;
  /** The instant the data ends at (default: now); events never lie after it. */
  now?: Date;
  /** Closed tickets spread over this many months before `now` (default 12). */
  months?: number;
  /** Share of open (dispatched/signed/handling) tickets past their active deadline (default 0.15). */
  overdueShare?: number;
  /** Where lives stop (normalised; default DEFAULT_STAGE_SHARES). */
  stageShares?: Partial<Record<Stage, number>>;
  /** Tickets per INSERT statement and transaction (default 10,000). */
  batchSize?: number;
  /**
   * When the schema has no index on tickets(repeat_of_id), creates `bench_tickets_repeat_of_idx` first
   * (default true). The ranking triggers (migration 0009) look for repeats of every inserted ticket
   * (`repeat_of_id = id`); without an index each look scans the whole table and inserts become
   * quadratic (measured: a second batch of 5,000 took 114 s instead of 7 s). Migration 0009 now
   * creates `tickets_repeat_of_idx`, so this only matters on a schema without it.
   */
  ensureRepeatIndex?: boolean;
  /**
   * How the ranking aggregates learn of the new tickets. `fire` (default): the statement-level
   * triggers of migration 0009 run for every batch, as for any writer. `rebuild`: the batches are
   * written with triggers off (`SET LOCAL session_replication_role = replica`, as a restore does; needs
   * a superuser, which the benchmark's own clusters and PGlite have) and the aggregates are rebuilt
   * once at the end from a full recount (`rebuildRankingAggregates`). For loading millions of rows:
   * the triggers' per-batch work (cross-row look-ups of repeats and events) makes a 10-million-ticket
   * load take hours on a small machine, and what the benchmarks measure there are reads.
   */
  aggregates?: 'fire' | 'rebuild';
  /**
   * With `aggregates: 'rebuild'`: drop the secondary indexes of `tickets` and `ticket_events` (not
   * those of primary keys and unique constraints) before the load and create them again after it,
   * which PostgreSQL does far faster than maintaining them row by row. Default: true above
   * INDEX_REBUILD_MIN tickets. The indexes come back exactly as `pg_indexes` described them.
   */
  rebuildIndexes?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface BulkTicketResult {
  tickets: number;
  events: number;
  firstId: number;
  lastId: number;
  ms: number;
  byStage: Record<string, number>;
  overdue: number;
}

interface Pools {
  district: string;
  operator: { userId: number; unitId: number };
  callback: { userId: number; unitId: number };
  supervisor: { userId: number; unitId: number };
  categories: { id: number; cls: number }[];
  communities: { code: string; streetCode: string; streetUnit: number }[];
  /** Per category index: lead unit id, or 0 = the community's street. */
  categoryLead: number[];
  unitHandler: Map<number, number>;
  fallbackUnit: number;
  classes: { code: string; signMs: number; contactMs: number; replyMs: number; signUnit: string; contactUnit: string; replyUnit: string }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const limitMs = (l: { amount: number; unit: string }) => (l.unit === 'natural_hours' ? l.amount * HOUR : l.amount * 1.4 * DAY);

/** Reads the reference data the tickets are drawn from (the demo district's units, categories, places, accounts). */
async function loadPools(db: DbOrTx): Promise<Pools> {
  const [centre] = await queryRows<{ id: number; district_code: string }>(
    db,
    sql`select id, district_code from units where unit_type = 'centre' and active order by id limit 1`,
  );
  if (!centre) throw new Error('bulk tickets: no command centre unit; seed the demo district first (start the server once)');
  const district = centre.district_code;
  const users = await queryRows<{ id: number; username: string; unit_id: number }>(db, sql`select id, username, unit_id from users where active`);
  const byName = new Map(users.map((u) => [u.username, u]));
  const account = (name: string) => {
    const u = byName.get(name);
    if (!u) throw new Error(`bulk tickets: demo account "${name}" is missing; seed the demo district first`);
    return { userId: u.id, unitId: u.unit_id };
  };
  const units = await queryRows<{ id: number; code: string; unit_type: string; division_code: string | null; is_fallback: boolean }>(
    db,
    sql`select id, code, unit_type, division_code, is_fallback from units where active and district_code = ${district} and unit_type <> 'centre' order by id`,
  );
  const unitHandler = new Map<number, number>();
  for (const u of units) {
    const h = byName.get(`h.${u.code.toLowerCase()}`);
    if (h) unitHandler.set(u.id, h.id);
  }
  const fallback = units.find((u) => u.is_fallback && unitHandler.has(u.id));
  if (!fallback) throw new Error('bulk tickets: the district has no fallback unit with a handler account');
  const streetUnitByDivision = new Map(
    units.filter((u) => u.unit_type === 'street' && u.division_code && unitHandler.has(u.id)).map((u) => [u.division_code!, u.id]),
  );
  const unitByCode = new Map(units.filter((u) => unitHandler.has(u.id)).map((u) => [u.code, u.id]));

  const classRows = await queryRows<{ code: string; limits: Record<'sign' | 'contact' | 'reply', { amount: number; unit: string }> }>(
    db,
    sql`select code, limits from time_limit_classes order by code`,
  );
  const classes = classRows.map((c) => ({
    code: c.code,
    signMs: limitMs(c.limits.sign),
    contactMs: limitMs(c.limits.contact),
    replyMs: limitMs(c.limits.reply),
    signUnit: c.limits.sign.unit,
    contactUnit: c.limits.contact.unit,
    replyUnit: c.limits.reply.unit,
  }));
  const classIndex = new Map(classes.map((c, i) => [c.code, i + 1]));
  const general = classIndex.get('general') ?? 1;

  const cats = await queryRows<{ id: number; time_limit_class: string | null; responsible: { unitType?: string; unitCode?: string } | null }>(
    db,
    sql`select id, time_limit_class, responsible from categories where is_leaf and active order by id`,
  );
  const categories = cats.map((c) => ({ id: c.id, cls: classIndex.get(c.time_limit_class ?? 'general') ?? general }));
  const categoryLead = cats.map((c) =>
    c.responsible?.unitType === 'street' ? 0 : c.responsible?.unitCode ? (unitByCode.get(c.responsible.unitCode) ?? fallback.id) : fallback.id,
  );

  const comms = await queryRows<{ code: string; parent_code: string }>(
    db,
    sql`select code, parent_code from divisions where level = 'community' and district_code = ${district} and parent_code is not null order by code`,
  );
  const communities = comms
    .filter((c) => streetUnitByDivision.has(c.parent_code))
    .map((c) => ({ code: c.code, streetCode: c.parent_code, streetUnit: streetUnitByDivision.get(c.parent_code)! }));
  if (categories.length === 0 || communities.length === 0 || classes.length === 0)
    throw new Error('bulk tickets: no leaf categories, communities or time-limit classes');
  return {
    district,
    operator: account('operator'),
    callback: account('callback'),
    supervisor: account('supervisor'),
    categories,
    communities,
    categoryLead,
    unitHandler,
    fallbackUnit: fallback.id,
    classes,
  };
}

/** An SQL array literal of checked integers or codes (values come from the database, never from users). */
const ints = (xs: readonly number[]) => sql.raw(`ARRAY[${xs.map((x) => (Number.isSafeInteger(x) ? String(x) : 'NULL')).join(',')}]::bigint[]`);
const nums = (xs: readonly number[]) => sql.raw(`ARRAY[${xs.map((x) => String(Number(x))).join(',')}]::float8[]`);
const texts = (xs: readonly string[]) => {
  for (const x of xs) if (!/^[A-Za-z0-9_.-]*$/.test(x)) throw new Error(`bulk tickets: unexpected code "${x}"`);
  return sql.raw(`ARRAY[${xs.map((x) => `'${x}'`).join(',')}]::text[]`);
};
/** An instant as the ISO string `JSON.stringify(new Date())` writes (what ticketToJson stores). */
const iso = (e: SQL) => sql`to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ms = (e: SQL) => sql`((${e}) * interval '1 millisecond')`;

const PROBLEMS = [
  '小区门口的路灯坏了一个多星期，晚上出行很不方便，希望尽快修复',
  '楼下餐馆油烟直排，气味很大，请有关部门检查处理',
  '路边车辆长期占用消防通道，存在安全隐患，请求处理',
  '供暖以来室温一直达不到标准，联系物业没有结果，请协调供热单位',
  '垃圾桶满了没有人清运，周边有异味，希望增加清运次数',
  '夜间施工噪音扰民，经常到凌晨，请核实是否有夜间施工许可',
  '人行道上的井盖松动，已经有人差点受伤，请尽快加固',
  '雨后小区地下室进水，排水不畅，请尽快处理',
];
const REPLIES = ['已现场核实并处理完毕，已向诉求人反馈', '已协调相关单位处理，诉求人表示认可', '经核实情况属实，已督促整改完成'];
const REQUEST_TYPES = ['complaint', 'complaint', 'complaint', 'help', 'help', 'report', 'consultation', 'suggestion'];
const CHANNELS = ['phone', 'phone', 'phone', 'phone', 'web', 'mobile', 'wechat', 'transfer_12345'];
const SATISFACTIONS_CLOSED = [
  'satisfied',
  'satisfied',
  'satisfied',
  'satisfied',
  'satisfied',
  'satisfied',
  'basically_satisfied',
  'basically_satisfied',
  'unsatisfied',
];

const quoteList = (xs: readonly string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`);
/** 1-based pick from an array literal by a uniform r in [0,1). */
const pickOf = (arr: SQL, n: number, r: SQL) => sql`(${arr})[1 + least(${n - 1}, floor((${r}) * ${n})::int)]`;

/** The INSERT … SELECT of tickets ids [lo, hi]; all draws per row happen once, in `d`. */
function ticketsInsert(
  p: Pools,
  lo: number,
  hi: number,
  nowMs: number,
  o: Required<Pick<BulkTicketOptions, 'months' | 'overdueShare'>> & { cum: number[] },
): SQL {
  const now = sql`to_timestamp(${nowMs / 1000}::float8)`;
  const cats = p.categories;
  const classes = p.classes;
  // Per category: its class index; per class: limits in ms and their units.
  const catId = ints(cats.map((c) => c.id));
  const catCls = ints(cats.map((c) => c.cls));
  const catLead = ints(p.categoryLead);
  const commCode = texts(p.communities.map((c) => c.code));
  const commStreet = texts(p.communities.map((c) => c.streetCode));
  const commUnit = ints(p.communities.map((c) => c.streetUnit));
  const signMs = nums(classes.map((c) => c.signMs));
  const contactMs = nums(classes.map((c) => c.contactMs));
  const replyMs = nums(classes.map((c) => c.replyMs));
  const signUnit = texts(classes.map((c) => c.signUnit));
  const contactUnit = texts(classes.map((c) => c.contactUnit));
  const replyUnit = texts(classes.map((c) => c.replyUnit));
  const clsCode = texts(classes.map((c) => c.code));
  const cum = nums(o.cum);
  const nCat = cats.length;
  const nComm = p.communities.length;
  const window = o.months * 30 * DAY;

  // d: the draws; s: stage and durations (ms after acceptance); w: where "now" falls; t: instants; j: domain JSON.
  return sql`
insert into tickets (district_code, id, number, kind, state, request_type, channel, urgency, category_id, time_limit_class, title, content, address,
  street_code, community_code, requester_name, requester_phone, requester_phone_key, lead_unit_id, co_unit_ids, accepted_at, dispatched_at, signed_at,
  contacted_at, replied_at, closed_at, sign_due_at, contact_due_at, reply_due_at, active_due_at, due_soon_at, due_status, callback_at, assessment_month,
  satisfaction, resolved, contacted, outcome, supervision_level, excluded_from_assessment, source, domain, version, created_by, updated_at)
select ${p.district}, t.id, t.number, 'hotline_request', t.state, t.request_type, t.channel, 'normal', t.category_id, t.cls_code, t.title, t.content, t.address,
  t.street_code, t.community_code, '', '', null, t.lead_unit_id, '{}'::integer[], t.accepted_at, t.dispatched_at, t.signed_at,
  t.contacted_at, t.replied_at, t.closed_at, t.sign_due, t.contact_due, t.reply_due, t.active_due, t.due_soon_at, t.due_status, t.callback_at,
  case when t.callback_at is null then null else to_char(t.callback_at at time zone 'Asia/Shanghai', 'YYYY-MM') end,
  t.satisfaction, t.resolved, t.cb_contacted, t.outcome, 0, false, 'bench',
  jsonb_build_object(
    'id', t.id, 'number', t.number, 'kind', 'hotline_request', 'districtCode', ${p.district}::text, 'state', t.state, 'requestType', t.request_type,
    'categoryId', t.category_id, 'timeLimitClass', t.cls_code, 'urgency', 'normal', 'channel', t.channel, 'acceptedAt', ${iso(sql`t.accepted_at`)},
    'initiatorUnitId', null, 'leadUnitId', t.lead_unit_id, 'coUnitIds', '[]'::jsonb, 'coRepliedUnitIds', '[]'::jsonb,
    'dispatchedAt', ${iso(sql`t.dispatched_at`)}, 'fallback', coalesce(t.lead_unit_id = ${p.fallbackUnit}, false), 'dispatchCount', case when t.stage >= 2 then 1 else 0 end,
    'deadlines', case when t.stage < 2 then jsonb_build_object('sign', null, 'contact', null, 'reply', null) else jsonb_build_object(
      'sign', jsonb_build_object('startedAt', ${iso(sql`t.dispatched_at`)}, 'dueAt', ${iso(sql`t.sign_due`)}, 'unit', t.sign_unit),
      'contact', jsonb_build_object('startedAt', ${iso(sql`t.dispatched_at`)}, 'dueAt', ${iso(sql`t.contact_due`)}, 'unit', t.contact_unit),
      'reply', jsonb_build_object('startedAt', ${iso(sql`t.dispatched_at`)}, 'dueAt', ${iso(sql`t.reply_due`)}, 'unit', t.reply_unit)) end,
    'signedAt', ${iso(sql`t.signed_at`)}, 'contactedAt', ${iso(sql`t.contacted_at`)}, 'repliedAt', ${iso(sql`t.replied_at`)}, 'closedAt', ${iso(sql`t.closed_at`)},
    'pause', null, 'pendingExtension', null, 'extensionCount', 0, 'objectionCount', 0, 'deferral', null,
    'replyText', t.reply_text,
    'callback', case when t.callback_at is null then null else jsonb_build_object('at', ${iso(sql`t.callback_at`)}, 'contacted', t.cb_contacted, 'resolved', t.resolved, 'satisfaction', t.satisfaction) end,
    'invalidCallbacks', 0, 'outcome', t.outcome, 'specialRoute', null, 'repeatOfId', null, 'supervisionLevel', 0,
    'overdue', jsonb_build_object('sign', t.overdue and t.stage = 2, 'contact', t.overdue and t.stage = 3, 'reply', t.overdue and t.stage = 4),
    'appeal', null, 'excludedFromAssessment', false, 'redoCount', 0, 'version', t.version),
  t.version, ${p.operator.userId}, t.last_at
from (
  select s.*, w.*,
    ${now} - ${ms(sql`w.now_off`)} as accepted_at,
    case when s.stage >= 2 then ${now} - ${ms(sql`w.now_off - s.o_dispatch`)} end as dispatched_at,
    case when s.stage >= 3 then ${now} - ${ms(sql`w.now_off - s.o_sign`)} end as signed_at,
    case when s.stage >= 4 then ${now} - ${ms(sql`w.now_off - s.o_contact`)} end as contacted_at,
    case when s.stage >= 5 then ${now} - ${ms(sql`w.now_off - s.o_reply`)} end as replied_at,
    case when s.stage >= 6 then ${now} - ${ms(sql`w.now_off - s.o_callback`)} end as callback_at,
    case when s.stage >= 7 then ${now} - ${ms(sql`w.now_off - s.o_close`)} end as closed_at,
    case when s.stage >= 2 then ${now} - ${ms(sql`w.now_off - s.o_dispatch - s.sign_ms`)} end as sign_due,
    case when s.stage >= 2 then ${now} - ${ms(sql`w.now_off - s.o_dispatch - s.contact_ms`)} end as contact_due,
    case when s.stage >= 2 then ${now} - ${ms(sql`w.now_off - s.o_dispatch - s.reply_ms`)} end as reply_due,
    case when s.stage between 2 and 4 then ${now} - ${ms(sql`w.now_off - s.o_due`)} end as active_due,
    case when s.stage between 2 and 4 then ${now} - ${ms(sql`w.now_off - s.o_due + 0.25 * (s.o_due - s.o_dispatch)`)} end as due_soon_at,
    case when s.stage not between 2 and 4 then 'none' when w.overdue then 'overdue'
         when w.now_off >= s.o_due - 0.25 * (s.o_due - s.o_dispatch) then 'due_soon' else 'ok' end as due_status,
    ${now} - ${ms(sql`w.now_off - s.o_last`)} as last_at,
    s.stage + case when w.overdue then 1 else 0 end as version,
    'JS' || to_char((${now} - ${ms(sql`w.now_off`)}) at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(s.id::text, greatest(6, length(s.id::text)), '0') as number
  from (
    select d.*, c0.cls, lim.sign_ms, lim.contact_ms, lim.reply_ms, od.o_dispatch, os.o_sign, oc.o_contact, orp.o_reply, ocb.o_callback, ocl.o_close,
      (${catId})[d.ci] as category_id, (${clsCode})[c0.cls] as cls_code,
      (${commCode})[d.mi] as community_code, (${commStreet})[d.mi] as street_code,
      case when d.stage >= 2 then case when (${catLead})[d.ci] = 0 then (${commUnit})[d.mi] else (${catLead})[d.ci] end end as lead_unit_id,
      (${signUnit})[c0.cls] as sign_unit, (${contactUnit})[c0.cls] as contact_unit, (${replyUnit})[c0.cls] as reply_unit,
      case d.stage when 2 then od.o_dispatch + lim.sign_ms when 3 then od.o_dispatch + lim.contact_ms when 4 then od.o_dispatch + lim.reply_ms end as o_due,
      case d.stage when 1 then 0 when 2 then od.o_dispatch when 3 then os.o_sign when 4 then oc.o_contact when 5 then orp.o_reply when 6 then ocb.o_callback else ocl.o_close end as o_last,
      case when d.stage >= 5 then ${pickOf(quoteList(REPLIES), REPLIES.length, sql`d.r9`)} end as reply_text,
      case when d.stage = 6 then 'unsatisfied' when d.stage = 7 then ${pickOf(quoteList(SATISFACTIONS_CLOSED), SATISFACTIONS_CLOSED.length, sql`d.r10`)} end as satisfaction,
      case when d.stage = 6 then d.r11 < 0.5 when d.stage = 7 then d.r11 < 0.9 end as resolved,
      case when d.stage >= 6 then d.r12 < 0.97 end as cb_contacted,
      case when d.stage = 7 then 'completed' end as outcome,
      ${STAGES.map((st, i) => sql`when ${i + 1} then ${st}::text`).reduce((a, b) => sql`${a} ${b}`, sql`case d.stage`)} end as state,
      ${pickOf(quoteList(REQUEST_TYPES), REQUEST_TYPES.length, sql`d.r13`)} as request_type,
      ${pickOf(quoteList(CHANNELS), CHANNELS.length, sql`d.r14`)} as channel,
      ${pickOf(quoteList(PROBLEMS), PROBLEMS.length, sql`d.r15`)} as content,
      '诉求：' || left(${pickOf(quoteList(PROBLEMS), PROBLEMS.length, sql`d.r15`)}, 20) as title,
      -- Requesters' addresses are sealed at rest by the server (AES-GCM bound to the ticket), which SQL
      -- cannot do: generated tickets have none, like their name and phone (an empty value is not sealed).
      ''::text as address,
      null as no_requester
    from (
      -- OFFSET 0 keeps this subquery from being pulled up: each draw is made once per row, not once per use.
      select r.*,
        1 + least(${nCat - 1}, floor(power(r.r1, 1.6) * ${nCat})::int) as ci,
        1 + least(${nComm - 1}, floor(r.r2 * ${nComm})::int) as mi,
        (select count(*) from unnest(${cum}) c where c <= r.r3)::int + 1 as stage
      from (
        select g as id, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8,
               random() as r9, random() as r10, random() as r11, random() as r12, random() as r13, random() as r14, random() as r15,
               random() as r16, random() as r17, random() as r18, random() as r19, random() as r20, random() as r21
        from generate_series(${lo}::bigint, ${hi}::bigint) g offset 0
      ) r
      offset 0
    ) d,
    lateral (select (${catCls})[d.ci]::int as cls) c0,
    lateral (select (${signMs})[c0.cls] as sign_ms, (${contactMs})[c0.cls] as contact_ms, (${replyMs})[c0.cls] as reply_ms) lim,
    lateral (select 60000 + d.r4 * 1500000 as o_dispatch) od,
    -- 4 % signed late, the rest within the limit.
    lateral (select od.o_dispatch + lim.sign_ms * case when d.r5 < 0.04 then 1.1 + d.r5 * 10 else 0.05 + 0.9 * d.r5 end as o_sign) os,
    lateral (select os.o_sign + greatest(60000, od.o_dispatch + lim.contact_ms - os.o_sign) * (0.05 + 0.9 * d.r6) as o_contact) oc,
    -- 6 % replied late, the rest between 10 % and 95 % of the time left.
    lateral (select case when od.o_dispatch + lim.reply_ms > oc.o_contact
                         then oc.o_contact + (od.o_dispatch + lim.reply_ms - oc.o_contact) * case when d.r7 < 0.06 then 1.02 + d.r7 * 8 else 0.1 + 0.85 * (d.r7 - 0.06) / 0.94 end
                         else oc.o_contact + 3600000 end as o_reply) orp,
    lateral (select orp.o_reply + 3600000 + d.r8 * 71 * 3600000 as o_callback) ocb,
    -- Satisfied and resolved: closed by the callback itself; otherwise the centre closes hours later.
    lateral (select ocb.o_callback + case when d.r10 < 8.0 / 9 and d.r11 < 0.9 then 0 else 7200000 + d.r19 * 46 * 3600000 end as o_close) ocl
    offset 0
  ) s,
  lateral (
    -- Where "now" falls after acceptance (now_off, ms) and whether the active deadline has passed.
    select case
        when s.stage = 1 then d2.u * 1800000
        when s.stage between 2 and 4 and (s.o_last + 60000 > s.o_due or d2.v < ${o.overdueShare}) then greatest(s.o_due, s.o_last) + 60000 + d2.u * 5 * ${DAY}
        when s.stage between 2 and 4 then s.o_last + greatest(0, s.o_due - s.o_last - 60000) * d2.u
        when s.stage in (5, 6) then s.o_last + d2.u * 3 * ${DAY}
        else s.o_last + d2.u * ${window} end as now_off,
      s.stage between 2 and 4 and (s.o_last + 60000 > s.o_due or d2.v < ${o.overdueShare}) as overdue
    from (select s.r20 as u, s.r21 as v) d2
  ) w
) t`;
}

/** The events of tickets [lo, hi], derived from their rows: one per step of the stage, plus the overdue mark. */
function eventsInsert(p: Pools, lo: number, hi: number): SQL {
  const handler = [...p.unitHandler];
  const unitIds = ints(handler.map(([u]) => u));
  const handlerIds = ints(handler.map(([, h]) => h));
  const types = texts(['accept', 'dispatch', 'sign', 'contact', 'reply', 'callback', 'close']);
  const states = texts([...STAGES]);
  const autoClose = sql`(t.closed_at = t.callback_at)`;
  const overdueAt = sql`date_trunc('minute', greatest(t.active_due_at, t.updated_at)) + interval '1 minute'`;
  // The unit handler's user id for the lead unit.
  const leadUser = sql`(${handlerIds})[array_position(${unitIds}, t.lead_unit_id::bigint)]`;
  const actor = (who: 'operator' | 'callback' | 'supervisor') => p[who];
  return sql`
insert into ticket_events (district_code, ticket_id, seq, type, at, actor_user_id, actor_unit_id, actor_roles, actor_is_centre, state_before, state_after, data)
select t.district_code, t.id, e.seq, e.type, e.at,
  case when e.type in ('accept', 'dispatch') then ${actor('operator').userId}
       when e.type in ('sign', 'contact', 'reply') then ${leadUser}
       when e.type = 'callback' or (e.type = 'close' and ${autoClose}) then ${actor('callback').userId}
       when e.type = 'close' then ${actor('supervisor').userId} end,
  case when e.type in ('accept', 'dispatch') then ${actor('operator').unitId}
       when e.type in ('sign', 'contact', 'reply') then t.lead_unit_id
       when e.type = 'callback' or (e.type = 'close' and ${autoClose}) then ${actor('callback').unitId}
       when e.type = 'close' then ${actor('supervisor').unitId} end,
  case when e.type in ('accept', 'dispatch') then array['operator']
       when e.type in ('sign', 'contact', 'reply') then array['unit_handler', 'unit_leader']
       when e.type = 'callback' or (e.type = 'close' and ${autoClose}) then array['callback_agent']
       when e.type = 'close' then array['centre_supervisor'] end,
  case when e.type = 'markOverdue' then null else e.type not in ('sign', 'contact', 'reply') end,
  case when e.seq = 1 then null when e.type = 'markOverdue' then t.state else (${states})[e.seq - 1] end,
  case when e.type = 'markOverdue' then t.state else (${states})[e.seq] end,
  case e.type
    when 'accept' then jsonb_build_object('id', t.id, 'number', t.number, 'kind', t.kind, 'districtCode', t.district_code, 'requestType', t.request_type,
      'categoryId', t.category_id, 'timeLimitClass', t.time_limit_class, 'urgency', t.urgency, 'channel', t.channel)
    when 'dispatch' then jsonb_build_object('leadUnitId', t.lead_unit_id, 'coUnitIds', '[]'::jsonb, 'fallback', (t.domain->'fallback'), 'reason', '按派单目录派单', 'deadlines', t.domain->'deadlines')
    when 'sign' then jsonb_build_object('note', '已签收')
    when 'contact' then jsonb_build_object('method', 'phone', 'note', '已电话联系诉求人')
    when 'reply' then jsonb_build_object('text', t.domain->'replyText')
    when 'callback' then jsonb_build_object('valid', true, 'contacted', t.contacted, 'resolved', t.resolved, 'satisfaction', t.satisfaction, 'note', '')
    when 'close' then jsonb_build_object('outcome', 'completed', 'note', case when ${autoClose} then '回访满意，结案' else '回访不满意，经审核结案' end)
    when 'markOverdue' then jsonb_build_object('deadline', case t.state when 'dispatched' then 'sign' when 'signed' then 'contact' else 'reply' end)
  end
from tickets t
cross join lateral (
  select s as seq,
    case when s <= array_position(${states}, t.state::text) then (${types})[s] else 'markOverdue' end as type,
    case when s > array_position(${states}, t.state::text) then ${overdueAt}
         else (array[t.accepted_at, t.dispatched_at, t.signed_at, t.contacted_at, t.replied_at, t.callback_at, t.closed_at])[s] end as at
  from generate_series(1, t.version) s
) e
where t.district_code = ${p.district} and t.id between ${lo} and ${hi}`;
}

/**
 * Adds `opts.tickets` synthetic tickets with their events to `database` (migrated and seeded with the
 * demo district). One transaction per batch. Returns the id range and counts.
 */
/**
 * Loads above this many tickets write with triggers off and rebuild the aggregates once (see
 * `aggregates` in bench/lib/bulk-tickets.ts): with the triggers firing, the load ran at 300–1,000
 * tickets/s on the 2-core machine, so 10 million would take many hours. Below it the triggers fire,
 * and the full-recount check compares what they kept with a recount.
 */
export const TRIGGER_LOAD_MAX = 200_000;

/** Loads of at least this many tickets in `rebuild` mode drop and re-create the secondary indexes. */
export const INDEX_REBUILD_MIN = 1_000_000;

/** Drops the indexes of tickets and ticket_events that back no constraint; returns their definitions. */
async function dropSecondaryIndexes(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ name: string; def: string }>(
    db,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
          from pg_index i
         where i.indrelid in ('tickets'::regclass, 'ticket_events'::regclass)
           and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
         order by 1`,
  );
  for (const r of rows) await db.execute(sql.raw(`drop index ${r.name}`));
  return rows.map((r) => r.def);
}

async function createIndexes(db: DbOrTx, defs: string[]): Promise<void> {
  for (const def of defs)
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
      await tx.execute(sql.raw(def));
    });
}

/** The `aggregates` mode for a load of n tickets: `fire` up to TRIGGER_LOAD_MAX, `rebuild` above. */
export const aggregatesModeFor = (n: number): 'fire' | 'rebuild' => (n > TRIGGER_LOAD_MAX ? 'rebuild' : 'fire');

export async function generateBulkTickets(database: Database, opts: BulkTicketOptions): Promise<BulkTicketResult> {
  const started = performance.now();
  const n = opts.tickets;
  if (!Number.isInteger(n) || n < 0) throw new Error('tickets must be a whole number ≥ 0');
  const db = database.db;
  const p = await loadPools(db);
  const shares = { ...DEFAULT_STAGE_SHARES, ...opts.stageShares };
  const total = STAGES.reduce((s, k) => s + Math.max(0, shares[k]), 0);
  if (!(total > 0)) throw new Error('stageShares must have a positive share');
  // Cumulative thresholds: stage = 1 + number of thresholds ≤ r.
  const cum: number[] = [];
  let acc = 0;
  for (const k of STAGES.slice(0, -1)) cum.push((acc += Math.max(0, shares[k]) / total));
  const nowMs = (opts.now ?? new Date()).getTime();
  const batch = opts.batchSize ?? 10_000;

  if (opts.ensureRepeatIndex !== false) {
    const [has] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_indexes where tablename = 'tickets' and indexdef like '%(repeat_of_id)%'`,
    );
    if (!has?.n) await db.execute(sql`create index if not exists bench_tickets_repeat_of_idx on tickets (repeat_of_id) where repeat_of_id is not null`);
  }
  const [first] = await queryRows<{ id: string }>(db, sql`select nextval('ticket_id_seq')::text as id`);
  const firstId = Number(first!.id);
  const lastId = firstId + n - 1;
  if (n > 0) await db.execute(sql`select setval('ticket_id_seq', ${lastId}::bigint)`);
  let events = 0;
  const rebuild = opts.aggregates === 'rebuild';
  const dropped = rebuild && (opts.rebuildIndexes ?? n >= INDEX_REBUILD_MIN) ? await dropSecondaryIndexes(db) : [];
  for (let lo = firstId; lo <= lastId; lo += batch) {
    const hi = Math.min(lastId, lo + batch - 1);
    await db.transaction(async (tx) => {
      if (rebuild) await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(ticketsInsert(p, lo, hi, nowMs, { months: opts.months ?? 12, overdueShare: opts.overdueShare ?? 0.15, cum }));
      const r = (await tx.execute(eventsInsert(p, lo, hi))) as unknown as { rowCount?: number; affectedRows?: number };
      events += Number(r.rowCount ?? r.affectedRows ?? 0);
    });
    opts.onProgress?.(hi - firstId + 1, n);
  }
  await createIndexes(db, dropped);
  if (rebuild && n > 0) await rebuildRankingAggregates(db);
  const stats = await queryRows<{ state: string; n: number; overdue: number }>(
    db,
    sql`select state, count(*)::int as n, (count(*) filter (where due_status = 'overdue'))::int as overdue from tickets where id between ${firstId} and ${lastId} group by state`,
  );
  const byStage = Object.fromEntries(stats.map((s) => [s.state, s.n]));
  if (events === 0 && n > 0) {
    const [c] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ticket_events where ticket_id between ${firstId} and ${lastId}`);
    events = c?.n ?? 0;
  }
  return { tickets: n, events, firstId, lastId, ms: Math.round(performance.now() - started), byStage, overdue: stats.reduce((s, x) => s + x.overdue, 0) };
}

/** JSON with object keys sorted (jsonb keeps its own key order). */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * The invariants of generated tickets, on `sample` of them spread over [firstId, lastId]: the events
 * are numbered 1..version, and replaying them with `evolve` gives exactly the stored domain ticket.
 * Throws on the first difference.
 */
export async function verifyBulkTickets(database: Database, r: Pick<BulkTicketResult, 'firstId' | 'lastId'>, sample = 200): Promise<number> {
  const db = database.db;
  const rows = await queryRows<{ id: string; version: number; domain: unknown; number: string; accepted_at: string | Date }>(
    db,
    sql`select id::text, version, domain, number, accepted_at from tickets where id between ${r.firstId} and ${r.lastId} order by random() limit ${sample}`,
  );
  for (const row of rows) {
    const id = Number(row.id);
    const number = ticketNumber(id, new Date(row.accepted_at));
    if (row.number !== number) throw new Error(`bulk ticket ${id}: number ${row.number}, but intake would number it ${number}`);
    const evs = await queryRows<Record<string, unknown>>(db, sql`select * from ticket_events where ticket_id = ${id} order by seq`);
    const events = evs.map((e) =>
      eventFromRow({
        districtCode: e.district_code,
        id: Number(e.id),
        ticketId: Number(e.ticket_id),
        seq: e.seq,
        type: e.type,
        at: new Date(e.at as string),
        actorUserId: e.actor_user_id,
        actorUnitId: e.actor_unit_id,
        actorRoles: e.actor_roles,
        actorIsCentre: e.actor_is_centre,
        stateBefore: e.state_before,
        stateAfter: e.state_after,
        data: e.data,
      } as TicketEventRow),
    );
    if (events.length !== row.version || events.some((_, i) => Number(evs[i]!.seq) !== i + 1))
      throw new Error(`bulk ticket ${id}: ${events.length} events numbered ${evs.map((e) => e.seq).join(',')}, version ${row.version}`);
    const replayed = canonical(replay(events));
    const stored = canonical(ticketFromJson(row.domain));
    if (replayed !== stored) throw new Error(`bulk ticket ${id}: replaying its events gives\n${replayed}\nbut the stored domain is\n${stored}`);
  }
  return rows.length;
}
