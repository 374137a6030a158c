/**
 * Excel for ledgers: a streamed export (exceljs WorkbookWriter over the HTTP stream, rows read from the
 * database in keyset pages, so memory stays flat however long the ledger) and an import of a 编号 column.
 */
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LedgerItemRow } from './ledgers.repository.ts';
import { EXPORT_HEADERS, labelOf, OUTCOME_LABEL, SATISFACTION_LABEL, SOURCE_LABEL, STATE_LABEL } from './ledgers.domain.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addressFor } from '../../engine/personal-data.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { addLedgerItems, getLedger, iterateLedgerItems, ledgerForEdit } from './ledgers.service.ts';

const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * 地点 of a ledger item: street, community and the address, the address clear only to those who may
 * reveal the ticket's requester (the centre, the handling units) and masked for everyone else, on
 * screen and in the export alike (DOMAIN-RULES §13).
 */
export function ledgerPlace(ctx: AppContext, p: Principal, ref: ReferenceSnapshot, r: LedgerItemRow): string {
  return [
    r.streetCode && ref.divisionByCode.get(r.streetCode)?.name,
    r.communityCode && ref.divisionByCode.get(r.communityCode)?.name,
    addressFor(ctx.personalData, p, r),
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Writes the ledger as .xlsx to `out`; resolves with the number of data rows. The requester's name and
 * phone are not exported at all; the address is masked unless this user may reveal it (`ledgerPlace`).
 * No reveal is recorded for an export: nothing is shown that the same user does not see on the ticket
 * page without revealing.
 */
export async function exportLedgerXlsx(ctx: AppContext, p: Principal, id: number, out: Writable): Promise<number> {
  const ledger = await getLedger(ctx, id);
  const ref = await ctx.reference.get();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(ledger.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ') || '台账');
  ws.columns = EXPORT_HEADERS.map((h, i) => ({ header: h, key: `c${i}`, width: [22, 12, 60, 30, 20, 20, 18, 14, 16, 10][i] }));
  const place = (r: LedgerItemRow) => ledgerPlace(ctx, p, ref, r);
  let n = 0;
  for await (const page of iterateLedgerItems(ctx, p, ledger)) {
    for (const r of page) {
      ws.addRow([
        r.number,
        labelOf(SOURCE_LABEL, r.source),
        r.title === r.content || r.title === '' ? r.content : `${r.title}：${r.content}`,
        place(r),
        r.categoryId === null ? '' : (ref.categoryById.get(r.categoryId)?.name ?? ''),
        r.leadUnitId === null ? '' : (ref.unitById.get(r.leadUnitId)?.name ?? ''),
        r.replyDueAt === null ? '' : fmt.format(r.replyDueAt),
        labelOf(STATE_LABEL, r.state),
        labelOf(OUTCOME_LABEL, r.outcome),
        labelOf(SATISFACTION_LABEL, r.satisfaction),
      ]).commit();
      n++;
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** Largest accepted import upload (a 编号 column compresses to a few bytes per row). */
export const MAX_IMPORT_BYTES = 72 * 1024;

/**
 * Reads the 编号 column of the first sheet and adds those tickets by hand; all or nothing: any unknown
 * number is reported with its row and nothing is added.
 */
export async function importLedgerXlsx(ctx: AppContext, p: Principal, id: number, file: Buffer, reason: string): Promise<{ added: number }> {
  await ledgerForEdit(ctx, p, id);
  // exceljs waits forever for a zip entry in an empty stream (base64 "=" decodes to no bytes).
  if (file.length === 0) throw new AppError('LEDGER.IMPORT_UNREADABLE', 'The file is empty, not a readable .xlsx workbook');
  const numbers: { row: number; number: string }[] = [];
  let col = -1;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).map((v) =>
          v == null ? '' : String(typeof v === 'object' && 'text' in (v as object) ? (v as { text: unknown }).text : v).trim(),
        );
        if (col < 0) {
          col = values.indexOf('编号');
          if (col < 0) throw new AppError('LEDGER.IMPORT_NO_NUMBER_COLUMN', 'The first row must have a 编号 column');
          continue;
        }
        const v = values[col] ?? '';
        if (v !== '') numbers.push({ row: row.number, number: v });
        if (numbers.length > 100_000) throw new AppError('LEDGER.IMPORT_TOO_MANY_ROWS', 'At most 100,000 rows per import');
      }
      break;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('LEDGER.IMPORT_UNREADABLE', 'The file is not a readable .xlsx workbook');
  }
  if (col < 0) throw new AppError('LEDGER.IMPORT_NO_NUMBER_COLUMN', 'The first row must have a 编号 column');
  try {
    return await addLedgerItems(ctx, p, id, { numbers: numbers.map((x) => x.number), reason });
  } catch (e) {
    if (e instanceof AppError && e.code === 'LEDGER.UNKNOWN_TICKETS') {
      const missing = new Set((e.details as { numbers: string[] }).numbers);
      throw new AppError('LEDGER.UNKNOWN_TICKETS', 'Some numbers do not exist; nothing was added', {
        rows: numbers.filter((x) => missing.has(x.number)).map((x) => ({ row: x.row, number: x.number, reason: 'unknown number' })),
      });
    }
    throw e;
  }
}
