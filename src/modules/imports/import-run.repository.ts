/** SQL for import runs (导入记录): one row per finished import, with its (capped) row report. */
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { importRuns } from './imports.table.ts';
import { users } from '../../engine/reference/reference.table.ts';

export type ImportRunRow = typeof importRuns.$inferSelect;
export type NewImportRun = Omit<typeof importRuns.$inferInsert, 'id'>;
/** A run with the importer's names, for lists. */
export type ImportRunListRow = Omit<ImportRunRow, 'report'> & { username: string; displayName: string };

export async function insertImportRun(db: DbOrTx, row: NewImportRun): Promise<number> {
  const [r] = await db.insert(importRuns).values(row).returning({ id: importRuns.id });
  return r!.id;
}

const listColumns = {
  id: importRuns.id,
  districtCode: importRuns.districtCode,
  kind: importRuns.kind,
  fileName: importRuns.fileName,
  mapping: importRuns.mapping,
  encoding: importRuns.encoding,
  dryRun: importRuns.dryRun,
  status: importRuns.status,
  total: importRuns.total,
  accepted: importRuns.accepted,
  rejected: importRuns.rejected,
  duplicates: importRuns.duplicates,
  startedBy: importRuns.startedBy,
  startedAt: importRuns.startedAt,
  finishedAt: importRuns.finishedAt,
  username: users.username,
  displayName: users.displayName,
};

/** A district's runs, newest first (ties by id), optionally of one kind; with the total count. */
export async function listImportRuns(
  db: DbOrTx,
  districtCode: string,
  filter: { kind?: string },
  limit: number,
  offset: number,
): Promise<{ items: ImportRunListRow[]; total: number }> {
  const conds: SQL[] = [eq(importRuns.districtCode, districtCode)];
  if (filter.kind !== undefined) conds.push(eq(importRuns.kind, filter.kind));
  const where = and(...conds);
  const items = await db
    .select(listColumns)
    .from(importRuns)
    .innerJoin(users, eq(users.id, importRuns.startedBy))
    .where(where)
    .orderBy(desc(importRuns.startedAt), desc(importRuns.id))
    .limit(limit)
    .offset(offset);
  const [c] = await db.select({ n: count() }).from(importRuns).where(where);
  return { items, total: Number(c?.n ?? 0) };
}

/** One run of the district with its row report, or undefined. */
export async function findImportRun(db: DbOrTx, districtCode: string, id: number): Promise<(ImportRunListRow & { report: unknown }) | undefined> {
  const [r] = await db
    .select({ ...listColumns, report: importRuns.report })
    .from(importRuns)
    .innerJoin(users, eq(users.id, importRuns.startedBy))
    .where(and(eq(importRuns.districtCode, districtCode), eq(importRuns.id, id)));
  return r;
}
