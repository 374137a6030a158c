/**
 * Batch findings import on a real database: all-or-nothing per file, dry runs that change nothing,
 * idempotent re-runs keyed by (source, source id), GBK files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importActor, importFindings } from '../src/application/imports/findings.ts';
import { checkMapping, importHistory } from '../src/application/imports/history.ts';
import type { Actor } from '../src/domain/workflow/ticket.ts';
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
  [extra.source ?? 'big_data', id, '占道经营', `"${extra.content ?? `大数据发现占道经营，多行\n第二行 ${id}`}"`, extra.category ?? 'CITY.WASTE.SORTING', STREET_A, '新桥大街', extra.date ?? '2026-03-01T10:00:00+08:00'].join(',');

async function fingerprint(): Promise<string> {
  const r = await api(h, 'supervisor', 'GET', '/api/tickets?limit=1');
  return `${r.body.total}:${r.body.items[0]?.id ?? ''}`;
}

describe(`batch findings import (${dbKind()})`, () => {
  const tag = `T${Date.now()}`;

  it('commits nothing when one row is rejected, and reports every row', async () => {
    const before = await fingerprint();
    const report = await importFindings(h.ctx, actor, csv(row(`${tag}-1`), row(`${tag}-2`, { category: 'NO.SUCH' }), row(`${tag}-3`, { date: 'yesterday' }), 'x,y'));
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
  }, 120_000);

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
  }, 120_000);
});
