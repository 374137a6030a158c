/**
 * `jiesu import findings|history FILE`: the batch findings and historical imports from the command
 * line, with a progress bar and the row-level report. Exit code 0 when committed (or a clean dry run),
 * 1 when rejected rows kept the file from being committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pino from 'pino';
import { AppError } from '../platform/errors.ts';
import { importActor, type ImportReport } from '../modules/imports/findings.ts';
import { checkMapping } from '../modules/imports/history.ts';
import { runFindingsImport, runHistoryImport } from '../modules/imports/runs.ts';
import { ConfigError, type Config } from '../platform/config/config.ts';
import { openContext } from '../main.ts';

export const IMPORT_HELP = `  import findings FILE  import big-data / public-opinion findings (CSV or .xlsx; docs/IMPORT.md)
  import history FILE --mapping mappings/us311.json
                        import historical tickets with their original timestamps
        [--dry-run] [--allow-partial] [--limit N] [--as USER] [--json]`;

function printReport(r: ImportReport, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  for (const row of r.rows)
    if (row.status !== 'accepted' || row.reasons.length > 0)
      console.log(`  row ${String(row.rowNumber).padStart(6)}  ${(row.sourceId ?? '-').padEnd(20)} ${row.status.padEnd(9)} ${row.reasons.join(', ')}`);
  console.log(
    `\n${r.total} rows (${r.encoding}): ${r.accepted} accepted, ${r.rejected} rejected, ${r.duplicates} duplicates — ` +
      (r.dryRun ? 'dry run, nothing changed.' : r.committed ? 'committed.' : 'NOTHING committed (rejected rows; fix them or use --allow-partial).'),
  );
}

export async function runImport(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'allow-partial': { type: 'boolean' },
      limit: { type: 'string' },
      as: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [what, file] = positionals;
  if ((what !== 'findings' && what !== 'history') || file === undefined) throw new ConfigError(`Usage:\n${IMPORT_HELP}`);
  if (!fs.existsSync(file)) throw new ConfigError(`No such file: ${file}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ConfigError('--limit must be a positive whole number');
  if (what === 'history' && values.mapping === undefined) throw new ConfigError('history needs --mapping FILE (e.g. mappings/us311.json)');
  const bytes = new Uint8Array(fs.readFileSync(file));
  const ctx = await openContext(config, pino({ level: 'warn' }));
  const bar =
    process.stderr.isTTY && !values.json
      ? new cliProgress.SingleBar({ format: '导入 {bar} {value}/{total} rows | {eta}s', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : null;
  const onProgress = (done: number, total: number) => {
    if (bar === null) return;
    if (done <= 1) bar.start(total, done);
    else bar.update(done);
  };
  try {
    const actor = await importActor(ctx, values.as ?? 'admin');
    const opts = { dryRun: values['dry-run'] === true, allowPartial: values['allow-partial'] === true, onProgress, fileName: path.basename(file) };
    const report =
      what === 'findings'
        ? await runFindingsImport(ctx, actor, bytes, opts)
        : await runHistoryImport(
            ctx,
            actor,
            { name: path.basename(values.mapping!, '.json').slice(0, 40), mapping: checkMapping(JSON.parse(fs.readFileSync(values.mapping!, 'utf8'))) },
            bytes,
            { ...opts, limit },
          );
    bar?.stop();
    printReport(report, values.json === true);
    if (!values.json) console.log(report.runId === null ? 'The import run could not be recorded (see the log).' : `Recorded as import run #${report.runId}.`);
    return report.dryRun ? (report.rejected > 0 ? 1 : 0) : report.committed ? 0 : 1;
  } catch (e) {
    bar?.stop();
    if (e instanceof AppError || e instanceof SyntaxError) {
      console.error(`jiesu import: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await ctx.database.close();
  }
}
