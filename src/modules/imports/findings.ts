/**
 * Batch sources (大数据排查, 舆情): each row becomes a `data_finding` ticket created through the engine
 * and dispatched by the catalogue. The whole file is one transaction: if any row is rejected nothing
 * is committed unless `allowPartial`; a dry run does all the work and rolls it back. Re-runs are
 * idempotent by (source, source id): rows already imported are reported as duplicates.
 */
import { districtAccountCandidates } from '../../engine/district-accounts.ts';
import type { Db } from '../../platform/db/client.ts';
import { findIdempotent } from '../../engine/idempotency.repository.ts';
import { listUsers } from '../../engine/user.repository.ts';
import type { TicketSource } from '../../engine/domain/workflow/sources.ts';
import type { Actor, Role } from '../../engine/domain/workflow/ticket.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createTicket } from '../../engine/intake.ts';
import type { ParsedTable } from '../../platform/files/parse-table.ts';
import { readImportTable } from '../../platform/files/read-table.ts';

/** The batch sources of the engine's list (sources.ts) a findings file may name in its 来源 column. */
export const FINDING_SOURCES = ['big_data', 'public_opinion'] as const satisfies readonly TicketSource[];
export type FindingSource = (typeof FINDING_SOURCES)[number];
const isFindingSource = (s: string): s is FindingSource => (FINDING_SOURCES as readonly string[]).includes(s);

/** Accepted header names per field (Chinese or English), as documented in docs/IMPORT.md. */
const COLUMNS = {
  source: ['来源', 'source'],
  sourceId: ['外部编号', 'source_id'],
  title: ['标题', 'title'],
  content: ['内容', 'content'],
  categoryCode: ['分类编码', 'category_code'],
  streetCode: ['街道编码', 'street_code'],
  communityCode: ['社区编码', 'community_code'],
  address: ['地址', 'address'],
  foundAt: ['发现时间', 'found_at'],
} as const;
type Field = keyof typeof COLUMNS;

export interface RowReport {
  rowNumber: number;
  sourceId: string | null;
  status: 'accepted' | 'rejected' | 'duplicate';
  reasons: string[];
  ticketNumber?: string;
}

export interface ImportReport {
  dryRun: boolean;
  committed: boolean;
  encoding: ParsedTable['encoding'];
  total: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  rows: RowReport[];
}

export interface ImportOptions {
  dryRun?: boolean;
  allowPartial?: boolean;
  onProgress?: (done: number, total: number) => void;
}

class Rollback extends Error {}

/** The actor an import from the command line acts as: an existing user, by name (default `admin`). */
export async function importActor(ctx: AppContext, username = 'admin'): Promise<Actor> {
  // A user of this district (district-accounts.ts).
  const ref = await ctx.reference.get();
  const all = await listUsers(ctx.database.db);
  const u = districtAccountCandidates(username, ctx.districtCode)
    .map((n) => all.find((x) => x.username === n && ref.unitById.has(x.unitId)))
    .find((x) => x !== undefined);
  if (u === undefined) throw new AppError('VALIDATION.INVALID_INPUT', `No user ${username} in district ${ctx.districtCode}`);
  return { userId: u.id, unitId: u.unitId, roles: u.roles as Role[], isCentre: ref.unitById.get(u.unitId)?.unitType === 'centre' };
}

function pick(cells: Record<string, string>, field: Field): string {
  for (const name of COLUMNS[field]) {
    const v = cells[name];
    if (v !== undefined) return v.trim();
  }
  return '';
}

export async function importFindings(ctx: AppContext, actor: Actor, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportReport> {
  const table = await readImportTable(bytes);
  const missing = (['sourceId', 'content'] as Field[]).filter((f) => !COLUMNS[f].some((n) => table.headers.includes(n)));
  if (missing.length > 0)
    throw new AppError('VALIDATION.INVALID_INPUT', `Missing columns: ${missing.map((f) => COLUMNS[f].join('/')).join(', ')}`, { missing });
  const ref = await ctx.reference.get();
  const catByCode = new Map(ref.categories.map((c) => [c.code, c]));
  const rows: RowReport[] = table.problems.map((p) => ({ rowNumber: p.rowNumber, sourceId: null, status: 'rejected', reasons: [p.reason] }));
  const seen = new Set<string>();
  const total = table.rows.length + table.problems.length;
  let committed = false;

  const run = async (tx: Db) => {
    const txCtx: AppContext = { ...ctx, database: { ...ctx.database, db: tx } };
    let done = table.problems.length;
    for (const row of table.rows) {
      const c = row.cells;
      const reasons: string[] = [];
      const source = pick(c, 'source') || 'big_data';
      const sourceId = pick(c, 'sourceId');
      const content = pick(c, 'content');
      if (!isFindingSource(source)) reasons.push('UNKNOWN_SOURCE');
      if (sourceId === '') reasons.push('MISSING_SOURCE_ID');
      else if (sourceId.length > 200) reasons.push('SOURCE_ID_TOO_LONG');
      if (content === '') reasons.push('MISSING_CONTENT');
      const code = pick(c, 'categoryCode');
      const category = code === '' ? null : catByCode.get(code);
      if (category === undefined || (category && (!category.isLeaf || !category.active))) reasons.push('UNKNOWN_CATEGORY');
      const foundAt = pick(c, 'foundAt');
      if (foundAt !== '' && Number.isNaN(Date.parse(foundAt))) reasons.push('BAD_DATE');
      const scope = `import:${source}`;
      const key = `${scope}\u0000${sourceId}`;
      if (reasons.length === 0 && seen.has(key)) reasons.push('DUPLICATE_IN_FILE');
      if (reasons.length > 0) {
        rows.push({ rowNumber: row.rowNumber, sourceId: sourceId || null, status: 'rejected', reasons });
      } else if (await findIdempotent(tx, ctx.districtCode, scope, sourceId)) {
        seen.add(key);
        rows.push({ rowNumber: row.rowNumber, sourceId, status: 'duplicate', reasons: ['ALREADY_IMPORTED'] });
      } else {
        seen.add(key);
        try {
          const r = await createTicket(
            txCtx,
            actor,
            {
              kind: 'data_finding',
              requestType: 'report',
              channel: 'other',
              categoryId: category?.id ?? null,
              title: pick(c, 'title') || undefined,
              content: foundAt === '' ? content : `${content}\n（发现时间：${foundAt}）`,
              address: pick(c, 'address'),
              streetCode: pick(c, 'streetCode') || null,
              communityCode: pick(c, 'communityCode') || null,
              source: source as FindingSource,
              triage: { action: 'dispatch' },
            },
            { scope, key: sourceId },
          );
          rows.push({ rowNumber: row.rowNumber, sourceId, status: 'accepted', reasons: [], ticketNumber: r.result.number });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          rows.push({ rowNumber: row.rowNumber, sourceId, status: 'rejected', reasons: [e.code] });
        }
      }
      done++;
      opts.onProgress?.(done, total);
    }
    const anyRejected = rows.some((r) => r.status === 'rejected');
    if (opts.dryRun || (anyRejected && !opts.allowPartial)) throw new Rollback();
    committed = true;
  };
  try {
    await ctx.database.db.transaction(run);
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    committed = false;
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
