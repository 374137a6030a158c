/**
 * Migrates a database to an older schema: the project's migration files with the journal cut after
 * migration `last` (a temporary folder, removed afterwards). Tests of a migration load rows the way the
 * older schema had them and then run `migrate()` with the real folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/platform/db/client.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/platform/db/migrate.ts';

export async function migrateUpTo(database: Database, last: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jiesu-upto-${last}-`));
  try {
    fs.mkdirSync(path.join(dir, 'meta'));
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
    const kept = journal.entries.filter((e) => e.idx <= last);
    if (kept.at(-1)?.idx !== last) throw new Error(`no migration number ${last}`);
    fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: kept }));
    for (const e of kept) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    await migrate(database, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
