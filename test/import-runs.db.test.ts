/**
 * Import runs (导入记录): every import through the API (and the use cases the CLI calls) leaves one run
 * with its status, counts and row report — rejected rows first, capped — listed newest first per
 * district; a run that cannot be written is logged, never turned into an error.
 */
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importActor } from '../src/modules/imports/findings.ts';
import { recordImport, REPORT_CAP, runFindingsImport } from '../src/modules/imports/runs.ts';
import { insertImportRun } from '../src/modules/imports/import-run.repository.ts';
import type { Actor } from '../src/engine/domain/workflow/ticket.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { STREET_A } from './support/ticket-flow.ts';

let h: Harness;
let actor: Actor;
beforeAll(async () => {
  h = await createHarness();
  actor = await importActor(h.ctx, 'supervisor');
});
afterAll(async () => {
  await h?.close();
});

const HEADER = '外部编号,内容,分类编码,街道编码';
const text = (...lines: string[]) => [HEADER, ...lines].join('\n');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const good = (id: string) => `${id},大数据发现占道经营 ${id},CITY.WASTE.SORTING,${STREET_A}`;
const bad = (id: string) => `${id},缺分类 ${id},NO.SUCH,${STREET_A}`;

async function post(body: Record<string, unknown>, as = 'supervisor') {
  const r = await h.api(as, 'POST', '/api/imports', { kind: 'findings', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
async function run(id: number) {
  const r = await h.api('admin', 'GET', `/api/imports/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe(`import runs (${dbKind()})`, () => {
  const tag = `R${Date.now()}`;

  it('a dry run leaves a dry_run run with the file name, the counts and who ran it', async () => {
    const r = await post({ dryRun: true, fileName: '三月排查.csv', contentBase64: b64(text(good(`${tag}-1`), bad(`${tag}-2`))) });
    expect(r).toMatchObject({ dryRun: true, committed: false, accepted: 1, rejected: 1 });
    expect(r.runId).toEqual(expect.any(Number));
    const detail = await run(r.runId);
    expect(detail).toMatchObject({
      id: r.runId,
      kind: 'findings',
      fileName: '三月排查.csv',
      mapping: null,
      encoding: 'utf-8',
      dryRun: true,
      status: 'dry_run',
      total: 2,
      accepted: 1,
      rejected: 1,
      duplicates: 0,
      reportOmitted: 0,
      startedBy: { username: 'supervisor' },
    });
    expect(detail.rows.map((x: { rowNumber: number; status: string; reasons: string[] }) => [x.rowNumber, x.status, x.reasons])).toEqual([
      [3, 'rejected', ['UNKNOWN_CATEGORY']],
      [2, 'accepted', []],
    ]);
  });

  it('an all-or-nothing import with a rejected row is a rejected run; committed and re-run imports count their rows', async () => {
    const file = b64(text(good(`${tag}-3`), bad(`${tag}-4`)));
    const rejected = await post({ contentBase64: file, fileName: 'a.csv' });
    expect(rejected.committed).toBe(false);
    expect(await run(rejected.runId)).toMatchObject({ status: 'rejected', dryRun: false, total: 2, accepted: 1, rejected: 1, duplicates: 0 });

    const committed = await post({ contentBase64: file, allowPartial: true, fileName: 'a.csv' });
    expect(committed.committed).toBe(true);
    expect(await run(committed.runId)).toMatchObject({ status: 'committed', total: 2, accepted: 1, rejected: 1, duplicates: 0 });

    const again = await post({ contentBase64: b64(text(good(`${tag}-3`))), fileName: 'a.csv' });
    const detail = await run(again.runId);
    expect(detail).toMatchObject({ status: 'committed', total: 1, accepted: 0, rejected: 0, duplicates: 1 });
    expect(detail.rows).toEqual([{ rowNumber: 2, sourceId: `${tag}-3`, status: 'duplicate', reasons: ['ALREADY_IMPORTED'] }]);
  });

  it('stores at most REPORT_CAP rows, rejected first, and says how many were left out', async () => {
    const rejectedRows = Array.from({ length: REPORT_CAP + 5 }, (_, i) => `,没有编号 ${i},,`);
    const r = await runFindingsImport(h.ctx, actor, new TextEncoder().encode(text(good(`${tag}-5`), good(`${tag}-6`), ...rejectedRows)), {
      dryRun: true,
      fileName: 'big.csv',
    });
    expect(r).toMatchObject({ total: REPORT_CAP + 7, accepted: 2, rejected: REPORT_CAP + 5 });
    expect(r.rows).toHaveLength(REPORT_CAP + 7); // the answer itself is never capped
    const detail = await run(r.runId!);
    expect(detail.rows).toHaveLength(REPORT_CAP);
    expect(detail.reportOmitted).toBe(7);
    expect(detail.rows.every((x: { status: string }) => x.status === 'rejected')).toBe(true);
    expect(detail.rows[0]).toMatchObject({ rowNumber: 4, reasons: ['MISSING_SOURCE_ID'] });
    expect(detail.rows.at(-1).rowNumber).toBe(REPORT_CAP + 3);
  });

  it('records an unexpected failure as failed and rethrows it; refused files leave no run', async () => {
    const before = (await h.api('admin', 'GET', '/api/imports?limit=1')).body.total as number;
    await expect(
      recordImport(h.ctx, actor, { kind: 'history', fileName: 'boom.csv', mapping: 'us311' }, async () => {
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    const list = (await h.api('admin', 'GET', '/api/imports?limit=1')).body;
    expect(list.total).toBe(before + 1);
    expect(list.items[0]).toMatchObject({ kind: 'history', fileName: 'boom.csv', mapping: 'us311', status: 'failed', encoding: null, total: 0 });

    const refused = await h.api('supervisor', 'POST', '/api/imports', { kind: 'findings', contentBase64: b64('a,b\n1,2') });
    expect(refused.status).toBe(400);
    expect((await h.api('admin', 'GET', '/api/imports?limit=1')).body.total).toBe(before + 1);
  });

  it('a run that cannot be written is logged at error level and the import still succeeds', async () => {
    const errors: unknown[][] = [];
    const log = Object.assign(Object.create(h.ctx.log) as Logger, { error: (...a: unknown[]) => void errors.push(a) });
    const ctx = { ...h.ctx, log };
    // A mapping name longer than the column allows makes the insert fail.
    const r = await recordImport(ctx, actor, { kind: 'history', fileName: 'x.csv', mapping: 'm'.repeat(41) }, async () => ({
      dryRun: true,
      committed: false,
      encoding: 'utf-8',
      total: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      rows: [],
    }));
    expect(r).toMatchObject({ dryRun: true, runId: null });
    expect(errors).toHaveLength(1);
    expect(errors[0]![1]).toBe('import run could not be recorded');
  });

  it('lists runs newest first, pages, filters by kind and keeps to the district', async () => {
    const other = await insertImportRun(h.ctx.database.db, {
      districtCode: '110108',
      kind: 'findings',
      fileName: 'elsewhere.csv',
      mapping: null,
      encoding: 'utf-8',
      dryRun: true,
      status: 'dry_run',
      total: 1,
      accepted: 1,
      rejected: 0,
      duplicates: 0,
      report: [],
      startedBy: actor.userId,
      startedAt: h.clock.now(),
      finishedAt: h.clock.now(),
    });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.clock.advance(60_000);
      ids.push((await post({ dryRun: true, fileName: `page-${i}.csv`, contentBase64: b64(text(good(`${tag}-p${i}`))) })).runId);
    }
    const all = (await h.api('supervisor', 'GET', '/api/imports?limit=200')).body;
    expect(all.items.map((x: { id: number }) => x.id).slice(0, 3)).toEqual([...ids].reverse());
    expect(all.items.some((x: { id: number }) => x.id === other)).toBe(false);
    expect(all.total).toBe(all.items.length);
    expect(all.items[0]).toMatchObject({ fileName: 'page-2.csv', startedBy: { username: 'supervisor', displayName: expect.any(String) } });
    expect(new Date(all.items[0].startedAt).getTime()).toBeGreaterThan(new Date(all.items[1].startedAt).getTime());

    const page2 = (await h.api('supervisor', 'GET', '/api/imports?limit=2&offset=1')).body;
    expect(page2.items.map((x: { id: number }) => x.id)).toEqual([ids[1], ids[0]]);
    expect(page2.total).toBe(all.total);

    const history = (await h.api('supervisor', 'GET', '/api/imports?kind=history')).body;
    expect(history.items.length).toBeGreaterThan(0);
    expect(history.items.every((x: { kind: string }) => x.kind === 'history')).toBe(true);
    expect(history.total).toBeLessThan(all.total);

    expect((await h.api('admin', 'GET', `/api/imports/${other}`)).status).toBe(404);
    const unknown = await h.api('admin', 'GET', '/api/imports/2147483647');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});
