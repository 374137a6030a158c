/**
 * `jiesu backup <file>` and `jiesu restore <file> [--force]`: the database as one gzip'd JSON-lines
 * file, the same format for the embedded database and PostgreSQL (src/platform/db/backup.ts holds the SQL and
 * the format). Both stream: memory stays flat whatever the size of the tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config.ts';
import { BackupError, restoreBackup, writeBackup, type BackupSummary, type RestoreOptions, type RestoreSummary } from '../db/backup.ts';
import { openDatabase, type Database } from '../db/client.ts';

export const BACKUP_HELP = `  backup <file>         write the whole database to <file> (gzip'd JSON lines; the same format for the
                        embedded database and PostgreSQL). Refused while a server holds the embedded
                        database; a running PostgreSQL server may keep working (one consistent snapshot)
  restore <file>        load a backup into an empty database (migrates it first; one transaction;
        [--force]       checks the row counts); --force replaces the data of a non-empty database`;

/**
 * Writes a backup of `database` to `file`: first to a temporary file beside it (mode 0600: the backup
 * holds personal data and password hashes), renamed into place only when complete.
 */
export async function backupToFile(database: Database, file: string, now: Date = new Date()): Promise<BackupSummary & { bytes: number }> {
  const tmp = `${file}.partial-${process.pid}`;
  const gzip = zlib.createGzip({ level: 6 });
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  const done = new Promise<void>((resolve, reject) => pipeline(gzip, out, (e) => (e ? reject(e) : resolve())));
  // A failed pipeline is reported by `done`; until then writes only wait for the stream to drain.
  done.catch(() => {});
  try {
    const summary = await writeBackup(
      database,
      async (line) => {
        if (!gzip.write(line + '\n')) await Promise.race([once(gzip, 'drain'), done]);
      },
      now,
    );
    gzip.end();
    await done;
    fs.renameSync(tmp, file);
    return { ...summary, bytes: fs.statSync(file).size };
  } catch (e) {
    gzip.destroy();
    await done.catch(() => {});
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The lines of a gzip'd file; a damaged or truncated file becomes a BackupError. */
async function* gzipLines(file: string): AsyncGenerator<string> {
  const gunzip = zlib.createGunzip();
  pipeline(fs.createReadStream(file), gunzip, () => {});
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let started = false;
  try {
    for await (const chunk of gunzip) {
      started = true;
      rest += decoder.write(chunk as Buffer);
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        yield rest.slice(0, nl);
        rest = rest.slice(nl + 1);
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupError(`No such file: ${file}`);
    if (!started && code === 'Z_DATA_ERROR') throw new BackupError(`${file} is not a Jiesu backup (not a gzip file).`);
    if (code?.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE')
      throw new BackupError(`The backup file ${file} is damaged or truncated (${(e as Error).message}). Nothing was restored.`);
    throw e;
  } finally {
    // Also when the reader stops early: closes the file.
    gunzip.destroy();
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

/** Restores `file` into `database` (see restoreBackup). */
export async function restoreFromFile(database: Database, file: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  return restoreBackup(database, gzipLines(file), opts);
}

/** parseArgs, with a mistyped option reported as a usage message rather than a stack trace. */
function args<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new BackupError(`${(e as Error).message}\nUsage: ${usage}`);
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runBackup(config: Config, argv: string[]): Promise<number> {
  const usage = 'jiesu backup <file>';
  const { positionals } = args({ args: argv, options: {}, allowPositionals: true }, usage);
  if (positionals.length !== 1) throw new BackupError(`Usage: ${usage}`);
  const file = path.resolve(positionals[0]!);
  // Opening the embedded database takes its directory lock: refused, with the lock's message, while a server holds it.
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const t0 = Date.now();
    const r = await backupToFile(database, file);
    console.log(`Backup of ${database.where}: ${r.tables} tables, ${r.rows} rows → ${file} (${mb(r.bytes)}, ${((Date.now() - t0) / 1000).toFixed(1)} s).`);
    console.log(`Uploaded photos are files, not rows: copy ${path.join(config.dataDir, 'uploads')} as well.`);
  } finally {
    await database.close();
  }
  return 0;
}

/** `afterLoad`: the derived-table checks of the manifests (RestoreOptions). */
export async function runRestore(config: Config, argv: string[], afterLoad: RestoreOptions['afterLoad'] = []): Promise<number> {
  const usage = 'jiesu restore <file> [--force]';
  const { positionals, values } = args({ args: argv, options: { force: { type: 'boolean' } }, allowPositionals: true }, usage);
  if (positionals.length !== 1) throw new BackupError(`Usage: ${usage}`);
  const file = path.resolve(positionals[0]!);
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const t0 = Date.now();
    const r = await restoreFromFile(database, file, { force: values.force === true, afterLoad });
    console.log(
      `Restored ${r.tables} tables, ${r.rows} rows from ${file} (backup of ${r.header.createdAt}) into ${database.where} in ${((Date.now() - t0) / 1000).toFixed(1)} s.` +
        (r.migratedAfter > 0 ? ` Then applied ${r.migratedAfter} newer migration(s).` : ''),
    );
  } finally {
    await database.close();
  }
  return 0;
}
