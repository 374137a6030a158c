/**
 * One list of sources and kinds (src/engine/domain/workflow/sources.ts, kinds.ts), end to end on a real
 * database: GET /api/reference/labels names them; the imports write only those sources (a history import
 * is `import` whatever its mapping, the mapping kept as the source system); ledgers whose rules name
 * 大数据排查 or 历史导入 (picked by name from the labels, as the web's rule form does) hold exactly the
 * tickets those imports created, and their summaries count them; the Excel export names every source,
 * state, outcome and satisfaction in Chinese. Intake and ledger rules refuse a source not in the list.
 * Migration 0017 maps the codes older versions stored.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../src/engine/intake.ts';
import { queryRows } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { Actor } from '../src/engine/domain/workflow/ticket.ts';
import { importActor, importFindings } from '../src/modules/imports/findings.ts';
import { importHistory } from '../src/modules/imports/history.ts';
import { createHarness, dbKind, freshDatabase, type Harness } from './support/harness.ts';
import { DISTRICT_HISTORY_HEAD, districtHistoryMapping } from './support/history-mapping.ts';
import { migrateUpTo } from './support/migrate-up-to.ts';
import { api, intake, loadRef, STREET_A, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
let actor: Actor;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
  actor = await importActor(h.ctx, 'operator');
});
afterAll(async () => {
  await h?.close();
});

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

async function labels(): Promise<{ kinds: Named[]; sources: Named[] }> {
  const r = await api(h, 'street', 'GET', '/api/reference/labels');
  expect(r.status).toBe(200);
  return r.body;
}

/** The code of the source the web's rule form shows as `name`. */
async function sourceNamed(name: string): Promise<string> {
  const s = (await labels()).sources.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no source named ${name}`);
  return s.code;
}

async function ledgerNumbers(id: number): Promise<string[]> {
  const r = await api(h, 'supervisor', 'GET', `/api/ledgers/${id}/items?limit=100`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as { number: string }[]).map((i) => i.number).sort();
}

async function createLedger(name: string, rules: Record<string, unknown>): Promise<number> {
  const r = await api(h, 'supervisor', 'POST', '/api/ledgers', { name, rules });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
}

const FINDINGS_HEAD = '来源,外部编号,标题,内容,分类编码,街道编码,地址,发现时间';
const finding = (source: string, id: string) =>
  [source, id, '占道经营', `大数据发现占道经营 ${id}`, 'CITY.WASTE.SORTING', STREET_A, '新桥大街', '2026-03-02T08:00:00+08:00'].join(',');
const encode = (...lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

describe(`one list of kinds and sources (${dbKind()})`, () => {
  const imported = { bigData: [] as string[], publicOpinion: [] as string[], history: [] as string[] };
  let hotline: string;

  it('GET /api/reference/labels names every kind and source in Chinese and English', async () => {
    const l = await labels();
    expect(l.kinds.map((k) => k.code)).toEqual([
      'hotline_request',
      'whistle',
      'grid_report',
      'data_finding',
      'service_order',
      'enterprise_demand',
      'rectification',
    ]);
    expect(l.kinds.find((k) => k.code === 'service_order')).toEqual({ code: 'service_order', name: '文明实践点单', nameEn: 'Volunteer service order' });
    expect(l.sources.find((s) => s.code === 'big_data')?.name).toBe('大数据排查');
    expect(l.sources.find((s) => s.code === 'import')?.name).toBe('历史导入');
    for (const x of [...l.kinds, ...l.sources]) {
      expect(x.name, x.code).toMatch(/\p{Script=Han}/u);
      expect(x.nameEn, x.code).not.toBe('');
    }
    expect((await h.api(null, 'GET', '/api/reference/labels')).status).toBe(401);
  });

  it('the imports write the engine’s sources: big_data, public_opinion, and import with the mapping as source system', async () => {
    const tag = `SRC${Date.now()}`;
    const findings = await importFindings(
      h.ctx,
      actor,
      encode(FINDINGS_HEAD, finding('big_data', `${tag}-1`), finding('big_data', `${tag}-2`), finding('public_opinion', `${tag}-3`)),
    );
    expect(findings).toMatchObject({ committed: true, accepted: 3 });
    const numbers = findings.rows.map((r) => r.ticketNumber!);
    imported.bigData = numbers.slice(0, 2).sort();
    imported.publicOpinion = numbers.slice(2);

    const history = await importHistory(
      h.ctx,
      actor,
      districtHistoryMapping('district-old'),
      encode(
        DISTRICT_HISTORY_HEAD,
        `${tag}-H1,2025-10-28 09:00,2025-10-30 16:00,2025-11-03 10:00,2025-11-03 10:05,满意,已解决,城管委,垃圾分类`,
        `${tag}-H2,2025-10-29 10:00,,,2025-11-02 10:00,,,城管委,垃圾分类`,
      ),
    );
    expect(history).toMatchObject({ committed: true, accepted: 2 });
    imported.history = history.rows.map((r) => r.ticketNumber!).sort();

    hotline = (await intake(h, { content: '热线诉求 路灯不亮', triage: { action: 'dispatch', leadUnitId: ref.unitId(`ST-${STREET_A}`) } })).number;

    const detail = async (number: string) => {
      const t = await api(h, 'supervisor', 'GET', `/api/tickets?q=${number}&limit=1`);
      return (await api(h, 'supervisor', 'GET', `/api/tickets/${t.body.items[0].id}`)).body;
    };
    expect(await detail(imported.bigData[0]!)).toMatchObject({ kind: 'data_finding', source: 'big_data', sourceSystem: null });
    expect(await detail(imported.publicOpinion[0]!)).toMatchObject({ kind: 'data_finding', source: 'public_opinion' });
    expect(await detail(imported.history[0]!)).toMatchObject({ kind: 'hotline_request', source: 'import', sourceSystem: 'district-old', state: 'closed' });
    expect(await detail(hotline)).toMatchObject({ source: 'hotline', sourceSystem: null });
  });

  it('ledgers filtered on 大数据排查 and 历史导入 hold exactly those tickets, and their summaries count them', async () => {
    const bigData = await createLedger('大数据排查台账', { sources: [await sourceNamed('大数据排查')] });
    const history = await createLedger('历史工单台账', { sources: [await sourceNamed('历史导入')] });
    expect(await ledgerNumbers(bigData)).toEqual(imported.bigData);
    expect(await ledgerNumbers(history)).toEqual(imported.history);

    const day = await api(h, 'supervisor', 'GET', `/api/ledgers/${bigData}/summary?period=day&date=2026-03-02`);
    expect(day.body).toMatchObject({ created: 2, closed: 0 });
    const month = await api(h, 'supervisor', 'GET', `/api/ledgers/${history}/summary?period=month&date=2025-11-15`);
    expect(month.body).toMatchObject({ created: 0, closed: 2, satisfied: 1 });
    expect((await api(h, 'supervisor', 'GET', `/api/ledgers/${history}`)).body.status).toMatchObject({ total: 2, closed: 2 });
  });

  it('the Excel export names source, state, outcome and satisfaction in Chinese: no raw code', async () => {
    const all = await createLedger('四条线一组团台账', { sources: ['hotline', 'big_data', 'public_opinion', 'import'] });
    const token = await h.token('supervisor');
    const r = await h.app.inject({ method: 'GET', url: `/api/ledgers/${all}/export.xlsx`, headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    const rows: string[][] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(r.rawPayload), {});
    for await (const sheet of reader) for await (const row of sheet) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    const [head, ...data] = rows;
    expect(head).toEqual(['编号', '来源', '内容', '地点', '分类', '承办单位', '时限', '状态', '办理结果', '是否满意']);
    expect(data).toHaveLength(6);
    const byNumber = new Map(data.map((d) => [d[0]!, d]));
    const cols = (n: string) => {
      const d = byNumber.get(n)!;
      return [d[1], d[7], d[8], d[9]];
    };
    expect(cols(imported.bigData[0]!)).toEqual(['大数据排查', '已派单待签收', '', '']);
    expect(cols(imported.publicOpinion[0]!)).toEqual(['网络舆情', '已派单待签收', '', '']);
    expect(cols(hotline)).toEqual(['12345热线', '已派单待签收', '', '']);
    expect(new Set(imported.history.map((n) => cols(n).join('|')))).toEqual(new Set(['历史导入|已关闭|办结回访|满意', '历史导入|已关闭|回访无法联系结案|']));
    for (const d of data) for (const i of [1, 7, 8, 9]) expect(d[i], `${d[0]} column ${head![i]}`).not.toMatch(/[a-z]/);
  });

  it('intake refuses a source not in the list, and ledger rules refuse one, changing nothing', async () => {
    const before = (await api(h, 'supervisor', 'GET', '/api/tickets?limit=1')).body.total;
    await expect(createTicket(h.ctx, actor, { requestType: 'help', channel: 'other', content: '来源不明', source: 'us311' as never })).rejects.toMatchObject({
      code: 'INTAKE.UNKNOWN_SOURCE',
    });
    expect((await api(h, 'supervisor', 'GET', '/api/tickets?limit=1')).body.total).toBe(before);
    for (const sources of [['data_finding'], ['district-old']]) {
      const r = await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '旧来源台账', rules: { sources } });
      expect(r.status, JSON.stringify(sources)).toBe(400);
    }
    expect((await api(h, 'supervisor', 'POST', '/api/ledgers', { name: '旧类型台账', rules: { kinds: ['hotline'] } })).status).toBe(400);
  });
});

describe(`migration 0017 on a database at 0016 (${dbKind()})`, () => {
  it(
    'maps the old source codes of tickets and ledger rules; a history import becomes import with its mapping as source system',
    { timeout: 120_000 },
    async () => {
      const { database, drop } = await freshDatabase();
      try {
        await migrateUpTo(database, 16);
        const db = database.db;
        const ticket = (id: number, kind: string, source: string) =>
          sql`(${'110109'}, ${id}, ${`M${id}`}, ${kind}, 'dispatched', 'complaint', 'other', 'normal', 't', 'c', now(), '{}'::jsonb, 1, ${source})`;
        const rows = [
          ticket(101, 'data_finding', 'data_finding'), // an operator's data finding: the kind was the source
          ticket(102, 'grid_report', 'grid_report'),
          ticket(103, 'hotline_request', 'us311'), // history import of the us311 mapping
          ticket(104, 'data_finding', 'big_data'), // batch finding
          ticket(105, 'hotline_request', 'district-old'), // history import whose key is gone
          ticket(106, 'hotline_request', 'hotline'),
          ticket(107, 'whistle', 'whistle'),
          ticket(108, 'hotline_request', 'grid'), // history import of a mapping named like a source
        ];
        await db.execute(sql`insert into tickets (district_code, id, number, kind, state, request_type, channel, urgency, title, content, accepted_at, domain, version, source)
        values ${sql.join(rows, sql`, `)}`);
        await db.execute(sql`insert into idempotency_keys (district_code, scope, key, request_hash, ticket_id, status_code, response)
        values ('110109', 'import:us311', 'A-1', repeat('a', 64), 103, 201, '{}'::jsonb), ('110109', 'import:big_data', 'B-1', repeat('b', 64), 104, 201, '{}'::jsonb),
               ('110109', 'import:grid', 'G-1', repeat('c', 64), 108, 201, '{}'::jsonb), ('110109', 'user:1', 'k', repeat('d', 64), 106, 201, '{}'::jsonb)`);
        await db.execute(sql`insert into ledgers (id, district_code, name, rules, created_by, created_at)
        values (1, '110109', '旧台账', ${JSON.stringify({ sources: ['data_finding', 'import', 'us311', 'hotline', 'big_data', 'grid_report'], keywords: ['创城'] })}::jsonb, 1, now()),
               (2, '110109', '无来源', '{"keywords":["x"]}'::jsonb, 1, now())`);

        await migrate(database);

        expect(await queryRows(db, sql`select id::int as id, source, source_system from tickets order by id`)).toEqual([
          { id: 101, source: 'big_data', source_system: null },
          { id: 102, source: 'grid', source_system: null },
          { id: 103, source: 'import', source_system: 'us311' },
          { id: 104, source: 'big_data', source_system: null },
          { id: 105, source: 'import', source_system: 'district-old' },
          { id: 106, source: 'hotline', source_system: null },
          { id: 107, source: 'whistle', source_system: null },
          { id: 108, source: 'import', source_system: 'grid' },
        ]);
        const rules = await queryRows<{ id: number; rules: { sources?: string[]; keywords?: string[] } }>(db, sql`select id, rules from ledgers order by id`);
        expect(rules[0]!.rules.keywords).toEqual(['创城']);
        expect([...rules[0]!.rules.sources!].sort()).toEqual(['big_data', 'grid', 'hotline', 'import']);
        expect(rules[1]!.rules).toEqual({ keywords: ['x'] });
      } finally {
        await drop();
      }
    },
  );
});
