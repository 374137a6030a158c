/**
 * The ranking aggregates (`ranking_aggregates`, kept by triggers, migration 0009) always equal the full
 * recount (`recountMonthlyUnitCounts`, the scan the rankings used to run per request):
 * - after random workloads (fast-check) driven through the real use cases — intake with dispatch,
 *   co-handlers, direct answers, special routes and repeats; sign, contact, objections approved or
 *   refused, extensions, reassignment, reply, callbacks valid / invalid, redo, appeals, close; the
 *   deadline sweeper; history imports with callback results; whistles — on dates spread over three
 *   months, so tickets move between months, units and buckets;
 * - after a hand-written move between months and units, with the expected counts spelled out;
 * - after set-based SQL that writes a ticket and its repeat in one statement, moves them, deletes them;
 * - on PostgreSQL, when two transactions link a repeat to the same original at once;
 * - after a restore, as backed up, and rebuilt when the file's aggregates do not match its tickets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistory } from '../src/modules/imports/history.ts';
import { DISTRICT_HISTORY_HEAD, districtHistoryMapping } from './support/history-mapping.ts';
import { importActor } from '../src/modules/imports/findings.ts';
import { sweepDeadlines } from '../src/engine/sweeper.ts';
import { AFTER_RESTORE } from '../src/main.ts';
import { backupToFile, restoreFromFile } from '../src/platform/cli/backup.ts';
import { queryRows, type Database } from '../src/platform/db/client.ts';
import {
  monthlyUnitCounts,
  rankingAggregateDifferences,
  rebuildRankingAggregates,
  recountMonthlyUnitCounts,
  type MonthCounts,
} from '../src/modules/analytics/assessment.repository.ts';
import { localMonth, monthRange } from '../src/engine/domain/calendar/local-time.ts';
import { createHarness, dbKind, DISTRICT, freshDatabase, type Harness } from './support/harness.ts';
import { api, HOUR, intake, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

const DAY = 24 * HOUR;

let h: Harness;
let ref: Ref;
let units: number[];

beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  units = [ref.unitId(`ST-${STREET_A}`), ref.unitId(`ST-${STREET_B}`), ref.unitId('DEPT-CGW'), ref.unitId('DEPT-ZJW')];
});
afterAll(async () => {
  await h?.close();
});

/** What happened in the workloads, so the test can insist they did real work (refused steps are skipped). */
const done = new Map<string, number>();
const tally = (what: string): void => {
  done.set(what, (done.get(what) ?? 0) + 1);
};

/** Takes an action if the workflow allows it now; a refusal (4xx) skips the step, anything else fails the test. */
async function tryAct(user: string, id: number, action: string, body: Record<string, unknown> = {}): Promise<boolean> {
  const r = await api(h, user, 'POST', `/api/tickets/${id}/actions/${action}`, body);
  if (r.status === 200) {
    tally(action);
    return true;
  }
  if (r.status >= 500 || r.status < 400) throw new Error(`${action} on #${id}: ${r.status} ${JSON.stringify(r.body)}`);
  tally(`refused ${action} (${r.body.error?.code})`);
  return false;
}

async function leadHandler(id: number): Promise<string | null> {
  const t = await api(h, 'supervisor', 'GET', `/api/tickets/${id}`);
  const lead = t.body.leadUnit?.id as number | undefined;
  return lead === undefined ? null : ref.handlerOf(lead);
}

const asRows = (m: MonthCounts) => [...m.values()].sort((a, b) => a.unitId - b.unitId);

/** Every month any ticket could count in (by dispatch or callback), plus every month with a bucket row. */
async function monthsInPlay(database: Database): Promise<string[]> {
  const rows = await queryRows<{ d: Date | string | null; m: string | null }>(
    database.db,
    sql`select dispatched_at as d, assessment_month as m from tickets where district_code = ${DISTRICT}
        union select null, month from ranking_aggregates where district_code = ${DISTRICT}`,
  );
  const months = new Set<string>();
  for (const r of rows) {
    if (r.d !== null) months.add(localMonth(new Date(r.d)));
    if (r.m !== null) months.add(r.m);
  }
  return [...months].sort();
}

/** The aggregates equal the scan for every month and unit; no bucket went negative. */
async function expectAggregatesEqualRecount(database: Database = h.ctx.database): Promise<void> {
  const db = database.db;
  const months = await monthsInPlay(database);
  const stored = await monthlyUnitCounts(db, DISTRICT, months);
  for (const m of months) {
    const { from, to } = monthRange(m);
    expect(asRows(stored.get(m)!), `month ${m}`).toEqual(asRows(await recountMonthlyUnitCounts(db, DISTRICT, m, from, to)));
  }
  const [neg] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ranking_aggregates
        where least(valid_callbacks, contacted, resolved, satisfied, basically_satisfied, unsatisfied, dispatched,
                    signed_on_time, replied, replied_on_time, objections, extensions, repeats) < 0`,
  );
  expect(neg!.n).toBe(0);
  expect(await rankingAggregateDifferences(db)).toBe(0);
}

// ---- random workloads -------------------------------------------------------------------------------

const MONTHS = ['2026-04', '2026-05', '2026-06'] as const;
const satisfaction = fc.constantFrom('satisfied', 'basically_satisfied', 'unsatisfied');
const callback = fc.oneof(
  fc.record({ valid: fc.constant(true as const), contacted: fc.boolean(), resolved: fc.boolean(), satisfaction }),
  fc.constant({ valid: false as const }),
);
/** One ticket's life: each optional step is attempted in lifecycle order and skipped when the state refuses it. */
const ticketScript = fc.record({
  month: fc.constantFrom(...MONTHS),
  /** Day of the month and hour: late days make later steps cross into the next month. */
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  triage: fc.constantFrom('dispatch', 'dispatch', 'dispatch', 'dispatch', 'answerDirectly', 'closeSpecial', 'linkRepeat'),
  unit: fc.nat(3),
  co: fc.option(fc.nat(3), { nil: undefined }),
  /** Hours before each step: up to 4 days, so deadlines pass and months end in between. */
  gaps: fc.array(fc.integer({ min: 0, max: 96 }), { minLength: 12, maxLength: 12 }),
  object: fc.option(fc.record({ approve: fc.boolean(), to: fc.nat(3) }), { nil: undefined }),
  sign: fc.boolean(),
  sweep: fc.boolean(),
  extension: fc.option(fc.boolean(), { nil: undefined }),
  reassign: fc.option(fc.nat(3), { nil: undefined }),
  coReply: fc.boolean(),
  reply: fc.boolean(),
  callbacks: fc.array(callback, { maxLength: 2 }),
  redo: fc.boolean(),
  appeal: fc.option(fc.boolean(), { nil: undefined }),
  close: fc.boolean(),
});
type Script = typeof ticketScript extends fc.Arbitrary<infer T> ? T : never;

const historyRow = fc.record({
  month: fc.constantFrom(...MONTHS),
  day: fc.integer({ min: 1, max: 26 }),
  replyDays: fc.integer({ min: 0, max: 6 }),
  callbackDays: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
  satisfaction: fc.constantFrom('满意', '基本满意', '不满意'),
  resolved: fc.constantFrom('已解决', '未解决'),
});
type HistoryRow = typeof historyRow extends fc.Arbitrary<infer T> ? T : never;

const workload = fc.record({
  tickets: fc.array(ticketScript, { minLength: 3, maxLength: 7 }),
  history: fc.array(historyRow, { maxLength: 3 }),
  whistle: fc.boolean(),
});

let originals: number[] = [];

async function runTicket(s: Script): Promise<void> {
  h.clock.set(`${s.month}-${String(s.day).padStart(2, '0')}T${String(s.hour).padStart(2, '0')}:17:00+08:00`);
  let gap = 0;
  const wait = () => h.clock.advance((s.gaps[gap++ % s.gaps.length] ?? 1) * HOUR + 60_000);
  const lead = units[s.unit]!;
  const co = s.co === undefined || s.co === s.unit ? [] : [units[s.co]!];
  if (s.triage === 'answerDirectly') {
    await intake(h, { requestType: 'consultation', triage: { action: 'answerDirectly', answer: '已答复' } });
    return tally('answerDirectly');
  }
  if (s.triage === 'closeSpecial') {
    await intake(h, { triage: { action: 'closeSpecial', route: 'court_or_arbitration' } });
    return tally('closeSpecial');
  }
  if (s.triage === 'linkRepeat' && originals.length > 0) {
    // Only an original still being handled takes a repeat; a closed one makes this a new request (422).
    const r = await api(h, 'operator', 'POST', '/api/tickets', {
      requestType: 'complaint',
      channel: 'phone',
      content: '重复来电',
      requesterPhone: '13900000000',
      triage: { action: 'linkRepeat', originalId: originals[s.day % originals.length]! },
    });
    if (r.status === 201) return tally('linkRepeat');
    expect(r.body.error?.code, JSON.stringify(r.body)).toBe('INTAKE.ORIGINAL_NOT_OPEN');
  }
  const id = (await intake(h, { triage: { action: 'dispatch', leadUnitId: lead, coUnitIds: co } })).ticketId;
  originals.push(id);
  tally('dispatch');
  let handler = ref.handlerOf(lead);
  // Co-handlers report back while they are co-handlers (an approved objection or a reassignment drops them).
  if (s.coReply && co.length > 0) await tryAct(ref.handlerOf(co[0]!), id, 'coReply', { note: '已配合' });
  if (s.object) {
    wait();
    if (await tryAct(handler, id, 'object', { reason: '不属于本单位' })) {
      wait();
      const to = units[s.object.to]!;
      await tryAct(
        'supervisor',
        id,
        'decideObjection',
        s.object.approve && to !== lead ? { approve: true, leadUnitId: to, coUnitIds: [], note: '' } : { approve: false, note: '' },
      );
      handler = (await leadHandler(id))!;
    }
  }
  if (s.sign) {
    wait();
    await tryAct(handler, id, 'sign', { note: '签收' });
  }
  if (s.sweep) {
    wait();
    await sweepDeadlines(h.ctx);
    tally('sweep');
  }
  wait();
  await tryAct(handler, id, 'contact', { method: 'phone', note: '已联系' });
  if (s.extension !== undefined) {
    wait();
    if (await tryAct(handler, id, 'requestExtension', { days: 2, reason: '需协调' }))
      await tryAct('supervisor', id, 'decideExtension', { approve: s.extension, note: '' });
  }
  if (s.reassign !== undefined && units[s.reassign] !== lead) {
    wait();
    if (await tryAct('supervisor', id, 'reassign', { leadUnitId: units[s.reassign]!, coUnitIds: [], note: '改派' })) {
      handler = (await leadHandler(id))!;
      wait();
      await tryAct(handler, id, 'sign', { note: '签收' });
      await tryAct(handler, id, 'contact', { method: 'phone', note: '已联系' });
    }
  }
  if (s.reply) {
    wait();
    await tryAct(handler, id, 'reply', { text: '已办结' });
  }
  for (const [i, c] of s.callbacks.entries()) {
    wait();
    const ok = await tryAct('callback', id, 'callback', c.valid ? { ...c, note: '' } : { valid: false, reason: 'unreachable', note: '无人接听' });
    if (ok && i === 0 && s.redo && c.valid && c.satisfaction === 'unsatisfied') {
      wait();
      if (await tryAct('supervisor', id, 'redo', { note: '重办' })) {
        wait();
        await tryAct(handler, id, 'sign', { note: '签收' });
        await tryAct(handler, id, 'contact', { method: 'phone', note: '已联系' });
        await tryAct(handler, id, 'reply', { text: '重办完毕' });
      }
    }
  }
  if (s.appeal !== undefined) {
    wait();
    if (await tryAct(handler, id, 'appeal', { reason: '诉求超出职责' })) await tryAct('supervisor', id, 'decideAppeal', { approve: s.appeal, note: '' });
  }
  if (s.close) {
    wait();
    await tryAct('callback', id, 'close', { note: '结案' });
  }
}

const historyMapping = districtHistoryMapping('ranking-aggregates-test');
let historySeq = 0;

async function runHistory(rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  const at = (month: string, day: number, plusDays: number) => {
    const d = new Date(new Date(`${month}-${String(day).padStart(2, '0')}T09:00:00+08:00`).getTime() + plusDays * DAY + 8 * HOUR);
    return d.toISOString().slice(0, 16).replace('T', ' ');
  };
  const lines = rows.map((r) => {
    const id = `RA-${++historySeq}`;
    const created = at(r.month, r.day, -8 / 24);
    const replied = at(r.month, r.day, r.replyDays);
    if (r.callbackDays === undefined) return `${id},${created},${replied},,${at(r.month, r.day, r.replyDays + 1)},,,城管委,垃圾分类`;
    const cb = at(r.month, r.day, r.replyDays + r.callbackDays);
    return `${id},${created},${replied},${cb},${cb},${r.satisfaction},${r.resolved},城管委,垃圾分类`;
  });
  const head = DISTRICT_HISTORY_HEAD;
  // Imported history lies in the past: import after its last date.
  h.clock.set('2026-08-15T09:00:00+08:00');
  const report = await importHistory(h.ctx, await importActor(h.ctx), historyMapping, new TextEncoder().encode([head, ...lines].join('\n')));
  expect(report.committed, JSON.stringify(report.rows)).toBe(true);
  for (let i = 0; i < rows.length; i++) tally('history');
}

async function runWhistle(): Promise<void> {
  h.clock.set('2026-05-20T10:00:00+08:00');
  const r = await api(h, 'street', 'POST', '/api/whistles', {
    title: '占道经营联合执法',
    content: '早市占道经营，街道无法单独解决',
    place: '大峪街道 新桥大街',
    reportLimitMinutes: 30,
    departmentUnitIds: [units[2], units[3]],
  });
  expect(r.status).toBe(201);
  tally('whistle');
}

describe(`ranking aggregates equal the full recount (${dbKind()})`, () => {
  it('after random workloads through the use cases', async () => {
    await expectAggregatesEqualRecount();
    await fc.assert(
      fc.asyncProperty(workload, async (w) => {
        originals = [];
        for (const s of w.tickets) await runTicket(s);
        await runHistory(w.history);
        if (w.whistle) await runWhistle();
        await expectAggregatesEqualRecount();
      }),
      { numRuns: Number(process.env.RANKING_RUNS ?? 6), seed: process.env.RANKING_SEED ? Number(process.env.RANKING_SEED) : undefined, endOnFailure: true },
    );
    // The workloads did real work, not only refused steps.
    const counted = Object.fromEntries(done);
    if (process.env.RANKING_DEBUG) console.log('ranking workloads:', counted);
    for (const a of ['dispatch', 'sign', 'contact', 'reply', 'callback'] as const)
      expect(done.get(a) ?? 0, `${a} in ${JSON.stringify(counted)}`).toBeGreaterThan(0);
    const stored = await monthlyUnitCounts(h.ctx.database.db, DISTRICT, MONTHS);
    const total = [...stored.values()].flatMap((m) => [...m.values()]);
    expect(total.reduce((s, c) => s + c.dispatched, 0)).toBeGreaterThan(5);
    expect(total.reduce((s, c) => s + c.validCallbacks, 0)).toBeGreaterThan(0);
  }, 600_000);

  it('moves a ticket between months and units: the old buckets lose it, the new ones gain it', async () => {
    const [a, b] = [units[0]!, units[1]!];
    const [handlerA, handlerB] = [ref.handlerOf(a), ref.handlerOf(b)];
    const read = async (month: string, unit: number) => (await monthlyUnitCounts(h.ctx.database.db, DISTRICT, [month])).get(month)!.get(unit);
    const snapshot = async () => ({
      julA: await read('2027-07', a),
      augA: await read('2027-08', a),
      augB: await read('2027-08', b),
      sepB: await read('2027-09', b),
    });
    expect(await snapshot()).toEqual({ julA: undefined, augA: undefined, augB: undefined, sepB: undefined });

    // Dispatched to A at 23:30 on 31 July, Asia/Shanghai (15:30 UTC): July's ticket for A.
    h.clock.set('2027-07-31T23:30:00+08:00');
    const id = (await intake(h, { triage: { action: 'dispatch', leadUnitId: a } })).ticketId;
    expect((await snapshot()).julA).toMatchObject({ dispatched: 1, objections: 0 });
    // A objects; the centre moves it to B on 2 August: July loses it, it is B's August dispatch, and A's
    // objection is not B's.
    h.clock.set('2027-08-01T08:00:00+08:00');
    expect(await tryAct(handlerA, id, 'object', { reason: '不属于本街道' })).toBe(true);
    h.clock.set('2027-08-02T09:00:00+08:00');
    expect(await tryAct('supervisor', id, 'decideObjection', { approve: true, leadUnitId: b, coUnitIds: [], note: '' })).toBe(true);
    let s = await snapshot();
    expect(s.julA).toBeUndefined();
    expect(s.augB).toMatchObject({ dispatched: 1, objections: 0, validCallbacks: 0 });
    // B's own extension request counts for B.
    await tryAct(handlerB, id, 'sign', { note: '' });
    await tryAct(handlerB, id, 'contact', { method: 'phone', note: '' });
    expect(await tryAct(handlerB, id, 'requestExtension', { days: 1, reason: '需协调' })).toBe(true);
    h.clock.set('2027-08-03T09:00:00+08:00');
    expect(await tryAct(handlerB, id, 'reply', { text: '已办结' })).toBe(true);
    s = await snapshot();
    expect(s.augB).toMatchObject({ dispatched: 1, signedOnTime: 1, replied: 1, extensions: 1, validCallbacks: 0 });
    expect(s.augB!.handlingHoursTotal).toBe(24);
    // An unsatisfied callback on 31 August counts in August's rates; the redo takes it out again, and the
    // second callback, in September, counts there.
    h.clock.set('2027-08-31T23:59:00+08:00');
    expect(await tryAct('callback', id, 'callback', { valid: true, contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '' })).toBe(true);
    expect((await snapshot()).augB).toMatchObject({ validCallbacks: 1, unsatisfied: 1, dispatched: 1 });
    h.clock.set('2027-09-01T09:00:00+08:00');
    expect(await tryAct('supervisor', id, 'redo', { note: '重办' })).toBe(true);
    s = await snapshot();
    expect(s.augB).toMatchObject({ validCallbacks: 0, unsatisfied: 0, dispatched: 1, replied: 0 });
    expect(s.sepB).toBeUndefined();
    expect(await tryAct(handlerB, id, 'reply', { text: '重办完毕' })).toBe(true);
    h.clock.set('2027-09-02T09:00:00+08:00');
    expect(await tryAct('callback', id, 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' })).toBe(true);
    s = await snapshot();
    expect(s.augB).toMatchObject({ validCallbacks: 0, dispatched: 1, replied: 1 });
    expect(s.sepB).toMatchObject({ validCallbacks: 1, contacted: 1, resolved: 1, satisfied: 1, dispatched: 0 });
    // The rankings show it.
    const r = await api(h, 'supervisor', 'GET', '/api/assessment/rankings?month=2027-09');
    const row = r.body.groups.flatMap((g: { rows: { unitId: number }[] }) => g.rows).find((x: { unitId: number }) => x.unitId === b);
    expect(row.counts).toMatchObject({ validCallbacks: 1, satisfied: 1 });
    await expectAggregatesEqualRecount();
  });

  it('counts a ticket and its repeat written by one statement once, and follows set-based moves and deletes', async () => {
    const db = h.ctx.database.db;
    const x = await someDispatchedTicket();
    // Copies of an existing dispatched ticket under new ids, the second a repeat of the first, in one INSERT.
    const ids = await newTicketIds(2);
    await db.execute(sql`insert into tickets ${COPY_COLUMNS} ${copyOf(x, ids[0]!, null)} union all ${copyOf(x, ids[1]!, ids[0]!)}`);
    await expectAggregatesEqualRecount();
    // One UPDATE moves both to another unit and month and unlinks the repeat; another links it again.
    await db.execute(sql`update tickets set lead_unit_id = ${units[3]!}, dispatched_at = dispatched_at + interval '40 days',
                           assessment_month = '2027-12', repeat_of_id = null where id in (${ids[0]!}, ${ids[1]!})`);
    await expectAggregatesEqualRecount();
    await db.execute(sql`update tickets set repeat_of_id = ${ids[0]!} where id = ${ids[1]!}`);
    await expectAggregatesEqualRecount();
    // The original's objection, by its current lead, inserted with another event in one statement.
    await db.execute(sql`insert into ticket_events (district_code, ticket_id, seq, type, at, actor_unit_id, state_after, data)
                         values (${DISTRICT}, ${ids[0]!}, 1000, 'object', now(), ${units[3]!}, 'objection_review', '{}'),
                                (${DISTRICT}, ${ids[0]!}, 1001, 'object', now(), ${units[3]!}, 'objection_review', '{}')`);
    await expectAggregatesEqualRecount();
    await db.execute(sql`delete from tickets where id in (${ids[0]!}, ${ids[1]!})`);
    await expectAggregatesEqualRecount();
  });

  it('a rebuild from the recount leaves the aggregates as the triggers kept them', async () => {
    const db = h.ctx.database.db;
    // handling_seconds as a number: a bucket emptied by the triggers may read 0.000000 where the recount says 0.
    const rows = (where: ReturnType<typeof sql>) =>
      queryRows(db, sql`select *, handling_seconds::float8 as handling_seconds from ranking_aggregates ${where} order by 1, 2, 3`);
    const before = await rows(sql`where valid_callbacks <> 0 or dispatched <> 0`);
    // A bucket knocked off by hand (as a writer bypassing the triggers would); an empty bucket (not a
    // difference) made to hold something; then the rebuild.
    try {
      await db.execute(sql`update ranking_aggregates set dispatched = dispatched + 5
                           where (district_code, month, unit_id) = (select district_code, month, unit_id from ranking_aggregates
                                                                    where dispatched > 0 order by 1, 2, 3 limit 1)`);
      expect(await rankingAggregateDifferences(db)).toBe(1);
      await db.execute(sql`insert into ranking_aggregates (district_code, month, unit_id) values (${DISTRICT}, '1999-01', ${units[0]!})`);
      expect(await rankingAggregateDifferences(db)).toBe(1);
      await db.execute(sql`update ranking_aggregates set repeats = 1 where month = '1999-01'`);
      expect(await rankingAggregateDifferences(db)).toBe(2);
    } finally {
      await rebuildRankingAggregates(db);
    }
    expect(await rankingAggregateDifferences(db)).toBe(0);
    expect(await rows(sql``)).toEqual(before);
    await expectAggregatesEqualRecount();
  });

  it('a restore brings the aggregates back as they were, and rebuilds them when the file does not match its tickets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-ranking-backup-'));
    const targets: Awaited<ReturnType<typeof freshDatabase>>[] = [];
    try {
      const file = path.join(dir, 'b.jsonl.gz');
      await backupToFile(h.ctx.database, file);
      const all = (database: Database) =>
        queryRows<Record<string, unknown>>(database.db, sql`select *, handling_seconds::float8 as handling_seconds from ranking_aggregates order by 1, 2, 3`);
      const source = await all(h.ctx.database);
      expect(source.length).toBeGreaterThan(5);

      targets.push(await freshDatabase());
      await restoreFromFile(targets[0]!.database, file, { afterLoad: AFTER_RESTORE });
      expect(await all(targets[0]!.database)).toEqual(source);
      await expectAggregatesEqualRecount(targets[0]!.database);

      // The same file with one bucket's count changed: the restore notices and rebuilds from the tickets.
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
      const at = lines.findIndex((l) => l.startsWith('{"table":"ranking_aggregates"'));
      expect(at).toBeGreaterThan(0);
      const row = lines.findIndex((l, i) => i > at && /"dispatched":[1-9]/.test(l));
      lines[row] = lines[row]!.replace(/"dispatched":(\d+)/, (_, d: string) => `"dispatched":${Number(d) + 7}`);
      const bad = path.join(dir, 'bad.jsonl.gz');
      fs.writeFileSync(bad, zlib.gzipSync(lines.join('\n')));
      targets.push(await freshDatabase());
      await restoreFromFile(targets[1]!.database, bad, { afterLoad: AFTER_RESTORE });
      await expectAggregatesEqualRecount(targets[1]!.database);
      const nonZero = (rows: Record<string, unknown>[]) => rows.filter((r) => Number(r.dispatched) !== 0 || Number(r.valid_callbacks) !== 0);
      expect(nonZero(await all(targets[1]!.database))).toEqual(nonZero(source));
    } finally {
      for (const t of targets) await t.drop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Two fresh databases, a backup and two restores: over a minute on a loaded 2-core machine (PGlite).
  }, 240_000);

  it.skipIf(dbKind() !== 'postgres')('two transactions linking a repeat to one original at once count it once', async () => {
    const db = h.ctx.database.db;
    h.clock.set('2027-11-03T09:00:00+08:00');
    const original = (await intake(h, { triage: { action: 'dispatch', leadUnitId: units[2]! } })).ticketId;
    const [r1, r2] = await newTicketIds(2);
    let inserted!: () => void;
    let release!: () => void;
    const insertedP = new Promise<void>((r) => (inserted = r));
    const gate = new Promise<void>((r) => (release = r));
    const t1 = db.transaction(async (tx) => {
      await tx.execute(sql`insert into tickets ${COPY_COLUMNS} ${copyOf(original, r1!, original)}`);
      inserted();
      await gate;
    });
    await insertedP;
    let t2Done = false;
    const t2 = db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into tickets ${COPY_COLUMNS} ${copyOf(original, r2!, original)}`);
      })
      .then(() => (t2Done = true));
    await new Promise((r) => setTimeout(r, 500));
    // The second waits on the original (locked by the first's trigger) instead of counting a "first" repeat too.
    expect(t2Done).toBe(false);
    release();
    await Promise.all([t1, t2]);
    const nov = (await monthlyUnitCounts(db, DISTRICT, ['2027-11'])).get('2027-11')!.get(units[2]!);
    // The original and its two copies were dispatched in November; only the original has repeats.
    expect(nov).toMatchObject({ dispatched: 3, repeats: 1 });
    await expectAggregatesEqualRecount();
  });
});

// ---- set-based SQL, as bulk loaders and a restore with triggers enabled write ---------------------------

const COPY_COLUMNS = sql`(district_code, id, number, kind, state, request_type, channel, urgency, title, content, accepted_at,
  lead_unit_id, dispatched_at, signed_at, sign_due_at, replied_at, reply_due_at, assessment_month, contacted, resolved,
  satisfaction, outcome, repeat_of_id, excluded_from_assessment, domain, version)`;

/** A SELECT giving a copy of ticket `from` under id `id`, linked as a repeat of `repeatOf`. */
const copyOf = (from: number, id: number, repeatOf: number | null) => sql`
  select district_code, ${id}::bigint, ${`RA-${id}`}, kind, state, request_type, channel, urgency, title, content, accepted_at,
         lead_unit_id, dispatched_at, signed_at, sign_due_at, replied_at, reply_due_at, assessment_month, contacted, resolved,
         satisfaction, outcome, ${repeatOf}::bigint, excluded_from_assessment, domain, version
  from tickets where id = ${from}`;

async function newTicketIds(n: number): Promise<number[]> {
  const rows = await queryRows<{ id: string }>(h.ctx.database.db, sql`select nextval('ticket_id_seq')::text as id from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id));
}

async function someDispatchedTicket(): Promise<number> {
  const [x] = await queryRows<{ id: string }>(
    h.ctx.database.db,
    sql`select id::text from tickets where dispatched_at is not null and kind <> 'whistle' and lead_unit_id is not null order by id limit 1`,
  );
  return Number(x!.id);
}
