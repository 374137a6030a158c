/**
 * 吹哨报到 (DOMAIN-RULES §5). A street blows the whistle: a `whistle` ticket dispatched to the street itself
 * (lead, 首接负责) with the summoned departments as co-handlers, so they co-handle through the engine's
 * coReply/progress actions; beside it one report-in row per department with its due time. The street is
 * the ticket's initiator (the engine's party rule for whistles): it dispatches the whistle and, once it
 * has rated every department, concludes it through the engine (outcome `concluded`, the ratings recorded
 * in the event); `whistles.closed_at` mirrors that close in the same transaction. Assessed both
 * ways (双考核): per department summons, on-time report-in rate and average rating; per street whistles
 * blown and the tickets that triggered them.
 */
import { WHISTLES_POLICY } from './whistles.policy.ts';
import { mayAct } from '../../engine/policy.ts';
import { monthRange } from '../../engine/domain/calendar/local-time.ts';
import { actorOf, type Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { dashboardDb } from '../../platform/db/read-database.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { createTicket } from '../../engine/intake.ts';
import { applyCommand, scopeOf } from '../../engine/ticket-actions.ts';
import { linkAttachments } from '../../engine/attachment.repository.ts';
import { domainTicketOf, findTicketRow } from '../../engine/ticket.repository.ts';
import {
  findWhistle,
  insertWhistle,
  listReportsInPeriod,
  listWhistleReports,
  listWhistleRows,
  listWhistlesFromSource,
  listWhistlesInPeriod,
  markWhistleClosed,
  recordRating,
  recordReportIn,
  type WhistleReportRow,
  type WhistleRow,
} from './whistles.repository.ts';

export interface BlowWhistleInput {
  title: string;
  content: string;
  /** Street or community and address where the departments report in. */
  place: string;
  departmentUnitIds: number[];
  /** Minutes each department has to report in (e.g. 30 for emergencies, 240 otherwise). */
  reportLimitMinutes: number;
  emergency?: boolean;
  sourceTicketId?: number;
}

/** A handler or leader of `unitId` (the roles of the whistles policy's rate and reportIn rules). */
function canActForUnit(p: Principal, unitId: number): boolean {
  return p.unitId === unitId && mayAct(p, WHISTLES_POLICY.rules.rate);
}

export async function blowWhistle(ctx: AppContext, p: Principal, input: BlowWhistleInput): Promise<{ ticketId: number; number: string }> {
  const ref = await ctx.reference.get();
  const street = ref.unitById.get(p.unitId);
  if (street === undefined || street.unitType !== 'street' || !mayAct(p, WHISTLES_POLICY.rules.blow))
    throw forbidden('Only a street/town handler or leader may blow the whistle');
  const departments = [...new Set(input.departmentUnitIds)];
  if (departments.length === 0) throw invalid('Summon at least one department');
  for (const id of departments) {
    const u = ref.unitById.get(id);
    if (u === undefined) throw new AppError('WHISTLE.UNKNOWN_UNIT', `Unit ${id} does not exist`, { unitId: id });
    if (!u.active || u.unitType === 'centre' || id === street.id)
      throw new AppError('WHISTLE.UNIT_NOT_SUMMONABLE', `${u.name} cannot be summoned`, { unitId: id });
  }
  if (input.sourceTicketId !== undefined) {
    const source = await findTicketRow(ctx.database.db, input.sourceTicketId, scopeOf(ctx, p));
    if (source === undefined) throw notFound('Ticket', input.sourceTicketId);
    if (source.kind === 'whistle') throw new AppError('WHISTLE.SOURCE_IS_WHISTLE', 'A whistle cannot start from another whistle');
  }
  // The street is the whistle's initiator: it accepts and dispatches the ticket itself (no operator in
  // between), and the whistle row and report-in rows are written in the same transaction.
  const created = await createTicket(
    ctx,
    actorOf(p),
    {
      kind: 'whistle',
      requestType: 'help',
      channel: 'web',
      urgency: input.emergency ? 'emergency' : 'normal',
      title: input.title,
      content: input.content,
      address: input.place,
      source: 'whistle',
      triage: { action: 'dispatch', leadUnitId: street.id, coUnitIds: departments, reason: '街乡吹哨' },
    },
    undefined,
    async (tx, { ticketId, now }) => {
      const dueAt = new Date(now.getTime() + input.reportLimitMinutes * 60_000);
      await insertWhistle(
        tx,
        {
          ticketId,
          districtCode: ctx.districtCode,
          streetUnitId: street.id,
          sourceTicketId: input.sourceTicketId ?? null,
          place: input.place.trim(),
          reportLimitMinutes: input.reportLimitMinutes,
          createdBy: p.userId,
          createdAt: now,
        },
        departments.map((unitId) => ({ whistleTicketId: ticketId, districtCode: ctx.districtCode, unitId, dueAt })),
      );
      // The street leads the matter it raised (首接负责): it has received it the moment it blows, so it
      // signs at once instead of waiting in its own inbox for a sign deadline.
      const row = await findTicketRow(tx, ticketId, { districtCode: ctx.districtCode, unitIds: 'all' }, true);
      if (row === undefined) throw notFound('Whistle', ticketId);
      await applyCommand(ctx, tx, domainTicketOf(row), { type: 'sign', input: { note: '吹哨街乡首接负责' } }, actorOf(p), ref);
    },
  );
  return { ticketId: created.result.ticketId, number: created.result.number };
}

export interface WhistleView {
  whistle: WhistleRow;
  number: string;
  title: string;
  content: string;
  state: string;
  reports: WhistleReportRow[];
  whistlesFromThisTicket: { ticketId: number; number: string }[];
  source: { ticketId: number; number: string } | null;
}

function visible(p: Principal, w: WhistleRow, reports: WhistleReportRow[]): boolean {
  if (p.scopeUnitIds === 'all') return true;
  const scope = new Set(p.scopeUnitIds);
  return scope.has(w.streetUnitId) || reports.some((r) => scope.has(r.unitId));
}

export async function getWhistle(ctx: AppContext, p: Principal, id: number): Promise<WhistleView> {
  const db = ctx.database.db;
  const w = await findWhistle(db, ctx.districtCode, id);
  if (w === undefined) throw notFound('Whistle', id);
  const reports = await listWhistleReports(db, ctx.districtCode, id);
  if (!visible(p, w, reports)) throw notFound('Whistle', id);
  const all = { districtCode: ctx.districtCode, unitIds: 'all' as const };
  const row = await findTicketRow(db, id, all);
  if (row === undefined) throw notFound('Whistle', id);
  const source = w.sourceTicketId === null ? undefined : await findTicketRow(db, w.sourceTicketId, all);
  return {
    whistle: w,
    number: row.number,
    title: row.title,
    content: row.content,
    state: w.closedAt === null ? row.state : 'closed',
    reports,
    whistlesFromThisTicket: await listWhistlesFromSource(db, ctx.districtCode, id),
    source: source === undefined ? null : { ticketId: source.id, number: source.number },
  };
}

export async function listWhistles(ctx: AppContext, p: Principal, limit: number, offset: number) {
  const rows = await listWhistleRows(ctx.database.db, ctx.districtCode, p.scopeUnitIds, limit, offset);
  return rows.map((r) => ({ ...r, state: r.closedAt === null ? r.state : 'closed' }));
}

/** The whistles that started from a ticket the user can see (the source side of the link). */
export async function whistlesFromTicket(ctx: AppContext, p: Principal, ticketId: number) {
  const row = await findTicketRow(ctx.database.db, ticketId, scopeOf(ctx, p));
  if (row === undefined) throw notFound('Ticket', ticketId);
  return listWhistlesFromSource(ctx.database.db, ctx.districtCode, ticketId);
}

export interface ReportInInput {
  reporterName: string;
  place: string;
  note: string;
  attachmentId?: number;
}

/** A summoned department reports in (报到); on time when at or before its due time. Once only. */
export async function reportIn(ctx: AppContext, p: Principal, id: number, input: ReportInInput): Promise<WhistleReportRow> {
  const db = ctx.database.db;
  return db.transaction(async (tx) => {
    const w = await findWhistle(tx, ctx.districtCode, id, true);
    if (w === undefined) throw notFound('Whistle', id);
    const reports = await listWhistleReports(tx, ctx.districtCode, id);
    if (!visible(p, w, reports)) throw notFound('Whistle', id);
    const mine = reports.find((r) => canActForUnit(p, r.unitId));
    if (mine === undefined) throw forbidden('Only a handler of a summoned department may report in');
    if (w.closedAt !== null) throw new AppError('WHISTLE.CLOSED', 'The matter is closed');
    if (mine.reportedAt !== null) throw new AppError('WHISTLE.ALREADY_REPORTED', 'Your unit has already reported in');
    const fields = {
      reportedAt: ctx.clock(),
      reportedBy: p.userId,
      reporterName: input.reporterName.trim(),
      place: input.place.trim(),
      note: input.note.trim(),
      attachmentId: input.attachmentId ?? null,
    };
    if (fields.reporterName === '') throw invalid('Say who came');
    // The photo must be the reporter's own unlinked upload; it joins the whistle ticket's photos.
    if (fields.attachmentId !== null) {
      const linked = await linkAttachments(tx, ctx.districtCode, [fields.attachmentId], { uploadedBy: p.userId }, id, 'other');
      if (linked.length !== 1) throw new AppError('ATTACHMENT.UNKNOWN', `Attachment ${fields.attachmentId} is not an unattached photo of yours`);
    }
    await recordReportIn(tx, ctx.districtCode, id, mine.unitId, fields);
    return { ...mine, ...fields };
  });
}

/**
 * The street rates departments (1–5), in one go or over several visits; once every summoned department is
 * rated the street concludes the whistle through the engine with all the ratings (the ticket closes).
 */
export async function rateDepartments(
  ctx: AppContext,
  p: Principal,
  id: number,
  ratings: { unitId: number; score: number; comment?: string }[],
): Promise<{ closed: boolean }> {
  const db = ctx.database.db;
  return db.transaction(async (tx) => {
    const w = await findWhistle(tx, ctx.districtCode, id, true);
    if (w === undefined) throw notFound('Whistle', id);
    const reports = await listWhistleReports(tx, ctx.districtCode, id);
    if (!visible(p, w, reports)) throw notFound('Whistle', id);
    if (!canActForUnit(p, w.streetUnitId)) throw forbidden('Only the street that blew the whistle may rate');
    if (w.closedAt !== null) throw new AppError('WHISTLE.CLOSED', 'The matter is closed');
    const summoned = new Set(reports.map((r) => r.unitId));
    const seen = new Set<number>();
    for (const r of ratings) {
      if (!summoned.has(r.unitId)) throw new AppError('WHISTLE.NOT_SUMMONED', `Unit ${r.unitId} was not summoned`, { unitId: r.unitId });
      if (seen.has(r.unitId)) throw invalid(`Unit ${r.unitId} is rated twice`);
      seen.add(r.unitId);
    }
    if (ratings.some((r) => !Number.isInteger(r.score) || r.score < 1 || r.score > 5)) throw invalid('A rating is a whole number from 1 to 5');
    const now = ctx.clock();
    for (const r of ratings) await recordRating(tx, ctx.districtCode, id, r.unitId, r.score, (r.comment ?? '').trim(), now);
    const given = new Map(ratings.map((r) => [r.unitId, { score: r.score, comment: (r.comment ?? '').trim() }]));
    const all = reports.map((r) => ({ unitId: r.unitId, ...(given.get(r.unitId) ?? { score: r.score, comment: r.comment }) }));
    if (all.some((r) => r.score === null)) return { closed: false };
    const row = await findTicketRow(tx, id, { districtCode: ctx.districtCode, unitIds: 'all' }, true);
    if (row === undefined) throw notFound('Whistle', id);
    const ref = await ctx.reference.get();
    const ratingsOfAll = all.map((r) => ({ unitId: r.unitId, score: r.score as number, comment: r.comment }));
    await applyCommand(ctx, tx, domainTicketOf(row), { type: 'conclude', input: { ratings: ratingsOfAll, note: '街乡评价，办结' } }, actorOf(p), ref);
    await markWhistleClosed(tx, ctx.districtCode, id, now);
    return { closed: true };
  });
}

export interface DepartmentWhistleFigures {
  unitId: number;
  summons: number;
  reportedOnTime: number;
  /** reportedOnTime / summons, null without summons. */
  onTimeRate: number | null;
  ratings: number;
  averageRating: number | null;
}
export interface StreetWhistleFigures {
  unitId: number;
  whistles: number;
  /** Whistles that started from a hotline or grid ticket (the requests that triggered them). */
  triggeredBySourceTickets: number;
  sourceTicketIds: number[];
}

/** 双考核 for whistles blown in a month (Asia/Shanghai). A report-in is on time when reported_at ≤ due_at. */
export async function whistleAssessment(
  ctx: AppContext,
  month: string,
): Promise<{ month: string; departments: DepartmentWhistleFigures[]; streets: StreetWhistleFigures[] }> {
  const { from, to } = monthRange(month);
  const db = await dashboardDb(ctx);
  const [reports, blown] = await Promise.all([listReportsInPeriod(db, ctx.districtCode, from, to), listWhistlesInPeriod(db, ctx.districtCode, from, to)]);
  const deps = new Map<number, { summons: number; onTime: number; ratings: number; sum: number }>();
  for (const { report: r } of reports) {
    const d = deps.get(r.unitId) ?? { summons: 0, onTime: 0, ratings: 0, sum: 0 };
    d.summons++;
    if (r.reportedAt !== null && r.reportedAt.getTime() <= r.dueAt.getTime()) d.onTime++;
    if (r.score !== null) {
      d.ratings++;
      d.sum += r.score;
    }
    deps.set(r.unitId, d);
  }
  const streets = new Map<number, StreetWhistleFigures>();
  for (const w of blown) {
    const s = streets.get(w.streetUnitId) ?? { unitId: w.streetUnitId, whistles: 0, triggeredBySourceTickets: 0, sourceTicketIds: [] };
    s.whistles++;
    if (w.sourceTicketId !== null) {
      s.triggeredBySourceTickets++;
      s.sourceTicketIds.push(w.sourceTicketId);
    }
    streets.set(w.streetUnitId, s);
  }
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    month,
    departments: [...deps.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([unitId, d]) => ({
        unitId,
        summons: d.summons,
        reportedOnTime: d.onTime,
        onTimeRate: d.summons === 0 ? null : round(d.onTime / d.summons),
        ratings: d.ratings,
        averageRating: d.ratings === 0 ? null : round(d.sum / d.ratings),
      })),
    streets: [...streets.values()].sort((a, b) => a.unitId - b.unitId).map((s) => ({ ...s, sourceTicketIds: s.sourceTicketIds.sort((a, b) => a - b) })),
  };
}

/** A department's report-in on a whistle, as the use cases return it (routes present it). */
export type WhistleReport = WhistleReportRow;
