/**
 * Flat memory of the streamed ledger export (DOMAIN-RULES §8): 100,000 ledger tickets exported over real HTTP
 * to a file, memory sampled during the export, the file read back with exceljs's streaming reader.
 *
 * For this measurement only, the tickets are minimal valid rows bulk-inserted with one SQL statement
 * (generate_series) instead of going through intake, which would take far too long for 100,000 rows.
 * Set LEDGER_EXPORT_ROWS to change the size.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, dbKind, DISTRICT, type Harness } from './support/harness.ts';

const ROWS = Number(process.env.LEDGER_EXPORT_ROWS ?? 100_000);
const MB = 1024 * 1024;
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await createHarness();
  dir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`ledger export of ${ROWS} rows (${dbKind()})`, () => {
  it('streams with flat memory and every row arrives', { timeout: 300_000 }, async () => {
    const t0 = Date.now();
    // No address: it is personal data sealed at rest by the server's keyring, which SQL cannot do.
    await h.ctx.database.db.execute(sql`
      insert into tickets (district_code, id, number, kind, state, request_type, channel, urgency, title, content, address, accepted_at, reply_due_at, domain, version, source)
      select ${DISTRICT}, 900000000 + g, 'BULK' || lpad(g::text, 8, '0'), 'data_finding', 'dispatched', 'complaint', 'web', 'normal',
             '大数据排查 第' || g || '条', '创城专项 井盖缺失 占道经营 积存垃圾 第' || g || '条问题，需要属地街道尽快处置并反馈结果。', '',
             timestamptz '2026-03-01 09:00:00+08' + (g || ' seconds')::interval, timestamptz '2026-03-08 18:00:00+08', '{}'::jsonb, 1, 'big_data'
      from generate_series(1, ${ROWS}) g`);
    const insertMs = Date.now() - t0;
    const token = await h.token('supervisor');
    const created = await h.api(
      'supervisor',
      'POST',
      '/api/ledgers',
      { name: '创城专项台账', rules: { sources: ['big_data'] } },
      { authorization: `Bearer ${token}` },
    );
    expect(created.status).toBe(201);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    const file = join(dir, 'ledger.xlsx');

    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 25);
    const t1 = Date.now();
    await new Promise<void>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: `/api/ledgers/${created.body.id}/export.xlsx`, headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        pipeline(res, createWriteStream(file)).then(resolve, reject);
      }).on('error', reject);
    });
    clearInterval(timer);
    const exportMs = Date.now() - t1;

    let rows = 0;
    let first: unknown[] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), { sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore' });
    for await (const sheet of reader)
      for await (const row of sheet) {
        if (rows === 0) first = (row.values as unknown[]).slice(1);
        rows++;
      }
    const heapGrowthMb = (peakHeap - base.heapUsed) / MB;
    const rssGrowthMb = (peakRss - base.rss) / MB;
    console.log(
      `[ledger-export] ${dbKind()} rows=${ROWS} insert=${insertMs}ms export=${exportMs}ms file=${(statSync(file).size / MB).toFixed(1)}MB ` +
        `heapGrowth=${heapGrowthMb.toFixed(1)}MB rssGrowth=${rssGrowthMb.toFixed(1)}MB`,
    );
    expect(first).toEqual(['编号', '来源', '内容', '地点', '分类', '承办单位', '时限', '状态', '办理结果', '是否满意']);
    expect(rows).toBe(ROWS + 1);
    // A buffered workbook of 100,000 rows of this width needs several hundred MB of heap.
    expect(heapGrowthMb).toBeLessThan(150);
  });
});
