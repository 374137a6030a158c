/**
 * Historical import: tickets from a foreign export, with their original timestamps and outcomes, by
 * driving the engine with a clock set to each recorded moment (accept + dispatch at creation; sign,
 * contact, reply and close at the closing time). A mapping file adapts the columns and values.
 * Same guarantees as the batch findings: one transaction per file, dry run, idempotent re-runs by
 * (mapping source, source id), row-level report.
 */
import type { Db } from '../../platform/db/client.ts';
import { findIdempotent } from '../../engine/idempotency.repository.ts';
import { domainTicketOf, findTicketRow } from '../../engine/ticket.repository.ts';
import type { Command } from '../../engine/domain/workflow/events.ts';
import type { Actor, Ticket } from '../../engine/domain/workflow/ticket.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createTicket } from '../../engine/intake.ts';
import { applyCommand } from '../../engine/ticket-actions.ts';
import type { ImportOptions, ImportReport, RowReport } from './findings.ts';
import { fillTemplate, isPlaceholder, mappingProblems, parseDate, type ImportMapping } from './mapping.ts';
import { readImportTable } from '../../platform/files/read-table.ts';

class Rollback extends Error {}

export interface HistoryOptions extends ImportOptions {
  /** Import only the first N data rows (for samples). */
  limit?: number;
}

export function checkMapping(m: unknown): ImportMapping {
  const problems = mappingProblems(m);
  if (problems.length > 0) throw new AppError('VALIDATION.INVALID_INPUT', `The mapping file is not usable: ${problems.join('; ')}`, { problems });
  return m as ImportMapping;
}

export async function importHistory(
  ctx: AppContext,
  actor: Actor,
  mapping: ImportMapping,
  bytes: Uint8Array,
  opts: HistoryOptions = {},
): Promise<ImportReport> {
  const table = await readImportTable(bytes);
  const needed = [mapping.columns.sourceId, mapping.columns.createdAt].filter((c) => !table.headers.includes(c));
  if (needed.length > 0) throw new AppError('VALIDATION.INVALID_INPUT', `Missing columns: ${needed.join(', ')}`, { missing: needed });
  const ref = await ctx.reference.get();
  const catByCode = new Map(ref.categories.map((c) => [c.code, c]));
  const unitByCode = new Map(ref.units.map((u) => [u.code, u]));
  const fallback = ref.units.find((u) => u.isFallback);
  const unitOf = (code: string) => (code === 'fallback' ? fallback : unitByCode.get(code));
  const defaultUnit = unitOf(mapping.defaultUnit);
  if (defaultUnit === undefined) throw new AppError('VALIDATION.INVALID_INPUT', `The mapping's defaultUnit ${mapping.defaultUnit} is not a unit`);

  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const dataRows = table.rows.filter((r, i) => i < limit);
  const lastRow = dataRows.at(-1)?.rowNumber ?? Number.POSITIVE_INFINITY;
  const rows: RowReport[] = table.problems
    .filter((p) => p.rowNumber <= lastRow)
    .map((p) => ({ rowNumber: p.rowNumber, sourceId: null, status: 'rejected', reasons: [p.reason] }));
  const total = dataRows.length + rows.length;
  const seen = new Set<string>();
  const scope = `import:${mapping.source}`;
  let committed = false;
  const col = (cells: Record<string, string>, k: keyof ImportMapping['columns']) => {
    const name = mapping.columns[k];
    return name === undefined ? '' : (cells[name] ?? '').trim();
  };

  const run = async (tx: Db) => {
    let simNow = 0;
    const txCtx: AppContext = { ...ctx, database: { ...ctx.database, db: tx }, clock: () => new Date(simNow) };
    let done = rows.length;
    for (const row of dataRows) {
      const c = row.cells;
      const reasons: string[] = [];
      const warnings: string[] = [];
      const sourceId = col(c, 'sourceId');
      if (sourceId === '') reasons.push('MISSING_SOURCE_ID');
      const createdAt = parseDate(col(c, 'createdAt'), mapping.dateFormats, mapping.utcOffset);
      if (createdAt === null) reasons.push('BAD_CREATED_DATE');
      const closedText = col(c, 'closedAt');
      const closedAt = closedText === '' ? null : parseDate(closedText, mapping.dateFormats, mapping.utcOffset);
      if (closedText !== '' && closedAt === null) reasons.push('BAD_CLOSED_DATE');
      if (createdAt !== null && closedAt !== null && closedAt < createdAt) reasons.push('CLOSED_BEFORE_CREATED');
      if (createdAt !== null && createdAt > ctx.clock().getTime()) reasons.push('CREATED_IN_FUTURE');
      const statusText = col(c, 'status');
      const status = mapping.columns.status === undefined ? (closedAt !== null ? 'closed' : 'open') : mapping.statusMap[statusText];
      if (status === undefined) reasons.push('UNKNOWN_STATUS');
      if (status === 'closed' && closedAt === null && createdAt !== null) reasons.push('CLOSED_WITHOUT_DATE');
      // Reply and callback (回访) of a closed ticket, when the source has them: created ≤ replied ≤ callback ≤ closed.
      const optionalDate = (k: 'repliedAt' | 'callbackAt', bad: string): number | null => {
        const text = col(c, k);
        if (text === '') return null;
        const ms = parseDate(text, mapping.dateFormats, mapping.utcOffset);
        if (ms === null) reasons.push(bad);
        return ms;
      };
      const repliedAt = optionalDate('repliedAt', 'BAD_REPLIED_DATE');
      const callbackAt = optionalDate('callbackAt', 'BAD_CALLBACK_DATE');
      const satisfactionText = col(c, 'satisfaction');
      let callback: HistoricalTicket['callback'] = null;
      if (satisfactionText !== '' && status === 'closed') {
        const satisfaction = mapping.satisfactionMap?.[satisfactionText];
        if (satisfaction === undefined) reasons.push('UNKNOWN_SATISFACTION');
        const resolvedText = col(c, 'resolved');
        const resolvedValue = resolvedText === '' ? undefined : mapping.resolvedMap?.[resolvedText];
        if (resolvedText !== '' && resolvedValue === undefined) reasons.push('UNKNOWN_RESOLVED');
        if (satisfaction !== undefined && closedAt !== null)
          callback = {
            at: callbackAt ?? closedAt,
            satisfaction,
            resolved: resolvedValue === undefined ? satisfaction !== 'unsatisfied' : resolvedValue === 'yes',
          };
      }
      const order = [createdAt, repliedAt, callback?.at ?? null, status === 'closed' ? closedAt : null].filter((x): x is number => x !== null);
      if (order.some((x, i) => i > 0 && x < order[i - 1]!) && !reasons.includes('CLOSED_BEFORE_CREATED')) reasons.push('STEPS_OUT_OF_ORDER');
      const catCode = mapping.categoryMap[col(c, 'category')] ?? mapping.defaultCategory;
      const category = catCode === null ? null : catByCode.get(catCode);
      if (category === undefined || (category !== null && !category.isLeaf)) reasons.push('UNKNOWN_CATEGORY');
      const agency = col(c, 'agency');
      const unit = mapping.agencyMap[agency] === undefined ? defaultUnit : unitOf(mapping.agencyMap[agency]);
      if (unit === undefined) reasons.push('UNKNOWN_UNIT');
      else if (mapping.agencyMap[agency] === undefined && agency !== '') warnings.push('AGENCY_DEFAULTED');
      let latitude: number | null = null;
      let longitude: number | null = null;
      const latText = col(c, 'latitude');
      const lonText = col(c, 'longitude');
      if (latText !== '' || lonText !== '') {
        const lat = Number(latText);
        const lon = Number(lonText);
        if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) warnings.push('BAD_COORDINATES_DROPPED');
        else if (isPlaceholder(lat, lon, mapping.placeholderCoordinates)) warnings.push('PLACEHOLDER_COORDINATES_DROPPED');
        else {
          latitude = lat;
          longitude = lon;
        }
      }
      const key = `${sourceId}`;
      if (reasons.length === 0 && seen.has(key)) reasons.push('DUPLICATE_IN_FILE');
      if (reasons.length > 0) {
        rows.push({ rowNumber: row.rowNumber, sourceId: sourceId || null, status: 'rejected', reasons: [...reasons, ...warnings] });
      } else if (await findIdempotent(tx, ctx.districtCode, scope, sourceId)) {
        seen.add(key);
        rows.push({ rowNumber: row.rowNumber, sourceId, status: 'duplicate', reasons: ['ALREADY_IMPORTED'] });
      } else {
        seen.add(key);
        try {
          const number = await replay(txCtx, tx, actor, (t) => (simNow = t), {
            createdAt: createdAt!,
            closedAt: status === 'closed' ? closedAt : null,
            repliedAt,
            callback,
            categoryId: category?.id ?? null,
            unitId: unit!.id,
            channel: mapping.channelMap[col(c, 'channel')] ?? mapping.defaultChannel,
            content: fillTemplate(mapping.content, c) || sourceId,
            latitude,
            longitude,
            system: mapping.source,
            sourceId,
          });
          rows.push({ rowNumber: row.rowNumber, sourceId, status: 'accepted', reasons: warnings, ticketNumber: number });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          rows.push({ rowNumber: row.rowNumber, sourceId, status: 'rejected', reasons: [e.code, ...warnings] });
        }
      }
      done++;
      opts.onProgress?.(done, total);
    }
    if (opts.dryRun || (rows.some((r) => r.status === 'rejected') && !opts.allowPartial)) throw new Rollback();
    committed = true;
  };
  try {
    await ctx.database.db.transaction(run);
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  rows.sort((a, b) => a.rowNumber - b.rowNumber);
  const count = (s: RowReport['status']) => rows.filter((r) => r.status === s).length;
  return {
    dryRun: opts.dryRun === true,
    committed,
    encoding: table.encoding,
    total,
    accepted: count('accepted'),
    rejected: count('rejected'),
    duplicates: count('duplicate'),
    rows,
  };
}

interface HistoricalTicket {
  createdAt: number;
  closedAt: number | null;
  repliedAt: number | null;
  /** The source's callback result; null when it has none. */
  callback: { at: number; satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied'; resolved: boolean } | null;
  categoryId: number | null;
  unitId: number;
  channel: ImportMapping['defaultChannel'];
  content: string;
  latitude: number | null;
  longitude: number | null;
  /** The mapping's name: the ticket's source system, and the scope of its idempotency key. */
  system: string;
  sourceId: string;
}

/** One ticket's life replayed at its recorded moments; returns the ticket number. */
async function replay(ctx: AppContext, tx: Db, importer: Actor, setNow: (ms: number) => void, h: HistoricalTicket): Promise<string> {
  return tx.transaction(async (sp) => {
    const c: AppContext = { ...ctx, database: { ...ctx.database, db: sp } };
    setNow(h.createdAt);
    const created = await createTicket(
      c,
      importer,
      {
        requestType: 'help',
        channel: h.channel,
        categoryId: h.categoryId,
        content: h.content,
        latitude: h.latitude,
        longitude: h.longitude,
        // Whatever system it came from, history is an import (来源 历史导入); the system is kept beside it.
        source: 'import',
        sourceSystem: h.system,
        triage: { action: 'dispatch', leadUnitId: h.unitId, coUnitIds: [], reason: '历史导入' },
      },
      { scope: `import:${h.system}`, key: h.sourceId },
    );
    if (h.closedAt === null) return created.result.number;
    const ref = await ctx.reference.get();
    const row = await findTicketRow(sp, created.result.ticketId, { districtCode: ctx.districtCode, unitIds: 'all' });
    if (row === undefined) throw new Error(`history import: ticket ${created.result.ticketId} vanished`);
    let ticket: Ticket = domainTicketOf(row);
    const handler: Actor = { userId: importer.userId, unitId: h.unitId, roles: ['unit_handler'], isCentre: false };
    const step = async (cmd: Command, actor: Actor) => {
      ticket = (await applyCommand(c, sp, ticket, cmd, actor, ref)).ticket;
    };
    await step({ type: 'sign', input: { note: '历史导入：已签收' } }, handler);
    await step({ type: 'contact', input: { method: 'other', note: '历史导入' } }, handler);
    setNow(h.repliedAt ?? h.closedAt);
    await step({ type: 'reply', input: { text: '历史导入：已办结' } }, handler);
    const centre: Actor = { userId: importer.userId, unitId: importer.unitId, roles: ['callback_agent', 'centre_supervisor'], isCentre: true };
    if (h.callback !== null) {
      // The source's own callback: a valid one, assessed in its month like any other.
      setNow(h.callback.at);
      const cb = h.callback;
      await step(
        { type: 'callback', input: { valid: true, contacted: true, resolved: cb.resolved, satisfaction: cb.satisfaction, note: '历史导入：原系统回访结果' } },
        centre,
      );
    } else {
      // The source holds no callback result: the centre records that (an invalid callback), so the ticket
      // closes without a satisfaction and stays out of the satisfaction rates.
      await step({ type: 'callback', input: { valid: false, reason: 'other', note: '历史导入：原系统无回访记录' } }, centre);
    }
    setNow(h.closedAt);
    await step({ type: 'close', input: { note: '历史导入：原系统已结案' } }, centre);
    return created.result.number;
  });
}
