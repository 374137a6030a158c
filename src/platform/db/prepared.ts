/**
 * Statements built once per process instead of once per request. Building a query with drizzle's
 * builders costs far more server CPU than PostgreSQL spends running it (bench/RESULTS.md, "intake":
 * ~23 % of the server's samples were drizzle query building), so the hot fixed-shape statements of
 * ticket intake and the session lookup are built once and run by name: node-postgres then parses each
 * one once per pooled connection, and PostgreSQL plans it from its cache.
 *
 * Parameters are encoded exactly as drizzle encodes them (its column encoders, or its own
 * `fillPlaceholders` for `.prepare()`d builders), so a prepared statement and its builder twin store
 * and return the same values (test/prepared-statements.db.test.ts).
 */
import { getTableColumns, is, sql, type Column, type Table } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from './client.ts';

/** Inside a transaction, statements must run on its connection: `prepared(db)` objects are bound to the pool. */
export const isTransaction = (db: DbOrTx): boolean => is(db, PgTransaction);

/**
 * One value per database handle (the server's pool or an embedded database), built on first use:
 * drizzle's `.prepare()` binds a statement to the handle it was built on.
 */
export function perDatabase<P>(build: (db: Db) => P): (db: Db) => P {
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let p = cache.get(db);
    if (p === undefined) {
      p = build(db);
      cache.set(db, p);
    }
    return p;
  };
}

/** Statement text with numbered parameters (`$1`…) and, for each, its position in the values array. */
export interface FixedStatement {
  /** Unique per text in this process (node-postgres refuses one name for two texts on a connection). */
  name: string;
  sql: string;
  /** drizzle placeholders named '0', '1', … : the values are passed as an array, already encoded. */
  params: unknown[];
}

interface SessionOf {
  prepareQuery(
    query: { sql: string; params: unknown[] },
    fields: undefined,
    name: string | undefined,
    isResponseInArrayMode: boolean,
  ): { execute(values?: Record<string, unknown> | unknown[]): Promise<unknown> };
}

/**
 * Runs a fixed statement on a database handle or inside a transaction (on its connection) through
 * drizzle's session of that handle: the same driver call, result shape (`rows` as objects keyed by
 * column name) and error wrapping as `db.execute`, without building anything.
 */
export async function runFixed<T>(db: DbOrTx, statement: FixedStatement, values: readonly unknown[] = []): Promise<T[]> {
  // `session` is drizzle's (internal) handle on the driver of this database or transaction; its
  // prepareQuery is what every builder's `.prepare()` and `.execute()` ends in.
  const session = (db as unknown as { session: SessionOf }).session;
  const prepared = session.prepareQuery({ sql: statement.sql, params: statement.params }, undefined, statement.name, false);
  const r = (await prepared.execute(values as unknown[])) as { rows: T[] };
  return r.rows;
}

/** A placeholder for position `i` of the values array. */
export const slot = (i: number) => sql`${sql.placeholder(String(i))}`;

/**
 * The encoders of a table's columns by property name: values for a fixed statement are encoded as
 * drizzle's insert builder encodes them (dates as ISO text, JSON as text, arrays as array literals),
 * null and undefined as NULL.
 */
export function columnEncoder(table: Table): (key: string, value: unknown) => unknown {
  const columns = getTableColumns(table) as Record<string, Column>;
  return (key, value) => {
    if (value === null || value === undefined) return null;
    const c = columns[key];
    if (c === undefined) throw new Error(`${key} is not a column of this table`);
    return c.mapToDriverValue(value);
  };
}

/**
 * Several statements as one: `with s0 as (q0), s1 as (q1), … qN`. Every data-modifying sub-statement
 * runs to completion, and the whole is one statement: it commits or fails as one, in autocommit or in
 * the caller's transaction. Parameters are renumbered in order (drizzle writes them as `$n` and never
 * puts a `$` elsewhere in the statements it builds).
 */
export function joinStatements(name: string, parts: readonly { sql: string; params: unknown[] }[]): FixedStatement {
  let offset = 0;
  const texts: string[] = [];
  const params: unknown[] = [];
  for (const p of parts) {
    const base = offset;
    texts.push(p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + base}`));
    params.push(...p.params);
    offset += p.params.length;
  }
  const last = texts.pop()!;
  const text = texts.length === 0 ? last : `with ${texts.map((t, i) => `s${i} as (${t})`).join(', ')} ${last}`;
  return { name, sql: text, params };
}
