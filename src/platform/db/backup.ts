/**
 * A logical backup of the whole database as lines of JSON, the same on PGlite and PostgreSQL (so a
 * district can also move from the embedded database to a server): a header, then every table's rows
 * in primary-key order, then an end line. File handling (gzip, temporary file) is the CLI's
 * (`src/platform/cli/backup.ts`); this module holds the SQL. Both directions stream in pages through a cursor
 * or in batches, so memory does not grow with the size of a table.
 *
 * Lines:
 *   1. the header (BackupHeader);
 *   2. for each table, in dependency order: `{"table":name,"rows":n}` and then n lines, one row each,
 *      as PostgreSQL's own `row_to_json` (restored by `json_populate_recordset`, so every type
 *      round-trips through PostgreSQL's text forms and never through JavaScript numbers);
 *   3. `{"end":true,"tables":t,"rows":r}`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { queryRows, type Database, type DbOrTx } from './client.ts';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';

export const BACKUP_FORMAT = 'jiesu-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Rows fetched from a cursor, and rows inserted per statement. */
const PAGE_ROWS = 1000;
/** Inserts are also cut at about this many characters of JSON, so a batch of large rows stays small. */
const BATCH_CHARS = 4 * 1024 * 1024;
/** Sequences not owned by a column, with the column whose maximum they must stay above. */
const FREE_SEQUENCES: Record<string, { table: string; column: string }> = { ticket_id_seq: { table: 'tickets', column: 'id' } };
/**
 * Tables the database derives from others by triggers (migration 0009). A backup writes them last, as
 * they were in the snapshot; a restore empties them of what its own inserts triggered just before
 * loading them, and afterwards checks them against a full recount (rebuilding them if they differ,
 * e.g. a restore that ran in replica mode from a file whose rows were derived differently).
 */
const DERIVED_TABLES = new Set(['ranking_aggregates']);
const derivedLast = <T extends { name: string }>(tables: T[]): T[] => [
  ...tables.filter((t) => !DERIVED_TABLES.has(t.name)),
  ...tables.filter((t) => DERIVED_TABLES.has(t.name)),
];

/** An expected failure of backup or restore, with a message meant for the operator. */
export class BackupError extends Error {
  readonly code = 'DB.BACKUP';
}

export interface BackupTable {
  name: string;
  /** Stored columns (generated columns are left out: they are computed again on insert). */
  columns: string[];
  primaryKey: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  source: { driver: Database['driver']; server: string };
  /** The last applied drizzle migration (drizzle.__drizzle_migrations): the schema the rows fit. */
  migration: { hash: string; createdAt: number; count: number };
  /** In dependency order: a table comes after the tables its foreign keys point to. */
  tables: BackupTable[];
  /** Every sequence of the public schema as it was (values as text: they are bigints). */
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
}

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  identityAlways: boolean;
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);
const identList = (names: string[]) => sql.raw(names.map((n) => `"${n.replaceAll('"', '""')}"`).join(', '));

/** The base tables of the public schema, in dependency order (foreign-key parents first, then by name). */
async function listTables(db: DbOrTx): Promise<TableInfo[]> {
  const rows = await queryRows<{ name: string; columns: string[]; pk: string[] | null; identity_always: boolean }>(
    db,
    sql`select c.relname as name,
          (select json_agg(a.attname order by a.attnum) from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns,
          (select json_agg(a.attname order by k.ord) from pg_index i
             cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
            where i.indrelid = c.oid and i.indisprimary) as pk,
          exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attidentity = 'a') as identity_always
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        order by c.relname`,
  );
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select distinct ch.relname as child, pa.relname as parent
        from pg_constraint k
        join pg_class ch on ch.oid = k.conrelid join pg_namespace n on n.oid = ch.relnamespace
        join pg_class pa on pa.oid = k.confrelid
        where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  const tables = rows.map((r) => ({ name: r.name, columns: parse(r.columns), primaryKey: parse(r.pk) ?? [], identityAlways: r.identity_always }));
  // Kahn's algorithm; ties broken by name so the order is stable. A cycle (none today) keeps its tables
  // in name order at the end, and the foreign-key check reports the problem on restore.
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  let rest = tables;
  while (rest.length > 0) {
    const ready = rest.filter((t) => [...parents.get(t.name)!].every((p) => done.has(p) || !parents.has(p)));
    const take = ready.length > 0 ? ready : rest;
    for (const t of take) {
      ordered.push(t);
      done.add(t.name);
    }
    rest = rest.filter((t) => !done.has(t.name));
  }
  return ordered;
}

async function lastMigration(db: DbOrTx): Promise<{ hash: string; createdAt: number; count: number } | null> {
  const [exists] = await queryRows<{ t: string | null }>(db, sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return null;
  const [row] = await queryRows<{ hash: string; created_at: string | number; count: string | number }>(
    db,
    sql`select hash, created_at, (select count(*) from drizzle.__drizzle_migrations) as count
        from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  return row ? { hash: row.hash, createdAt: Number(row.created_at), count: Number(row.count) } : null;
}

async function listSequences(db: DbOrTx): Promise<{ name: string; table: string | null; column: string | null }[]> {
  const rows = await queryRows<{ name: string; tbl: string | null; col: string | null }>(
    db,
    sql`select s.relname as name, t.relname as tbl, a.attname as col
        from pg_class s join pg_namespace n on n.oid = s.relnamespace
        left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid
          and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
        left join pg_class t on t.oid = d.refobjid
        left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
        where s.relkind = 'S' and n.nspname = 'public'
        order by s.relname`,
  );
  return rows.map((r) => {
    const free = FREE_SEQUENCES[r.name];
    return { name: r.name, table: r.tbl ?? free?.table ?? null, column: r.col ?? free?.column ?? null };
  });
}

/**
 * Writes the whole database as backup lines to `emit` (which may wait, for back-pressure). One
 * repeatable-read, read-only transaction: the rows and their counts are one consistent snapshot, and
 * a running server may keep working meanwhile.
 */
export async function writeBackup(database: Database, emit: (line: string) => Promise<void>, now: Date): Promise<BackupSummary> {
  return database.db.transaction(
    async (tx) => {
      const migration = await lastMigration(tx);
      if (!migration) throw new BackupError('The database has no migrations applied: there is nothing to back up.');
      const tables = derivedLast(await listTables(tx));
      for (const t of tables)
        if (t.primaryKey.length === 0) throw new BackupError(`Table ${t.name} has no primary key: its rows have no stable order to back up.`);
      const counted: BackupTable[] = [];
      for (const t of tables) {
        const [c] = await queryRows<{ n: string }>(tx, sql`select count(*)::text as n from ${ident(t.name)}`);
        counted.push({ name: t.name, columns: t.columns, primaryKey: t.primaryKey, rows: Number(c!.n) });
      }
      const sequences: BackupHeader['sequences'] = [];
      for (const s of await listSequences(tx)) {
        const [v] = await queryRows<{ last_value: string; is_called: boolean }>(
          tx,
          sql`select last_value::text as last_value, is_called from ${ident(s.name)}`,
        );
        sequences.push({ name: s.name, lastValue: v!.last_value, isCalled: v!.is_called });
      }
      const [server] = await queryRows<{ v: string }>(tx, sql`select current_setting('server_version') as v`);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_FORMAT_VERSION,
        createdAt: now.toISOString(),
        source: { driver: database.driver, server: server!.v },
        migration,
        tables: counted,
        sequences,
      };
      await emit(JSON.stringify(header));
      let total = 0;
      for (const t of counted) {
        await emit(JSON.stringify({ table: t.name, rows: t.rows }));
        await tx.execute(sql`declare jiesu_backup no scroll cursor for
          select row_to_json(r)::text as j from ${ident(t.name)} r order by ${identList(t.primaryKey)}`);
        let written = 0;
        for (;;) {
          const page = await queryRows<{ j: string }>(tx, sql.raw(`fetch ${PAGE_ROWS} from jiesu_backup`));
          for (const r of page) await emit(r.j);
          written += page.length;
          if (page.length < PAGE_ROWS) break;
        }
        await tx.execute(sql`close jiesu_backup`);
        if (written !== t.rows) throw new Error(`backup: ${t.name} gave ${written} rows, counted ${t.rows}`);
        total += written;
      }
      await emit(JSON.stringify({ end: true, tables: counted.length, rows: total }));
      return { tables: counted.length, rows: total };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface RestoreOptions {
  /** Empty a non-empty database first (needs a superuser on PostgreSQL: the audit trail refuses TRUNCATE). */
  force?: boolean;
  /**
   * Checks of tables derived from others (the ranking aggregates), run in the restore's transaction
   * after the rows are loaded and migrated: each rebuilds its table when it differs from a recount.
   * The composition root gathers them from the manifests (`afterRestore`).
   */
  afterLoad?: readonly ((db: DbOrTx) => Promise<void>)[];
}

export interface RestoreSummary extends BackupSummary {
  header: BackupHeader;
  /** Migrations applied after loading, because the backup was made by an older version. */
  migratedAfter: number;
}

function parseHeader(line: string | undefined): BackupHeader {
  let h: Partial<BackupHeader> | undefined;
  try {
    h = line === undefined ? undefined : (JSON.parse(line) as Partial<BackupHeader>);
  } catch {
    h = undefined;
  }
  if (!h || h.format !== BACKUP_FORMAT) throw new BackupError('This is not a Jiesu backup (no backup header on its first line).');
  if (h.version !== BACKUP_FORMAT_VERSION)
    throw new BackupError(`This backup has format version ${String(h.version)}; this version of Jiesu reads version ${BACKUP_FORMAT_VERSION}.`);
  if (!h.migration || !Array.isArray(h.tables) || !Array.isArray(h.sequences)) throw new BackupError('The backup header is incomplete.');
  return h as BackupHeader;
}

/**
 * Migrates `database` up to the schema the backup was made with. Returns how many newer migrations
 * this version of Jiesu still has to apply after the rows are loaded.
 */
async function migrateToBackupSchema(database: Database, header: BackupHeader): Promise<number> {
  const journal = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  const at = journal.findIndex((m) => m.folderMillis === header.migration.createdAt);
  const latest = journal[journal.length - 1]!;
  if (at < 0 && header.migration.createdAt > latest.folderMillis)
    throw new BackupError('This backup was made by a newer version of Jiesu (its schema has migrations this version does not know). Upgrade Jiesu first.');
  if (at < 0 || journal[at]!.hash !== header.migration.hash)
    throw new BackupError('The backup was made with a database schema this version of Jiesu does not know (its last migration does not match any of ours).');
  const target = await lastMigration(database.db);
  if (target && target.createdAt > header.migration.createdAt)
    throw new BackupError(
      'The target database is already migrated past the schema of this backup (made by an older version of Jiesu). ' +
        'Restore into a new, empty database: the restore applies the newer migrations after loading the rows.',
    );
  if (at === journal.length - 1) {
    await migrate(database);
    return 0;
  }
  // A copy of the migrations folder whose journal stops at the backup's migration.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-restore-migrations-'));
  try {
    fs.mkdirSync(path.join(dir, 'meta'));
    const j = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    j.entries = j.entries.slice(0, at + 1);
    fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(j));
    for (const e of j.entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    await migrate(database, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return journal.length - 1 - at;
}

function sqlState(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Restores backup lines into `database`: migrates it to the backup's schema, refuses a database that
 * holds any row (unless `force`), inserts every table in dependency order in one transaction, resets
 * every sequence above the restored ids, checks the row counts against the header, commits, and then
 * applies the migrations this version has beyond the backup's. A damaged or short backup fails before
 * the commit and leaves the data as it was.
 */
export async function restoreBackup(database: Database, lines: AsyncIterable<string>, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const it = lines[Symbol.asyncIterator]();
  const next = async (what: string): Promise<string> => {
    const r = await it.next();
    if (r.done) throw new BackupError(`The backup ends early, before ${what}: the file is truncated. Nothing was restored.`);
    return r.value;
  };
  try {
    return await restoreLines(database, it, next, opts);
  } finally {
    await it.return?.();
  }
}

async function restoreLines(
  database: Database,
  it: AsyncIterator<string>,
  next: (what: string) => Promise<string>,
  opts: RestoreOptions,
): Promise<RestoreSummary> {
  const first = await it.next();
  const header = parseHeader(first.done ? undefined : first.value);
  const migratedAfter = await migrateToBackupSchema(database, header);

  const tables = await listTables(database.db);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  if (
    !same(
      tables.map((t) => t.name),
      header.tables.map((t) => t.name),
    )
  )
    throw new BackupError('The tables of the backup and of the database (migrated to the backup schema) differ; refusing to restore.');
  for (const t of header.tables)
    if (!same(byName.get(t.name)!.columns, t.columns))
      throw new BackupError(`The columns of table ${t.name} differ between the backup and the database; refusing to restore.`);

  const summary = await database.db.transaction(async (tx) => {
    const nonEmpty: string[] = [];
    for (const t of tables) {
      const [r] = await queryRows<{ any: boolean }>(tx, sql`select exists (select 1 from ${ident(t.name)}) as any`);
      if (r!.any) nonEmpty.push(t.name);
    }
    if (nonEmpty.length > 0) {
      if (!opts.force)
        throw new BackupError(
          `The target database is not empty (${nonEmpty.slice(0, 5).join(', ')}${nonEmpty.length > 5 ? ', …' : ''} hold rows). ` +
            'Restore into an empty database, or pass --force to replace everything in it.',
        );
      // The audit trail refuses TRUNCATE (docs/SECURITY.md); replica mode skips ordinary triggers, for
      // this transaction only. Only a superuser (or a role granted SET on the parameter) may do that.
      try {
        await tx.execute(sql`set local session_replication_role = replica`);
      } catch (e) {
        if (sqlState(e) === '42501')
          throw new BackupError(
            'restore --force must empty the append-only audit tables, which refuse TRUNCATE; that needs a superuser connection ' +
              '(SET session_replication_role). Restore into a new, empty database instead, or connect as a superuser.',
          );
        throw e;
      }
      await tx.execute(sql`truncate ${identList(tables.map((t) => t.name))}`);
    }

    let total = 0;
    for (const t of header.tables) {
      const marker = await next(`table ${t.name}`);
      let m: { table?: unknown; rows?: unknown } | undefined;
      try {
        m = JSON.parse(marker) as { table?: unknown; rows?: unknown };
      } catch {
        m = undefined;
      }
      if (!m || m.table !== t.name || m.rows !== t.rows) throw new BackupError(`The backup is damaged: expected the rows of table ${t.name} at this point.`);
      const info = byName.get(t.name)!;
      // Loading the tables it derives from fired its triggers (unless in replica mode): the backup's rows replace that.
      if (DERIVED_TABLES.has(t.name)) await tx.execute(sql`delete from ${ident(t.name)}`);
      const insert = async (json: string) => {
        try {
          await tx.execute(sql`insert into ${ident(t.name)} (${identList(t.columns)}) ${sql.raw(info.identityAlways ? 'overriding system value' : '')}
            select ${identList(t.columns)} from json_populate_recordset(null::${ident(t.name)}, ${json}::json)`);
        } catch (e) {
          const cause = (e as { cause?: Error }).cause ?? (e as Error);
          throw new BackupError(
            `The rows of table ${t.name} could not be loaded (${cause.message}): the backup is damaged or does not fit. Nothing was restored.`,
          );
        }
      };
      let batch: string[] = [];
      let chars = 0;
      for (let i = 0; i < t.rows; i++) {
        const line = await next(`row ${i + 1} of ${t.rows} of table ${t.name}`);
        if (!line.startsWith('{')) throw new BackupError(`The backup is damaged: row ${i + 1} of table ${t.name} is not a JSON object.`);
        batch.push(line);
        chars += line.length;
        if (batch.length >= PAGE_ROWS || chars >= BATCH_CHARS) {
          await insert(`[${batch.join(',')}]`);
          batch = [];
          chars = 0;
        }
      }
      if (batch.length > 0) await insert(`[${batch.join(',')}]`);
      const [c] = await queryRows<{ n: string }>(tx, sql`select count(*)::text as n from ${ident(t.name)}`);
      if (Number(c!.n) !== t.rows)
        throw new BackupError(`Table ${t.name} holds ${c!.n} rows after loading, the backup header says ${t.rows}. Nothing was restored.`);
      total += t.rows;
    }
    const end = await next('its end line');
    let e: { end?: unknown; tables?: unknown; rows?: unknown } | undefined;
    try {
      e = JSON.parse(end) as typeof e;
    } catch {
      e = undefined;
    }
    if (!e || e.end !== true || e.tables !== header.tables.length || e.rows !== total)
      throw new BackupError('The backup is damaged: its end line is missing or does not match the header.');
    // Read to the very end, so a damaged tail (bad gzip checksum, extra data) fails before the commit.
    for (let r = await it.next(); !r.done; r = await it.next())
      if (r.value.trim() !== '') throw new BackupError('The backup is damaged: there is data after its end line.');

    await resetSequences(tx, header);
    for (const check of opts.afterLoad ?? []) await check(tx);
    return { tables: header.tables.length, rows: total };
  });
  if (migratedAfter > 0) await migrate(database);
  return { ...summary, header, migratedAfter };
}

/**
 * Sets every sequence of the public schema to at least the largest id now stored in its column and at
 * least where it stood in the backup, so new rows (and new ticket ids) never collide with restored ones.
 */
async function resetSequences(db: DbOrTx, header: BackupHeader): Promise<void> {
  const recorded = new Map(header.sequences.map((s) => [s.name, s]));
  for (const s of await listSequences(db)) {
    const parts: SQL[] = [sql`0::bigint`];
    const r = recorded.get(s.name);
    if (r?.isCalled) parts.push(sql`${r.lastValue}::bigint`);
    if (s.table && s.column) parts.push(sql`(select max(${ident(s.column)})::bigint from ${ident(s.table)})`);
    const [v] = await queryRows<{ v: string }>(db, sql`select greatest(${sql.join(parts, sql`, `)})::text as v`);
    const seq = `public."${s.name.replaceAll('"', '""')}"`;
    if (BigInt(v!.v) > 0n) await db.execute(sql`select setval(${seq}::regclass, ${v!.v}::bigint, true)`);
    else await db.execute(sql`select setval(${seq}::regclass, (select seqstart from pg_sequence where seqrelid = ${seq}::regclass), false)`);
  }
}
