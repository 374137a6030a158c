/**
 * A real streaming read replica behind the dashboards. The test starts its own PostgreSQL primary and a
 * hot standby of it (scripts/pg-local.sh replica, temporary directories, free loopback ports; the shared
 * cluster of DATABASE_URL is not touched), builds the app on the primary with the standby as its read
 * database, and steers replication to tell the two apart: with replay paused on the standby, tickets
 * written to the primary appear at once in the ticket list, the ticket page and the work queues
 * (primary) while analytics, rankings, queue and inbox counts, ledger counts, summaries and the Excel
 * export, and the public Open311 list still show the old figures (replica); after replay resumes they
 * show the new ones. Every route the test drives while replay is paused must succeed, and the standby's
 * own log must show no failed statement (a write sent to it would fail there as read-only). Finally a
 * lagging and a stopped replica: the dashboards read from the primary and say so in the log, and go
 * back to the replica when it has caught up.
 *
 * Runs in the PostgreSQL pass of the db tests (DATABASE_URL set) on a machine with the server binaries;
 * on the embedded database there is no replication to test, and it is skipped with that reason.
 */
import fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { setReplicaPolicy } from '../src/platform/db/read-database.ts';
import { openDatabase, queryRows, type Database } from '../src/platform/db/client.ts';
import { apiOperations } from './support/api-surface.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { pgBinDir, startReplicaPair, type ReplicaPair } from './support/pg-replica.ts';
import { act, api, intake, loadRef, STREET_A, type Ref } from './support/ticket-flow.ts';

const skipReason =
  dbKind() === 'pglite'
    ? 'needs PostgreSQL: runs in the test:db pass with DATABASE_URL set (the embedded database has no replication)'
    : pgBinDir() === null
      ? 'no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql/<major>/bin'
      : null;

const MONTH = '2026-03';
const DAY = '2026-03-02';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LogLine {
  level: number;
  msg: string;
  reason?: string;
}

if (skipReason !== null) {
  test(`read replica (skipped: ${skipReason})`, (c) => c.skip(skipReason));
} else {
  describe('a streaming read replica serves the dashboards', () => {
    let pair: ReplicaPair;
    let h: Harness;
    let ref: Ref;
    let replica: Database;
    let dbName: string;
    let streetA: number;
    let ledgerId: number;
    const logs: LogLine[] = [];

    const get = async (user: string, url: string) => {
      const r = await api(h, user, 'GET', url);
      expect(r.status, `GET ${url} as ${user}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
      return r.body;
    };

    async function exportRows(): Promise<number> {
      const token = await h.token('supervisor');
      const r = await h.app.inject({ method: 'GET', url: `/api/ledgers/${ledgerId}/export.xlsx`, headers: { authorization: `Bearer ${token}` } });
      expect(r.statusCode).toBe(200);
      let rows = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(r.rawPayload), {});
      for await (const sheet of reader) for await (const _row of sheet) rows++;
      return rows - 1; // the header row
    }

    async function rankingDispatched(): Promise<number> {
      const ranking = await get('supervisor', `/api/assessment/rankings?month=${MONTH}`);
      return ranking.groups.find((g: { unitType: string }) => g.unitType === 'street').rows.find((r: { unitId: number }) => r.unitId === streetA).counts
        .dispatched;
    }

    /**
     * Every figure the dashboards and exports show that a new ticket dispatched to street A changes.
     * `rankings: false` leaves the rankings out.
     */
    async function dashboardFigures({ rankings = true } = {}) {
      const supervision = (await get('supervisor', '/api/queues')).items as { name: string; count: number }[];
      const inbox = (await get('street', '/api/queues/inbox')).tabs as { key: string; count: number }[];
      const open311 = await h.app.inject({ method: 'GET', url: '/open311/v2/requests.json' });
      expect(open311.statusCode).toBe(200);
      return {
        volume: (await get('supervisor', `/api/analytics/volume?from=${MONTH}&to=${MONTH}&groupBy=month`)).district.total as number,
        streetVolume: (await get('supervisor', `/api/analytics/volume?from=${MONTH}&to=${MONTH}&groupBy=street`)).items.find(
          (i: { key: string }) => i.key === STREET_A,
        ).count as number,
        rankingDispatched: rankings ? await rankingDispatched() : null,
        undispatchedQueueCount: supervision.find((q) => q.name === 'undispatched')!.count,
        inboxTotal: inbox.reduce((s, t) => s + t.count, 0),
        ledgerTotal: (await get('supervisor', `/api/ledgers/${ledgerId}`)).status.total as number,
        ledgerCreatedToday: (await get('supervisor', `/api/ledgers/${ledgerId}/summary?period=day&date=${DAY}`)).created as number,
        ledgerExportRows: await exportRows(),
        open311Requests: (open311.json() as unknown[]).length,
      };
    }
    type Figures = Awaited<ReturnType<typeof dashboardFigures>>;

    /** The same things seen through the screens that must read the primary. */
    async function primaryViews() {
      return {
        ticketList: (await get('supervisor', '/api/tickets?limit=1')).total as number,
        streetTicketList: (await get('street', '/api/tickets?limit=1')).total as number,
        undispatchedQueue: (await get('supervisor', '/api/queues/undispatched')).total as number,
        ledgerItems: (await get('supervisor', `/api/ledgers/${ledgerId}/items?limit=500`)).items.length as number,
      };
    }

    const newTicketsChange = (before: Figures, dispatched: number, undispatched: number): Figures => ({
      volume: before.volume + dispatched + undispatched,
      streetVolume: before.streetVolume + dispatched + undispatched,
      rankingDispatched: before.rankingDispatched === null ? null : before.rankingDispatched + dispatched,
      undispatchedQueueCount: before.undispatchedQueueCount + undispatched,
      inboxTotal: before.inboxTotal + dispatched,
      ledgerTotal: before.ledgerTotal + dispatched + undispatched,
      ledgerCreatedToday: before.ledgerCreatedToday + dispatched + undispatched,
      ledgerExportRows: before.ledgerExportRows + dispatched + undispatched,
      open311Requests: before.open311Requests + dispatched + undispatched,
    });

    /** New hotline tickets placed in street A's first community: `dispatched` sent to street A, the rest left for the centre. */
    async function newTickets(dispatched: number, undispatched: number, label: string): Promise<number[]> {
      const community = ref.communities(STREET_A)[0]!;
      const ids: number[] = [];
      for (let i = 0; i < dispatched + undispatched; i++) {
        const triage = i < dispatched ? { triage: { action: 'dispatch', leadUnitId: streetA } } : {};
        ids.push((await intake(h, { content: `副本测试 ${label} ${i} 路灯不亮`, communityCode: community, ...triage })).ticketId);
      }
      return ids;
    }

    async function pauseReplay() {
      await pair.replicaSql('select pg_wal_replay_pause()');
      for (let i = 0; ; i++) {
        const [r] = await pair.replicaSql<{ s: string }>('select pg_get_wal_replay_pause_state() as s');
        if (r!.s === 'paused') return;
        if (i > 200) throw new Error(`replay did not pause: ${r!.s}`);
        await sleep(25);
      }
    }

    async function resumeAndCatchUp() {
      await pair.replicaSql('select pg_wal_replay_resume()');
      await pair.waitForReplay();
    }

    beforeAll(async () => {
      pair = await startReplicaPair();
      // The harness makes its fresh database on the server DATABASE_URL names: point it at our primary
      // for that moment only (the database is created there and streamed to the standby).
      const shared = process.env.DATABASE_URL;
      process.env.DATABASE_URL = pair.primaryUrl('postgres');
      try {
        h = await createHarness();
      } finally {
        process.env.DATABASE_URL = shared;
      }
      dbName = new URL(h.ctx.database.url!).pathname.slice(1);
      ref = await loadRef(h);
      streetA = ref.unitId(`ST-${STREET_A}`);
      const ledger = await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '副本测试台账', rules: { keywords: ['副本测试'] } });
      expect(ledger.status).toBe(201);
      ledgerId = ledger.body.id;
      await newTickets(2, 1, 'before');

      await pair.waitForReplay();
      replica = await openDatabase({ url: pair.replicaUrl(dbName), poolSize: 5 });
      h.ctx.readDatabase = replica;
      // Checked on every read, and a paused replay must not count as lag here (the lag rule has its own test).
      setReplicaPolicy(replica, { maxLagSeconds: 3600, recheckMs: 0 });
      h.ctx.log = pino(
        { level: 'info' },
        new Writable({
          write(chunk, _enc, done) {
            logs.push(JSON.parse(String(chunk)) as LogLine);
            done();
          },
        }),
      );
    }, 240_000);

    afterAll(async () => {
      await pair?.replicaSql('select pg_wal_replay_resume()').catch(() => {});
      await replica?.close();
      await h?.close();
      await pair?.close();
    }, 120_000);

    it('streams: the primary has a streaming standby that is in recovery and refuses writes', async () => {
      const senders = await pair.primarySql<{ state: string; slot: string }>(
        'select r.state, s.slot_name as slot from pg_stat_replication r join pg_replication_slots s on s.active_pid = r.pid',
      );
      expect(senders).toEqual([{ state: 'streaming', slot: `jiesu_replica_${pair.replicaPort}` }]);
      expect(await pair.replicaSql('select pg_is_in_recovery() as standby, (select status from pg_stat_wal_receiver) as receiver')).toEqual([
        { standby: true, receiver: 'streaming' },
      ]);
      // The app's read database is that standby: it sees the app's data and cannot change it.
      const [seen] = await queryRows<{ n: number }>(replica.db, sql`select count(*)::int as n from tickets`);
      expect(seen!.n).toBe(3);
      const write = await queryRows(replica.db, sql`update tickets set version = version where false`).then(
        () => null,
        (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
      );
      expect(write).toBe('25006'); // read_only_sql_transaction
    });

    it('while replay is paused the dashboards show the replica’s figures and the primary’s screens the new tickets', async () => {
      const before = await dashboardFigures();
      const primaryBefore = await primaryViews();
      expect(before).toMatchObject({ volume: 3, rankingDispatched: 2, ledgerTotal: 3, ledgerExportRows: 3 });

      await pauseReplay();
      const ids = await newTickets(3, 2, 'paused');
      await pair.waitForReceive(); // the new tickets' WAL is at the standby: received, not replayed

      expect(await dashboardFigures()).toEqual(before);
      expect(await primaryViews()).toEqual({
        ticketList: primaryBefore.ticketList + 5,
        streetTicketList: primaryBefore.streetTicketList + 3,
        undispatchedQueue: primaryBefore.undispatchedQueue + 2,
        ledgerItems: primaryBefore.ledgerItems + 5,
      });
      // The ticket page right after the intake, and an action on it, work from the primary.
      expect((await get('supervisor', `/api/tickets/${ids[0]}`)).state).toBe('dispatched');
      await act(h, ref.handlerOf(streetA), ids[0]!, 'sign', { note: '签收' });
      expect((await get('supervisor', `/api/tickets/${ids[0]}`)).state).not.toBe('dispatched');

      await resumeAndCatchUp();
      expect(await dashboardFigures()).toEqual(newTicketsChange(before, 3, 2));
    });

    it('every route driven while replay is paused works, and nothing reaches the standby but reads', async () => {
      const logFile = `${pair.replicaDir}/postgres.log`;
      const logStart = fs.statSync(logFile).size; // the first test's deliberate write is logged above this
      await pauseReplay();
      try {
        // Writes of several kinds, each followed by the read a user would make next.
        const [id] = await newTickets(1, 0, 'routes');
        const handler = ref.handlerOf(streetA);
        await act(h, handler, id!, 'sign', { note: '签收' });
        await act(h, handler, id!, 'contact', { method: 'phone', note: '已联系' });
        await act(h, handler, id!, 'reply', { text: '已修复' });
        expect((await get('supervisor', `/api/tickets/${id}`)).state).toBe('replied');
        const created = await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '暂停期间的台账', rules: { keywords: ['副本测试'] } });
        expect(created.status).toBe(201);
        const other = created.body.id as number;
        expect((await get('supervisor', `/api/ledgers/${other}`)).name).toBe('暂停期间的台账');
        expect((await api(h, 'supervisor', 'POST', `/api/ledgers/${other}/items`, { ticketIds: [id] })).status).toBe(200);
        expect((await get('supervisor', `/api/ledgers/${other}/items`)).items.some((i: { ticketId: number }) => i.ticketId === id)).toBe(true);
        expect((await api(h, 'supervisor', 'DELETE', `/api/ledgers/${other}/items/${id}?reason=${encodeURIComponent('测试')}`)).status).toBe(200);

        // Every GET of the API that needs no parameter, as each kind of user: none may fail.
        const users = ['supervisor', 'admin', 'operator', 'callback', 'street', 'street.leader', 'gov'];
        const plain = apiOperations(h).filter(
          (o) => o.method === 'GET' && !o.path.includes('{') && !(o.op.parameters ?? []).some((p) => p.required && p.in === 'query'),
        );
        expect(plain.length).toBeGreaterThan(10);
        const failures: string[] = [];
        for (const user of users)
          for (const o of plain) {
            const r = await api(h, user, 'GET', o.path);
            if (r.status >= 500) failures.push(`${o.key} as ${user}: ${r.status} ${JSON.stringify(r.body)}`);
          }
        // The dashboards that take parameters, and the export.
        for (const url of [
          `/api/analytics/volume?from=${MONTH}&to=${MONTH}&groupBy=category`,
          `/api/analytics/rates?from=${MONTH}&to=${MONTH}&unitId=${streetA}`,
          `/api/whistles/assessment?month=${MONTH}`,
          `/api/ledgers/${ledgerId}/summary?period=month&date=${DAY}`,
        ]) {
          const r = await api(h, 'supervisor', 'GET', url);
          if (r.status !== 200) failures.push(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
        }
        await exportRows();
        expect(failures).toEqual([]);
      } finally {
        await resumeAndCatchUp();
      }
      // A statement sent to the standby that it refused (a write is refused as read-only) is logged there.
      const replicaLog = fs.readFileSync(logFile).subarray(logStart).toString('utf8');
      expect(
        replicaLog.split('\n').filter((l) => /\b(ERROR|FATAL|PANIC):/.test(l) && !/terminating walreceiver|could not connect to the primary/.test(l)),
      ).toEqual([]);
    });

    it('a lagging replica is not read: the dashboards read the primary, log why, and return when it has caught up', async () => {
      const before = await dashboardFigures();
      logs.length = 0;
      setReplicaPolicy(replica, { maxLagSeconds: 1, recheckMs: 0 });
      try {
        await pauseReplay();
        await newTickets(1, 0, 'lag');
        // The lag is the age of the last replayed transaction while WAL waits: past 1 s the primary answers.
        let volume = before.volume;
        for (let i = 0; i < 100 && volume === before.volume; i++) {
          await sleep(100);
          volume = (await get('supervisor', `/api/analytics/volume?from=${MONTH}&to=${MONTH}&groupBy=month`)).district.total;
        }
        expect(volume).toBe(before.volume + 1);
        expect(await dashboardFigures()).toEqual(newTicketsChange(before, 1, 0));
        const warned = logs.filter((l) => l.msg === 'read replica not used; dashboards read from the primary');
        expect(warned).toHaveLength(1); // once, not once per request
        expect(warned[0]!.reason).toMatch(/^lagging \d+ s behind \(more than 1 s\)$/);

        await resumeAndCatchUp();
        await get('supervisor', `/api/analytics/volume?from=${MONTH}&to=${MONTH}&groupBy=month`);
        expect(logs.filter((l) => l.msg === 'read replica usable again; dashboards read from it')).toHaveLength(1);
      } finally {
        await pair.replicaSql('select pg_wal_replay_resume()');
        setReplicaPolicy(replica, { maxLagSeconds: 3600, recheckMs: 0 });
      }
    });

    it('a stopped replica is not read: the dashboards keep answering from the primary, then use the replica again', async () => {
      const before = await dashboardFigures();
      logs.length = 0;
      await pair.stopReplica();
      try {
        await newTickets(1, 0, 'down');
        // Every dashboard answers (get() insists on 200), with the primary's figures.
        expect(await dashboardFigures()).toEqual(newTicketsChange(before, 1, 0));
        const warned = logs.filter((l) => l.msg === 'read replica not used; dashboards read from the primary');
        expect(warned).toHaveLength(1);
        expect(warned[0]!.reason).toMatch(/^unreachable: /);
      } finally {
        await pair.startReplica();
      }
      await pair.waitForReplay();
      const caughtUp = await dashboardFigures();
      expect(logs.filter((l) => l.msg === 'read replica usable again; dashboards read from it')).toHaveLength(1);
      // And it is really the replica again: paused, it holds the dashboards at its own figures.
      await pauseReplay();
      try {
        await newTickets(1, 0, 'back');
        expect(await dashboardFigures()).toEqual(caughtUp);
        expect((await get('supervisor', '/api/tickets?limit=1')).total).toBe((await primaryViews()).ticketList);
      } finally {
        await resumeAndCatchUp();
      }
      expect(await dashboardFigures()).toEqual(newTicketsChange(caughtUp, 1, 0));
    });

    it('rankings also read the primary while the replica is down', async () => {
      await pair.stopReplica();
      try {
        expect((await api(h, 'supervisor', 'GET', `/api/assessment/rankings?month=${MONTH}`)).status).toBe(200);
      } finally {
        await pair.startReplica();
        await pair.waitForReplay();
      }
    });
  });
}
