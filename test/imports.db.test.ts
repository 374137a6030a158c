/**
 * Batch findings import on a real database: all-or-nothing per file, dry runs that change nothing,
 * idempotent re-runs keyed by (source, source id), GBK files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importActor, importFindings } from '../src/modules/imports/findings.ts';
import { checkMapping, importHistory } from '../src/modules/imports/history.ts';
import { DISTRICT_HISTORY_HEAD, districtHistoryMapping } from './support/history-mapping.ts';
import type { Actor } from '../src/engine/domain/workflow/ticket.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { api, STREET_A } from './support/ticket-flow.ts';

let h: Harness;
let actor: Actor;
beforeAll(async () => {
  h = await createHarness();
  actor = await importActor(h.ctx, 'operator');
});
afterAll(async () => {
  await h?.close();
});

const HEADER = '来源,外部编号,标题,内容,分类编码,街道编码,地址,发现时间';
const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\r\n'));
const row = (id: string, extra: Partial<Record<'source' | 'content' | 'category' | 'date', string>> = {}) =>
  [
    extra.source ?? 'big_data',
    id,
    '占道经营',
    `"${extra.content ?? `大数据发现占道经营，多行\n第二行 ${id}`}"`,
    extra.category ?? 'CITY.WASTE.SORTING',
    STREET_A,
    '新桥大街',
    extra.date ?? '2026-03-01T10:00:00+08:00',
  ].join(',');

async function fingerprint(): Promise<string> {
  const r = await api(h, 'supervisor', 'GET', '/api/tickets?limit=1');
  return `${r.body.total}:${r.body.items[0]?.id ?? ''}`;
}

describe(`batch findings import (${dbKind()})`, () => {
  const tag = `T${Date.now()}`;

  it('commits nothing when one row is rejected, and reports every row', async () => {
    const before = await fingerprint();
    const report = await importFindings(
      h.ctx,
      actor,
      csv(row(`${tag}-1`), row(`${tag}-2`, { category: 'NO.SUCH' }), row(`${tag}-3`, { date: 'yesterday' }), 'x,y'),
    );
    expect(report.committed).toBe(false);
    expect(report.rows.map((r) => [r.rowNumber, r.status, r.reasons])).toEqual([
      [2, 'accepted', []],
      [4, 'rejected', ['UNKNOWN_CATEGORY']],
      [6, 'rejected', ['BAD_DATE']],
      [8, 'rejected', ['RAGGED_ROW']],
    ]);
    expect(await fingerprint()).toBe(before);
  });

  it('a dry run validates everything and changes nothing', async () => {
    const before = await fingerprint();
    const report = await importFindings(h.ctx, actor, csv(row(`${tag}-1`), row(`${tag}-2`, { source: 'public_opinion' })), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, committed: false, accepted: 2, rejected: 0 });
    expect(await fingerprint()).toBe(before);
  });

  it('imports dispatched data_finding tickets once; a re-run reports duplicates', async () => {
    const file = csv(row(`${tag}-1`), row(`${tag}-2`, { source: 'public_opinion' }));
    const first = await importFindings(h.ctx, actor, file);
    expect(first).toMatchObject({ committed: true, accepted: 2, rejected: 0, duplicates: 0 });
    const t = await api(h, 'supervisor', 'GET', `/api/tickets?q=${encodeURIComponent(`第二行 ${tag}-1`)}&limit=5`);
    expect(t.body.total).toBe(1);
    const detail = await api(h, 'supervisor', 'GET', `/api/tickets/${t.body.items[0].id}`);
    expect(detail.body).toMatchObject({ kind: 'data_finding', state: 'dispatched' });
    const before = await fingerprint();
    const second = await importFindings(h.ctx, actor, file);
    expect(second).toMatchObject({ committed: true, accepted: 0, duplicates: 2 });
    expect(second.rows.every((r) => r.reasons[0] === 'ALREADY_IMPORTED')).toBe(true);
    expect(await fingerprint()).toBe(before);
  });

  it('with allowPartial commits the good rows and reports the bad ones', async () => {
    const report = await importFindings(h.ctx, actor, csv(row(`${tag}-9`), row('', {})), { allowPartial: true });
    expect(report).toMatchObject({ committed: true, accepted: 1, rejected: 1 });
    expect(report.rows[1]!.reasons).toEqual(['MISSING_SOURCE_ID']);
  });

  it('reads a GBK-encoded file', async () => {
    // 来源,外部编号,内容 / big_data,<id>,占道经营
    const gbkHeader = [0xc0, 0xb4, 0xd4, 0xb4, 0x2c, 0xcd, 0xe2, 0xb2, 0xbf, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xc4, 0xda, 0xc8, 0xdd, 0x0a];
    const body = [...new TextEncoder().encode(`big_data,${tag}-gbk,`), 0xd5, 0xbc, 0xb5, 0xc0, 0xbe, 0xad, 0xd3, 0xaa];
    const report = await importFindings(h.ctx, actor, Uint8Array.from([...gbkHeader, ...body]), { dryRun: true });
    expect(report).toMatchObject({ encoding: 'gbk', accepted: 1, rejected: 0 });
  });
});

describe(`historical import with the source's callback results (${dbKind()})`, () => {
  // A district's own export, in Chinese: created, replied, called back, closed; satisfaction and resolved.
  const m = districtHistoryMapping('district-old');
  const head = DISTRICT_HISTORY_HEAD;
  const file = (...lines: string[]) => new TextEncoder().encode([head, ...lines].join('\n'));

  it('replays reply, callback and close at their own times; the callbacks count in their month’s assessment', async () => {
    const cgw = (await api(h, 'supervisor', 'GET', '/api/units')).body.items.find((u: { code: string }) => u.code === 'DEPT-CGW').id as number;
    const rank = async () => {
      const r = await api(h, 'supervisor', 'GET', '/api/assessment/rankings?month=2025-11');
      const row = r.body.groups.flatMap((g: { rows: { unitId: number }[] }) => g.rows).find((x: { unitId: number }) => x.unitId === cgw);
      return row?.counts.validCallbacks ?? 0;
    };
    const before = await rank();
    const report = await importHistory(
      h.ctx,
      actor,
      m,
      file(
        'H-1,2025-10-28 09:00,2025-10-30 16:00,2025-11-03 10:00,2025-11-03 10:05,满意,已解决,城管委,垃圾分类',
        'H-2,2025-10-29 09:00,2025-11-01 10:00,2025-11-04 11:00,2025-11-05 09:00,不满意,未解决,城管委,垃圾分类',
        'H-3,2025-10-29 10:00,,,2025-11-02 10:00,,,城管委,垃圾分类',
      ),
    );
    expect(report.rows.map((r) => r.reasons)).toEqual([[], [], []]);
    expect(report.committed).toBe(true);
    const detail = async (sourceId: string) => {
      const t = await api(h, 'supervisor', 'GET', `/api/tickets?q=${encodeURIComponent(`历史工单 ${sourceId}`)}&limit=1`);
      return (await api(h, 'supervisor', 'GET', `/api/tickets/${t.body.items[0].id}`)).body;
    };
    const one = await detail('H-1');
    expect(one.events.map((e: { type: string }) => e.type)).toEqual(['accept', 'dispatch', 'sign', 'contact', 'reply', 'callback', 'close']);
    expect(one.events.find((e: { type: string }) => e.type === 'reply').at).toBe(new Date('2025-10-30T16:00:00+08:00').toISOString());
    expect(one.events.find((e: { type: string }) => e.type === 'callback').at).toBe(new Date('2025-11-03T10:00:00+08:00').toISOString());
    expect(one.callback).toMatchObject({ satisfaction: 'satisfied', resolved: true });
    expect((await detail('H-2')).callback).toMatchObject({ satisfaction: 'unsatisfied', resolved: false });
    // Without a callback in the source: an invalid callback is recorded, no satisfaction is invented.
    expect((await detail('H-3')).callback).toBeNull();
    // Two valid callbacks in November 2025 for the department.
    expect(await rank()).toBe(before + 2);
  });

  it('rejects unknown satisfaction values and steps out of order, committing nothing', async () => {
    const before = await fingerprint();
    const report = await importHistory(
      h.ctx,
      actor,
      m,
      file(
        'H-10,2025-10-28 09:00,2025-10-30 16:00,2025-11-03 10:00,2025-11-03 10:05,很好,已解决,城管委,垃圾分类',
        'H-11,2025-10-28 09:00,2025-11-05 16:00,2025-11-03 10:00,2025-11-06 10:05,满意,已解决,城管委,垃圾分类',
        'H-12,2025-10-28 09:00,2025-10-30 16:00,2025-11-03 10:00,2025-11-03 10:05,满意,也许,城管委,垃圾分类',
        'H-13,2025-10-28 09:00,2025-10-30 16:00,2025-11-03 10:00,2025-11-03 10:05,满意,已解决,城管委,垃圾分类',
      ),
    );
    expect(report.committed).toBe(false);
    expect(report.rows.map((r) => [r.sourceId, r.status, r.reasons])).toEqual([
      ['H-10', 'rejected', ['UNKNOWN_SATISFACTION']],
      ['H-11', 'rejected', ['STEPS_OUT_OF_ORDER']],
      ['H-12', 'rejected', ['UNKNOWN_RESOLVED']],
      ['H-13', 'accepted', []],
    ]);
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a mapping with a satisfaction column but no satisfactionMap', () => {
    expect(() => checkMapping({ ...m, satisfactionMap: undefined })).toThrow(/satisfactionMap/);
  });
});

const DATA = path.resolve(process.cwd(), '../shared/data/us311');
const haveData = fs.existsSync(path.join(DATA, 'us311-combined.csv')) && fs.existsSync(path.join(DATA, 'baltimore-sample.csv'));
if (!haveData) console.warn(`Skipping the real 311 import tests: ${DATA} is absent (it is not part of the repository).`);
const mapping = (name: string) => checkMapping(JSON.parse(fs.readFileSync(path.resolve(process.cwd(), `mappings/${name}.json`), 'utf8')));

describe.skipIf(!haveData)(`historical import of real 311 rows (${dbKind()})`, () => {
  it('imports the us311 sample with a clear report: closed-before-created rows rejected, all-or-nothing', async () => {
    const lines = fs.readFileSync(path.join(DATA, 'us311-combined.csv'), 'utf8').split('\n');
    const closedEarly = lines.filter((l) => {
      const f = l.split(',');
      return f[0] === 'Los Angeles' && f[3] !== '' && f[3]! < f[2]!;
    });
    expect(closedEarly.length).toBeGreaterThan(0);
    const sample = new TextEncoder().encode([...lines.slice(0, 301), ...closedEarly.slice(0, 5)].join('\n'));
    const before = await fingerprint();
    const strict = await importHistory(h.ctx, actor, mapping('us311'), sample);
    expect(strict.committed).toBe(false);
    expect(await fingerprint()).toBe(before);
    const rejected = strict.rows.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(5);
    expect(rejected.filter((r) => r.reasons.includes('CLOSED_BEFORE_CREATED')).length).toBe(5);
    expect(rejected.every((r) => r.reasons.length > 0)).toBe(true);

    const partial = await importHistory(h.ctx, actor, mapping('us311'), sample, { allowPartial: true });
    expect(partial.committed).toBe(true);
    expect(partial.accepted).toBe(strict.accepted);
    expect(partial.accepted).toBeGreaterThan(250);
    // History replays at its recorded moments.
    const first = partial.rows.find((r) => r.status === 'accepted' && r.sourceId === '18-00269879');
    const t = await api(h, 'supervisor', 'GET', `/api/tickets?q=${encodeURIComponent('18-00269879')}&limit=1`);
    const detail = await api(h, 'supervisor', 'GET', `/api/tickets/${t.body.items[0].id}`);
    expect(first?.ticketNumber).toBe(detail.body.number);
    expect(detail.body.state).toBe('closed');
    expect(new Date(detail.body.events[0].at).toISOString()).toBe('2018-04-12T03:11:26.000Z');
    expect(new Date(detail.body.events.at(-1).at).toISOString()).toBe('2018-04-12T04:45:47.000Z');

    const again = await importHistory(h.ctx, actor, mapping('us311'), sample, { allowPartial: true });
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(partial.accepted);
  }, 300_000);

  it('flags the placeholder coordinates 39,-77 in the Baltimore export (dry run)', async () => {
    const lines = fs.readFileSync(path.join(DATA, 'baltimore-sample.csv'), 'utf8').split('\n');
    const before = await fingerprint();
    const report = await importHistory(h.ctx, actor, mapping('baltimore'), new TextEncoder().encode(lines.slice(0, 301).join('\n')), { dryRun: true });
    expect(report.committed).toBe(false);
    expect(await fingerprint()).toBe(before);
    const placeholders = report.rows.filter((r) => r.reasons.includes('PLACEHOLDER_COORDINATES_DROPPED'));
    expect(placeholders.length).toBeGreaterThan(0);
    expect(placeholders.every((r) => r.status === 'accepted')).toBe(true);
    expect(report.accepted).toBeGreaterThan(250);
  }, 300_000);
});
