/**
 * Import runs (导入记录): every import through the API or the CLI leaves one `import_runs` row when it
 * finishes — committed, dry run, rejected (nothing written) or failed (an unexpected error, which is
 * still rethrown). A file refused whole with an AppError (unreadable, missing columns) leaves no run:
 * nothing was attempted and the caller already gets the reason. The row report is stored with the
 * rejected rows first and capped at REPORT_CAP rows; `reportOmitted` says how many were left out.
 * Recording never turns a finished import into an error: a run that cannot be written is logged at
 * error level and the report goes back with `runId: null`.
 */
import { findImportRun, insertImportRun, listImportRuns as listRunRows, type ImportRunListRow } from './import-run.repository.ts';
import type { Actor } from '../../engine/domain/workflow/ticket.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { importFindings, type ImportOptions, type ImportReport, type RowReport } from './findings.ts';
import { importHistory, type HistoryOptions } from './history.ts';
import type { ImportMapping } from './mapping.ts';

export const IMPORT_KINDS = ['findings', 'history'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const RUN_STATUSES = ['committed', 'dry_run', 'rejected', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Most rows kept in a run's stored report (rejected rows are kept first). */
export const REPORT_CAP = 2000;

export interface RunMeta {
  kind: ImportKind;
  /** The file's name as the user chose it (no directories), '' when unknown. */
  fileName: string;
  /** The mapping's name for history imports (at most 40 characters), else null. */
  mapping: string | null;
}

export interface RecordedReport extends ImportReport {
  /** The run row written for this import; null when it could not be recorded (logged). */
  runId: number | null;
}

const RANK: Record<RowReport['status'], number> = { rejected: 0, duplicate: 1, accepted: 2 };

/**
 * The rows kept in a run: rejected first, then duplicates, then accepted rows with warnings, then
 * clean accepts; by line number within each group; at most `cap`.
 */
export function reportForRun(rows: readonly RowReport[], cap = REPORT_CAP): RowReport[] {
  const rank = (r: RowReport) => RANK[r.status] * 2 + (r.status === 'accepted' && r.reasons.length === 0 ? 1 : 0);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.rowNumber - b.rowNumber).slice(0, Math.max(0, cap));
}

export function runStatusOf(r: ImportReport): RunStatus {
  if (r.dryRun) return 'dry_run';
  return r.committed ? 'committed' : 'rejected';
}

/**
 * Runs `work` (one import) and records its run. Unexpected errors are recorded as `failed` and
 * rethrown; AppErrors (the file was refused whole) are rethrown without a run.
 */
export async function recordImport(ctx: AppContext, actor: Actor, meta: RunMeta, work: () => Promise<ImportReport>, cap = REPORT_CAP): Promise<RecordedReport> {
  const startedAt = ctx.clock();
  let report: ImportReport;
  try {
    report = await work();
  } catch (e) {
    if (!(e instanceof AppError)) {
      ctx.log.error({ err: e, kind: meta.kind, fileName: meta.fileName }, 'import failed unexpectedly');
      await writeRun(ctx, actor, meta, startedAt, {
        status: 'failed',
        dryRun: false,
        encoding: null,
        total: 0,
        accepted: 0,
        rejected: 0,
        duplicates: 0,
        report: [],
      });
    }
    throw e;
  }
  const runId = await writeRun(ctx, actor, meta, startedAt, {
    status: runStatusOf(report),
    dryRun: report.dryRun,
    encoding: report.encoding,
    total: report.total,
    accepted: report.accepted,
    rejected: report.rejected,
    duplicates: report.duplicates,
    report: reportForRun(report.rows, cap),
  });
  return { ...report, runId };
}

async function writeRun(
  ctx: AppContext,
  actor: Actor,
  meta: RunMeta,
  startedAt: Date,
  outcome: {
    status: RunStatus;
    dryRun: boolean;
    encoding: string | null;
    total: number;
    accepted: number;
    rejected: number;
    duplicates: number;
    report: RowReport[];
  },
): Promise<number | null> {
  try {
    return await insertImportRun(ctx.database.db, {
      districtCode: ctx.districtCode,
      kind: meta.kind,
      fileName: meta.fileName,
      mapping: meta.mapping,
      ...outcome,
      startedBy: actor.userId,
      startedAt,
      finishedAt: ctx.clock(),
    });
  } catch (err) {
    ctx.log.error({ err, kind: meta.kind, fileName: meta.fileName, status: outcome.status, total: outcome.total }, 'import run could not be recorded');
    return null;
  }
}

/** Batch findings import, recorded as a run. */
export function runFindingsImport(ctx: AppContext, actor: Actor, bytes: Uint8Array, opts: ImportOptions & { fileName?: string } = {}): Promise<RecordedReport> {
  const { fileName = '', ...rest } = opts;
  return recordImport(ctx, actor, { kind: 'findings', fileName, mapping: null }, () => importFindings(ctx, actor, bytes, rest));
}

/** Historical import through a named mapping, recorded as a run. */
export function runHistoryImport(
  ctx: AppContext,
  actor: Actor,
  mapping: { name: string; mapping: ImportMapping },
  bytes: Uint8Array,
  opts: HistoryOptions & { fileName?: string } = {},
): Promise<RecordedReport> {
  const { fileName = '', ...rest } = opts;
  return recordImport(ctx, actor, { kind: 'history', fileName, mapping: mapping.name }, () => importHistory(ctx, actor, mapping.mapping, bytes, rest));
}

export interface ImportRunSummary extends Omit<ImportRunListRow, 'districtCode'> {
  kind: ImportKind;
  status: RunStatus;
}
export interface ImportRunDetail extends ImportRunSummary {
  rows: RowReport[];
  /** Rows of the file not kept in the stored report (over the cap). */
  reportOmitted: number;
}

const summary = ({ districtCode: _d, ...r }: ImportRunListRow): ImportRunSummary => ({ ...r, kind: r.kind as ImportKind, status: r.status as RunStatus });

/** The district's runs, newest first. */
export async function listImportRuns(
  ctx: AppContext,
  filter: { kind?: ImportKind },
  limit: number,
  offset: number,
): Promise<{ items: ImportRunSummary[]; total: number }> {
  const r = await listRunRows(ctx.database.db, ctx.districtCode, filter, limit, offset);
  return { items: r.items.map(summary), total: r.total };
}

/** One run of the district with its stored row report; NOT_FOUND otherwise. */
export async function getImportRun(ctx: AppContext, id: number): Promise<ImportRunDetail> {
  const r = await findImportRun(ctx.database.db, ctx.districtCode, id);
  if (r === undefined) throw notFound('Import run', id);
  const { report, ...rest } = r;
  const rows = Array.isArray(report) ? (report as RowReport[]) : [];
  return { ...summary(rest), rows, reportOmitted: Math.max(0, r.total - rows.length) };
}
