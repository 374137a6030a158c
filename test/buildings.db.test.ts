/**
 * Building units and door boards (四公示一门牌) over HTTP on a real database: the import is all or
 * nothing with a reason per rejected row (JSON and CSV), a re-import updates by code, the public board
 * shows the published content without a login, the QR code encodes the board page's absolute URL, and
 * the staff list is scoped to admins, the centre and the community's street.
 */
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardUrl, parseHouseholds, parseResponsible } from '../src/modules/boards/boards.service.ts';
import { createHarness, dbKind, type Harness } from './support/harness.ts';
import { api, loadRef, STREET_A, STREET_B, type Ref } from './support/ticket-flow.ts';

let h: Harness;
let ref: Ref;
beforeAll(async () => {
  h = await createHarness();
  ref = await loadRef(h);
});
afterAll(async () => {
  await h?.close();
});

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
type Item = {
  code: string;
  name: string;
  gridCode: string | null;
  responsiblePersons: { role: string; name: string; phone?: string }[];
  partyMemberHouseholds: string[];
};

describe(`building units and door boards (${dbKind()})`, () => {
  it('seeds four demo units in each community of the first street that has grids, with board content', async () => {
    const communities = ref.communities(STREET_A).slice(0, 3);
    for (const c of communities) {
      const r = await api(h, 'street', 'GET', `/api/buildings?communityCode=${c}`);
      expect(r.status).toBe(200);
      expect(r.body.items).toHaveLength(4);
      for (const b of r.body.items as Item[]) {
        expect(b.name).toMatch(/^\d号楼\d单元$/);
        expect(b.gridCode).toMatch(new RegExp(`^G${c}-`));
        expect(b.responsiblePersons.map((p) => p.role)).toEqual(expect.arrayContaining(['楼门长', '网格员']));
        expect(b.partyMemberHouseholds.length).toBeGreaterThan(0);
      }
    }
  });

  it('imports all or nothing, with a reason per rejected row', async () => {
    const [c1, c2] = ref.communities(STREET_B);
    const before = (await api(h, 'admin', 'GET', `/api/buildings?communityCode=${c1}`)).body.items.length;
    const good = { code: 'T-1', name: '1号楼1单元', communityCode: c1 };
    const bad = await api(h, 'admin', 'POST', '/api/admin/buildings', {
      buildings: [
        good,
        { code: 'T-2', name: '1号楼2单元', communityCode: '110105001001' },
        { code: 'T-1', name: '重复', communityCode: c1 },
        { code: 'T-3', name: '1号楼3单元', communityCode: c1, gridCode: `G${ref.communities(STREET_A)[0]}-1` },
        { code: 'T-4', name: '1号楼4单元', communityCode: c1, gridCode: 'NO-SUCH-GRID' },
        { code: 'T-5', name: '  ', communityCode: c2 },
        { code: 'T-6', name: '2号楼', communityCode: c2, latitude: 39.9 },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('BUILDING.INVALID_ROWS');
    const rejected = bad.body.error.details.rejected as { index: number; code: string; reason: string }[];
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rejected.find((r) => r.index === 1)!.reason).toMatch(/not a community of district/);
    expect(rejected.find((r) => r.index === 2)!.reason).toMatch(/Duplicate/);
    expect(rejected.find((r) => r.index === 3)!.reason).toMatch(/belongs to community/);
    expect(rejected.find((r) => r.index === 4)!.reason).toMatch(/does not exist/);
    expect(rejected.find((r) => r.index === 5)!.reason).toMatch(/Name/);
    expect(rejected.find((r) => r.index === 6)!.reason).toMatch(/go together/);
    expect((await api(h, 'admin', 'GET', `/api/buildings?communityCode=${c1}`)).body.items.length).toBe(before);
    expect((await api(h, 'street', 'POST', '/api/admin/buildings', { buildings: [good] })).status).toBe(403);
    const ok = await api(h, 'admin', 'POST', '/api/admin/buildings', { buildings: [good] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ imported: 1 });
    const listed = (await api(h, 'admin', 'GET', `/api/buildings?communityCode=${c1}`)).body.items as (Item & { address: string; streetCode: string })[];
    expect(listed.find((b) => b.code === 'T-1')).toMatchObject({ name: '1号楼1单元', streetCode: STREET_B, gridCode: null, responsiblePersons: [] });
    // The address defaults to the community's short name and the unit's name.
    expect(listed.find((b) => b.code === 'T-1')!.address).toMatch(/社区1号楼1单元$|村1号楼1单元$/);
  });

  it('imports a CSV with Chinese headers, reports rows by line, and a re-import updates by code', async () => {
    const [, , c3] = ref.communities(STREET_B);
    const header = '编号,名称,地址,社区编码,网格编码,纬度,经度,责任人,党员中心户,公约';
    const badCsv = [
      header,
      `C-1,5号楼1单元,城子大街5号楼1单元,${c3},,39.93,116.1,楼门长:张三:13800000000;网格员:李四,301;502,"一、邻里和睦。\n二、楼道不堆物。"`,
      `C-2,5号楼2单元,,${c3},,abc,116.1,楼门长,,`,
      `C-3,5号楼3单元,,${c3},,95,116.1,,,`,
    ].join('\n');
    const bad = await api(h, 'admin', 'POST', '/api/admin/buildings', { fileBase64: b64(badCsv) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('BUILDING.INVALID_ROWS');
    const rejected = bad.body.error.details.rejected as { rowNumber: number; code: string; reason: string }[];
    // The quoted conventions span two lines, so the second unit starts on line 4.
    expect(rejected.filter((r) => r.code === 'C-2').map((r) => r.rowNumber)).toEqual([4, 4]);
    expect(
      rejected
        .filter((r) => r.code === 'C-2')
        .map((r) => r.reason)
        .join(' '),
    ).toMatch(/not a number.*角色:姓名|角色:姓名.*not a number/);
    expect(rejected.find((r) => r.code === 'C-3')).toMatchObject({ rowNumber: 5, reason: expect.stringMatching(/Latitude/) });
    expect((await api(h, 'admin', 'GET', `/api/buildings?communityCode=${c3}`)).body.items).toEqual([]);

    const okCsv = [header, badCsv.split('\n').slice(1, 3).join('\n')].join('\n');
    const ok = await api(h, 'admin', 'POST', '/api/admin/buildings', { fileBase64: b64(okCsv) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ imported: 1 });
    const board = await h.api(null, 'GET', '/api/public/boards/C-1');
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({
      code: 'C-1',
      name: '5号楼1单元',
      address: '城子大街5号楼1单元',
      communityCode: c3,
      streetCode: STREET_B,
      streetName: '城子街道',
      latitude: 39.93,
      longitude: 116.1,
      responsiblePersons: [
        { role: '楼门长', name: '张三', phone: '13800000000' },
        { role: '网格员', name: '李四' },
      ],
      partyMemberHouseholds: ['301', '502'],
      conventions: '一、邻里和睦。\n二、楼道不堆物。',
      requestPath: '/m?building=C-1',
      boardPath: '/m/board/C-1',
    });
    expect(board.body.communityName).not.toMatch(/居委会$/);

    // Re-import (English headers this time): the same code is updated, not duplicated.
    const again = await api(h, 'admin', 'POST', '/api/admin/buildings', {
      fileBase64: b64(`code,name,community_code,responsible,party_households\nC-1,5号楼1单元（东）,${c3},楼门长:王五:13900000000,601`),
    });
    expect(again.status).toBe(200);
    const list = (await api(h, 'admin', 'GET', `/api/buildings?communityCode=${c3}`)).body.items as Item[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      code: 'C-1',
      name: '5号楼1单元（东）',
      responsiblePersons: [{ role: '楼门长', name: '王五', phone: '13900000000' }],
      partyMemberHouseholds: ['601'],
    });
  });

  it('imports an .xlsx workbook with English headers', async () => {
    const [, , , c4] = ref.communities(STREET_B);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('units');
    ws.addRow(['code', 'name', 'community_code', 'latitude', 'longitude', 'responsible', 'party_households', 'conventions']);
    ws.addRow(['X-1', '7号楼1单元', c4, 39.95, 116.12, '楼门长:赵六:13700000000', '101;202', '爱护环境']);
    ws.addRow(['X-2', '7号楼2单元', c4, '', '', '', '', '']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await api(h, 'admin', 'POST', '/api/admin/buildings', { fileBase64: bytes.toString('base64') });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ imported: 2 });
    const board = (await h.api(null, 'GET', '/api/public/boards/X-1')).body;
    expect(board).toMatchObject({
      latitude: 39.95,
      longitude: 116.12,
      responsiblePersons: [{ role: '楼门长', name: '赵六', phone: '13700000000' }],
      partyMemberHouseholds: ['101', '202'],
      conventions: '爱护环境',
    });
    expect((await h.api(null, 'GET', '/api/public/boards/X-2')).body).toMatchObject({
      latitude: null,
      responsiblePersons: [],
      partyMemberHouseholds: [],
      conventions: '',
    });
  });

  it('refuses a file without the required columns or that cannot be read', async () => {
    const r = await api(h, 'admin', 'POST', '/api/admin/buildings', { fileBase64: b64('名称,地址\n1号楼,某处') });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('BUILDING.MISSING_COLUMNS');
    const empty = await api(h, 'admin', 'POST', '/api/admin/buildings', { fileBase64: b64('编号,名称,社区编码\n') });
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('BUILDING.INVALID_ROWS');
  });

  it('answers 404 in the usual error shape for an unknown board, and its QR code', async () => {
    for (const url of ['/api/public/boards/NO-SUCH-UNIT', '/api/public/boards/NO-SUCH-UNIT/qr.svg']) {
      const r = await h.api(null, 'GET', url);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
    }
  });

  it('serves the QR code as a cacheable SVG encoding the board page’s absolute URL', async () => {
    const code = `B${ref.communities(STREET_A)[0]}-1-1`;
    const r = await h.app.inject({ method: 'GET', url: `/api/public/boards/${code}/qr.svg`, headers: { host: 'jiesu.example.cn:8080' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(r.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(r.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const paths = [...r.body.matchAll(/<path[^>]* d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths.some((d) => d.length > 100)).toBe(true);
    // The same options on the expected URL give exactly this image; another URL does not.
    const expected = `http://jiesu.example.cn:8080/m/board/${code}`;
    expect(r.body).toBe(await QRCode.toString(expected, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    expect(r.body).not.toBe(await QRCode.toString(`http://localhost/m/board/${code}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    // A forged Host header is refused rather than printed into a code.
    const forged = await h.app.inject({ method: 'GET', url: `/api/public/boards/${code}/qr.svg`, headers: { host: 'evil.example/"><script>' } });
    expect(forged.statusCode).toBe(400);
  });

  it('builds board URLs from the configured base URL or the request’s origin', () => {
    expect(boardUrl('B1-1', { protocol: 'https', host: 'jiesu.gov.cn' })).toBe('https://jiesu.gov.cn/m/board/B1-1');
    expect(boardUrl('B1-1', { protocol: 'http', host: '127.0.0.1:3000' })).toBe('http://127.0.0.1:3000/m/board/B1-1');
    expect(boardUrl('B1-1', { baseUrl: 'https://example.cn/jiesu/', protocol: 'http', host: 'internal:3000' })).toBe('https://example.cn/jiesu/m/board/B1-1');
    expect(boardUrl('a.b_c-d', { protocol: 'gopher', host: '[::1]:80' })).toBe('http://[::1]:80/m/board/a.b_c-d');
    expect(() => boardUrl('B1', { protocol: 'http', host: 'a b' })).toThrow();
    expect(() => boardUrl('B1', { protocol: 'http', host: '' })).toThrow();
  });

  it('parses the responsible-person and household cells', () => {
    expect(parseResponsible('楼门长:张三:13800000000;网格员：李四；')).toEqual({
      persons: [
        { role: '楼门长', name: '张三', phone: '13800000000' },
        { role: '网格员', name: '李四' },
      ],
      errors: [],
    });
    expect(parseResponsible('张三').errors).toHaveLength(1);
    expect(parseResponsible('a:b:c:d').errors).toHaveLength(1);
    expect(parseHouseholds('301;502、601，702')).toEqual(['301', '502', '601', '702']);
  });

  it('lists a community’s units for admins, the centre and its street only', async () => {
    const c = ref.communities(STREET_A)[0]!;
    for (const u of ['admin', 'supervisor', 'operator', 'street', 'street.leader', 'grid'])
      expect((await api(h, u, 'GET', `/api/buildings?communityCode=${c}`)).status, u).toBe(200);
    for (const u of ['cgw', 'gov', 'h.st-110109002']) {
      const r = await api(h, u, 'GET', `/api/buildings?communityCode=${c}`);
      expect(r.status, u).toBe(403);
      expect(r.body.error.code).toBe('AUTH.FORBIDDEN');
    }
    expect((await api(h, 'h.st-110109002', 'GET', `/api/buildings?communityCode=${ref.communities(STREET_B)[0]}`)).status).toBe(200);
    expect((await api(h, 'admin', 'GET', '/api/buildings?communityCode=110105001001')).status).toBe(404);
    expect((await h.api(null, 'GET', `/api/buildings?communityCode=${c}`)).status).toBe(401);
  });

  it('shows the board to anyone without a login', async () => {
    const code = `B${ref.communities(STREET_A)[0]}-3-2`;
    const r = await h.api(null, 'GET', `/api/public/boards/${code}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code, name: '3号楼2单元', streetCode: STREET_A, streetName: '大峪街道', requestPath: `/m?building=${code}` });
    expect(r.body.conventions).toMatch(/居民公约|邻里/);
    expect(r.body.responsiblePersons[0]).toMatchObject({ role: '楼门长', phone: expect.stringMatching(/^1\d{10}$/) });
  });
});
