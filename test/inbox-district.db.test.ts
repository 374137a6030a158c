/**
 * Migration 0010 (the inbox at size, the district code in the keys):
 * - the unit list (`listTicketRows`, now two branches for a unit scope and an implied state filter for
 *   due statuses) returns exactly the rows, order and total of a plain filter written in the test, over
 *   hundreds of random tickets and random filters, and the inbox tab counts (`countInbox`, also split
 *   in two branches) equal the plain counts;
 * - the sweeper of one district neither marks nor turns yellow another district's tickets;
 * - 0010 applies on a database migrated to 0009 (which already has tickets_repeat_of_idx, created by
 *   hand there) with rows in every table whose key changed, and the new keys are what the schema says;
 *   0014 then fills idempotency_keys.district_code from each record's ticket and leads its key with it;
 *   0015 does the same for whistles, whistle_reports and grid_reports (from the ticket) and
 *   ledger_manual_items (from the ledger), and leads the ledgers' key with their district.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { countInbox, INBOX_TAB_FILTERS, INBOX_TABS } from '../src/modules/hotline/queues.repository.ts';
import { listTicketRows, type TicketListFilter, type TicketScope } from '../src/engine/ticket.repository.ts';
import { ticketEvents, tickets } from '../src/schema.ts';
import { createHarness, dbKind, freshDatabase, type Harness } from './support/harness.ts';
import { migrateUpTo } from './support/migrate-up-to.ts';
import { dispatchedTo, loadRef, STREET_A } from './support/ticket-flow.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Deterministic random numbers (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => next() < 0.4);
  return { next, int, pick, subset };
}

const STATES = ['accepted', 'dispatched', 'signed', 'handling', 'deferred', 'objection_review', 'replied', 'callback_done', 'closed'];
const CLOCK = ['dispatched', 'signed', 'handling'];
const DUE = ['ok', 'due_soon', 'overdue'];
const UNITS = [1, 2, 3, 4, 5];

interface Plain {
  id: number;
  lead: number | null;
  co: number[];
  state: string;
  due: string;
  dueAt: number | null;
  acceptedAt: number;
  kind: string;
}

describe(`unit ticket list against a plain filter (${dbKind()})`, () => {
  const D = '110199'; // a district of its own, so the demo data does not mix in
  let all: Plain[] = [];

  beforeAll(async () => {
    const r = rng(20261202);
    const N = 400;
    const base = Date.parse('2026-03-01T00:00:00+08:00');
    const values = Array.from({ length: N }, (_, i) => {
      const state = r.pick(STATES);
      // As stateColumns writes them: a light only while a clock runs, 'none' otherwise.
      const due = CLOCK.includes(state) && r.next() < 0.9 ? r.pick(DUE) : 'none';
      const lead = r.next() < 0.1 ? null : r.pick(UNITS);
      const co = r.next() < 0.25 ? r.subset(UNITS).filter((u) => u !== lead) : [];
      // Few distinct deadlines (ties across both branches exercise the id tie-break), some none.
      const dueAt = r.next() < 0.15 ? null : base + r.int(12) * 3600_000;
      const acceptedAt = base - r.int(40) * 60_000;
      const kind = r.pick(['hotline_request', 'data_finding']);
      return sql`(${D}, ${9_000_000 + i}, ${`RND${i}`}, ${kind}, ${state}, 'complaint', 'web', 'normal', 't', 'c', ${new Date(acceptedAt).toISOString()}::timestamptz,
        ${lead}, ${sql.raw(`ARRAY[${co.join(',')}]::integer[]`)}, ${due}, ${dueAt === null ? null : new Date(dueAt).toISOString()}::timestamptz, '{}'::jsonb, 1)`;
    });
    await h.ctx.database.db
      .execute(sql`insert into tickets (district_code, id, number, kind, state, request_type, channel, urgency, title, content, accepted_at,
      lead_unit_id, co_unit_ids, due_status, active_due_at, domain, version) values ${sql.join(values, sql`, `)}`);
    const rows = await queryRows<{
      id: string;
      lead: number | null;
      co: number[];
      state: string;
      due: string;
      due_at: string | Date | null;
      accepted_at: string | Date;
      kind: string;
    }>(
      h.ctx.database.db,
      sql`select id, lead_unit_id as lead, co_unit_ids as co, state, due_status as due, active_due_at as due_at, accepted_at, kind from tickets where district_code = ${D}`,
    );
    all = rows.map((x) => ({
      id: Number(x.id),
      lead: x.lead,
      co: x.co,
      state: x.state,
      due: x.due,
      dueAt: x.due_at === null ? null : new Date(x.due_at).getTime(),
      acceptedAt: new Date(x.accepted_at).getTime(),
      kind: x.kind,
    }));
    expect(all).toHaveLength(N);
  });

  function expected(scope: TicketScope, f: TicketListFilter): { ids: number[]; total: number } {
    const rows = all.filter(
      (t) =>
        (scope.unitIds === 'all' || scope.unitIds.some((u) => t.lead === u || t.co.includes(u))) &&
        (!f.states?.length || f.states.includes(t.state)) &&
        (!f.dueStatuses?.length || f.dueStatuses.includes(t.due)) &&
        (!f.kinds?.length || f.kinds.includes(t.kind)) &&
        (f.leadUnitId === undefined || t.lead === f.leadUnitId),
    );
    const cmp =
      f.sort === 'due'
        ? (a: Plain, b: Plain) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.id - b.id
        : f.sort === 'oldest'
          ? (a: Plain, b: Plain) => a.acceptedAt - b.acceptedAt || a.id - b.id
          : (a: Plain, b: Plain) => b.acceptedAt - a.acceptedAt || b.id - a.id;
    rows.sort(cmp);
    return { ids: rows.slice(f.offset, f.offset + f.limit).map((t) => t.id), total: rows.length };
  }

  it('gives the same rows, order and total for 300 random scopes and filters', { timeout: 120_000 }, async () => {
    const r = rng(7);
    const tabs: Partial<TicketListFilter>[] = [
      { states: ['dispatched'] },
      { states: ['handling', 'deferred'] },
      { dueStatuses: ['overdue'] },
      { dueStatuses: ['due_soon'] },
      { states: ['replied'] },
    ];
    let nonEmpty = 0;
    for (let i = 0; i < 300; i++) {
      const unitIds: number[] | 'all' = r.next() < 0.1 ? 'all' : r.next() < 0.75 ? [r.pick(UNITS)] : [...new Set([r.pick(UNITS), r.pick(UNITS), 9])];
      const scope: TicketScope = { districtCode: D, unitIds };
      const f: TicketListFilter =
        r.next() < 0.4
          ? { ...r.pick(tabs), sort: 'due', offset: r.pick([0, 0, 5, 20]), limit: r.pick([1, 5, 20]) }
          : {
              ...(r.next() < 0.5 ? { states: r.subset(STATES) } : {}),
              ...(r.next() < 0.5 ? { dueStatuses: r.subset([...DUE, 'none']) } : {}),
              ...(r.next() < 0.2 ? { kinds: [r.pick(['hotline_request', 'data_finding'])] } : {}),
              ...(r.next() < 0.2 ? { leadUnitId: r.pick(UNITS) } : {}),
              sort: r.pick(['due', 'newest', 'oldest'] as const),
              offset: r.pick([0, 0, 3, 10, 50]),
              limit: r.pick([1, 7, 20, 100]),
            };
      const got = await listTicketRows(h.ctx.database.db, scope, f);
      const want = expected(scope, f);
      if (want.ids.length > 0) nonEmpty++;
      expect({ i, ids: got.rows.map((x) => x.id), total: got.total }).toEqual({ i, ids: want.ids, total: want.total });
    }
    // The comparison is not vacuous: most filters return rows.
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('counts every inbox tab like the plain filter, for every unit set', async () => {
    const open = ['dispatched', 'signed', 'handling', 'deferred', 'replied'];
    const scopes: (number[] | 'all')[] = ['all', [], ...UNITS.map((u) => [u]), [1, 2], [3, 5, 9]];
    for (const unitIds of scopes) {
      for (const leadUnitId of [undefined, 2]) {
        const want = Object.fromEntries(
          INBOX_TABS.map((tab) => {
            const { states, dueStatuses } = INBOX_TAB_FILTERS[tab];
            const n = all.filter(
              (t) =>
                (unitIds === 'all' || unitIds.some((u) => t.lead === u || t.co.includes(u))) &&
                open.includes(t.state) &&
                (leadUnitId === undefined || t.lead === leadUnitId) &&
                (!states || states.includes(t.state)) &&
                (!dueStatuses || dueStatuses.includes(t.due)),
            ).length;
            return [tab, n];
          }),
        );
        expect({
          unitIds,
          leadUnitId,
          counts: await countInbox(h.ctx.database.db, { districtCode: D, unitIds }, leadUnitId === undefined ? {} : { leadUnitId }),
        }).toEqual({ unitIds, leadUnitId, counts: want });
      }
    }
  });

  it('an empty unit list sees nothing', async () => {
    expect(await listTicketRows(h.ctx.database.db, { districtCode: D, unitIds: [] }, { offset: 0, limit: 20 })).toEqual({ rows: [], total: 0 });
  });
});

/**
 * A copy of a ticket (row and events) in district `to`, under a new id: the same domain ticket, as
 * another district's server would have stored it.
 */
async function copyToDistrict(id: number, to: string): Promise<number> {
  const db = h.ctx.database.db;
  const [{ nid }] = (await queryRows<{ nid: string }>(db, sql`select nextval('ticket_id_seq')::text as nid`)) as [{ nid: string }];
  const newId = Number(nid);
  await db.execute(sql`create temp table copy_t as select * from tickets where id = ${id}`);
  await db.execute(sql`update copy_t set district_code = ${to}, id = ${newId}, number = 'B' || number,
    domain = jsonb_set(jsonb_set(domain, '{districtCode}', to_jsonb(${to}::text)), '{id}', to_jsonb(${newId}::bigint))`);
  await db.execute(sql`insert into tickets select * from copy_t`);
  await db.execute(sql`drop table copy_t`);
  await db.execute(sql`insert into ticket_events (district_code, ticket_id, seq, type, at, actor_user_id, actor_unit_id, actor_roles, actor_is_centre, state_before, state_after, data)
    select ${to}, ${newId}, seq, type, at, actor_user_id, actor_unit_id, actor_roles, actor_is_centre, state_before, state_after, data from ticket_events where ticket_id = ${id}`);
  return newId;
}

describe(`sweeper per district (${dbKind()})`, () => {
  it("marks and turns yellow only its own district's tickets", async () => {
    const ref = await loadRef(h);
    const street = ref.unitId(`ST-${STREET_A}`);
    const db = h.ctx.database.db;
    const B = '110108';
    h.clock.set('2026-04-06T09:00:00+08:00');
    const late = await dispatchedTo(h, street); // sign deadline 11:00
    const lateB = await copyToDistrict(late, B);
    h.clock.set('2026-04-06T09:50:00+08:00');
    const soon = await dispatchedTo(h, street); // yellow from 11:20
    const soonB = await copyToDistrict(soon, B);

    const state = async (id: number) => {
      const [t] = await db.select({ due: tickets.dueStatus, version: tickets.version, district: tickets.districtCode }).from(tickets).where(eq(tickets.id, id));
      const [e] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, id));
      return { ...t!, events: e!.n };
    };
    const bBefore = { late: await state(lateB), soon: await state(soonB) };
    expect(bBefore.late).toMatchObject({ district: B, due: 'ok' });

    h.clock.set('2026-04-06T11:30:00+08:00');
    const a = await sweepDeadlines(h.ctx);
    expect(a.overdue).toBeGreaterThanOrEqual(1);
    expect((await state(late)).due).toBe('overdue');
    expect((await state(soon)).due).toBe('due_soon');
    // District B's copies: untouched (no event, same version, same light).
    expect({ late: await state(lateB), soon: await state(soonB) }).toEqual(bBefore);

    // The same sweep run for district B marks its copies (so the check above is not vacuous), and
    // leaves district A's tickets as they are.
    const aAfter = { late: await state(late), soon: await state(soon) };
    const b = await sweepDeadlines({ ...h.ctx, districtCode: B });
    expect(b.overdue).toBe(1);
    expect(b.dueSoon).toBeGreaterThanOrEqual(1);
    expect((await state(lateB)).due).toBe('overdue');
    expect((await state(lateB)).events).toBe(bBefore.late.events + 1);
    expect((await state(soonB)).due).toBe('due_soon');
    expect({ late: await state(late), soon: await state(soon) }).toEqual(aAfter);
  });
});

describe(`migrations 0010, 0014 and 0015 on a database at 0009 (${dbKind()})`, () => {
  it('applies over the hand-made tickets_repeat_of_idx, keeps the rows, and leaves the keys of the schema', { timeout: 120_000 }, async () => {
    const { database, drop } = await freshDatabase();
    try {
      await migrateUpTo(database, 9);
      const db = database.db;
      const indexDef = async (name: string) =>
        (await queryRows<{ d: string }>(db, sql`select indexdef as d from pg_indexes where indexname = ${name}`))[0]?.d ?? null;
      expect(await indexDef('tickets_repeat_of_idx')).toMatch(/WHERE \(repeat_of_id IS NOT NULL\)/);

      // Rows in every table whose key changes.
      await db.execute(sql`insert into tickets (district_code, id, number, kind, state, request_type, channel, urgency, title, content, accepted_at, domain, version)
        values ('110109', 101, 'M1', 'hotline_request', 'accepted', 'complaint', 'web', 'normal', 't', 'c', now(), '{}'::jsonb, 1),
               ('110108', 102, 'M1', 'hotline_request', 'accepted', 'complaint', 'web', 'normal', 't', 'c', now(), '{}'::jsonb, 1)`);
      await db.execute(sql`update tickets set repeat_of_id = 101 where id = 102`);
      await db.execute(sql`insert into ticket_events (district_code, ticket_id, seq, type, at, state_after, data)
        values ('110109', 101, 1, 'accept', now(), 'accepted', '{}'::jsonb), ('110108', 102, 1, 'accept', now(), 'accepted', '{}'::jsonb)`);
      await db.execute(
        sql`insert into personal_data_reveals (district_code, ticket_id, user_id, unit_id, at, reason) values ('110109', 101, 1, 1, now(), '回访核实')`,
      );
      await db.execute(sql`insert into attachments (district_code, purpose, content_type, size, sha256, storage_path, created_at)
        values ('110109', 'request', 'image/png', 1, repeat('a', 64), 'aa/a', now()), ('110108', 'request', 'image/png', 1, repeat('b', 64), 'bb/b', now())`);
      await db.execute(sql`insert into idempotency_keys (scope, key, request_hash, ticket_id, status_code, response)
        values ('user:1', 'k-a', repeat('a', 64), 101, 201, '{}'::jsonb), ('user:1', 'k-b', repeat('b', 64), 102, 201, '{}'::jsonb),
               ('user:1', 'k-lost', repeat('c', 64), 999, 201, '{}'::jsonb)`);
      // 0015's tables, as 0009 had them (no district column): whistle 101 (district 110109) summons
      // units 7 and 8, grid report 102 (110108), a whistle whose ticket is missing (998); two ledgers of
      // two districts with a hand-made item each.
      await db.execute(sql`insert into whistles (ticket_id, street_unit_id, place, report_limit_minutes, created_by, created_at)
        values (101, 1, 'p', 30, 1, now()), (998, 1, 'p', 30, 1, now())`);
      await db.execute(sql`insert into whistle_reports (whistle_ticket_id, unit_id, due_at) values (101, 7, now()), (101, 8, now()), (998, 7, now())`);
      await db.execute(sql`insert into grid_reports (ticket_id, grid_id, reported_by, created_at) values (102, 1, 1, now())`);
      await db.execute(sql`insert into ledgers (id, district_code, name, rules, created_by, created_at)
        values (1, '110109', 'a', '{}'::jsonb, 1, now()), (2, '110108', 'b', '{}'::jsonb, 1, now())`);
      await db.execute(sql`insert into ledger_manual_items (ledger_id, ticket_id, included) values (1, 101, true), (2, 102, false)`);

      await migrate(database); // the real folder: applies 0010 (and anything after it)

      const keyCols = async (table: string) =>
        (
          await queryRows<{ cols: string }>(
            db,
            sql`select string_agg(a.attname, ',' order by k.ord) as cols from pg_constraint c
                cross join lateral unnest(c.conkey) with ordinality k(attnum, ord)
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                where c.conrelid = ${table}::regclass and c.contype = 'p' group by c.conname`,
          )
        ).map((x) => x.cols);
      expect(await keyCols('attachments')).toEqual(['district_code,id']);
      expect(await keyCols('personal_data_reveals')).toEqual(['district_code,id']);
      expect(await keyCols('tickets')).toEqual(['district_code,id']);
      expect(await keyCols('idempotency_keys')).toEqual(['district_code,scope,key']);
      expect(await keyCols('whistles')).toEqual(['district_code,ticket_id']);
      expect(await keyCols('whistle_reports')).toEqual(['district_code,id']);
      expect(await keyCols('grid_reports')).toEqual(['district_code,ticket_id']);
      expect(await keyCols('ledgers')).toEqual(['district_code,id']);
      expect(await keyCols('ledger_manual_items')).toEqual(['ledger_id,ticket_id,district_code']);
      // 0015: from the ticket (whistles, report-ins, grid reports) or the ledger (hand-made items).
      expect(await queryRows(db, sql`select ticket_id::int as ticket_id, district_code from whistles order by 1`)).toEqual([
        { ticket_id: 101, district_code: '110109' },
        { ticket_id: 998, district_code: '000000' },
      ]);
      expect(await queryRows(db, sql`select whistle_ticket_id::int as t, unit_id as u, district_code as d from whistle_reports order by 1, 2`)).toEqual([
        { t: 101, u: 7, d: '110109' },
        { t: 101, u: 8, d: '110109' },
        { t: 998, u: 7, d: '000000' },
      ]);
      expect(await queryRows(db, sql`select ticket_id::int as ticket_id, district_code from grid_reports`)).toEqual([
        { ticket_id: 102, district_code: '110108' },
      ]);
      expect(await queryRows(db, sql`select ledger_id, district_code from ledger_manual_items order by 1`)).toEqual([
        { ledger_id: 1, district_code: '110109' },
        { ledger_id: 2, district_code: '110108' },
      ]);
      expect(await indexDef('ledgers_district_idx')).toBeNull();
      expect(await indexDef('whistle_reports_uq')).toMatch(/UNIQUE INDEX .* \(whistle_ticket_id, unit_id, district_code\)/);
      // The keys hold: a second report-in row for the same whistle and unit is refused.
      await expect(
        db.execute(sql`insert into whistle_reports (district_code, whistle_ticket_id, unit_id, due_at) values ('110109', 101, 7, now())`),
      ).rejects.toThrow();
      // 0014: each record takes its ticket's district; one whose ticket is missing, the code no district has.
      expect(await queryRows(db, sql`select key, district_code from idempotency_keys order by key`)).toEqual([
        { key: 'k-a', district_code: '110109' },
        { key: 'k-b', district_code: '110108' },
        { key: 'k-lost', district_code: '000000' },
      ]);
      // The same scope and key in another district is now a different record.
      await db.execute(sql`insert into idempotency_keys (district_code, scope, key, request_hash, ticket_id, status_code, response)
        values ('110108', 'user:1', 'k-a', repeat('d', 64), 102, 201, '{}'::jsonb)`);
      expect(await indexDef('ticket_events_seq_uq')).toMatch(/UNIQUE INDEX .* \(ticket_id, seq, district_code\)/);
      expect(await indexDef('tickets_id_uq')).toBeNull();
      expect(await indexDef('tickets_id_idx')).toMatch(/INDEX tickets_id_idx .* \(id\)$/);
      expect(await indexDef('tickets_repeat_of_idx')).toMatch(/WHERE \(repeat_of_id IS NOT NULL\)/);
      // Every unique index on the large tables names the district (what a distributed table demands).
      const uniques = await queryRows<{ t: string; d: string }>(
        db,
        sql`select tablename as t, indexdef as d from pg_indexes where tablename in ('tickets', 'ticket_events', 'attachments', 'personal_data_reveals', 'idempotency_keys',
              'whistles', 'whistle_reports', 'grid_reports', 'ledgers', 'ledger_manual_items') and indexdef like 'CREATE UNIQUE%'`,
      );
      expect(uniques.length).toBeGreaterThanOrEqual(12);
      for (const u of uniques) expect(u).toMatchObject({ d: expect.stringContaining('district_code') });

      const count = async (table: string) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
      expect([await count('tickets'), await count('ticket_events'), await count('personal_data_reveals'), await count('attachments')]).toEqual([2, 2, 1, 2]);
      // The keys hold: the same (ticket, seq) twice in one district is refused.
      await expect(
        db.execute(
          sql`insert into ticket_events (district_code, ticket_id, seq, type, at, state_after, data) values ('110109', 101, 1, 'accept', now(), 'accepted', '{}'::jsonb)`,
        ),
      ).rejects.toThrow();
    } finally {
      await drop();
    }
  });
});
