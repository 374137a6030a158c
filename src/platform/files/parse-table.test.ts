import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, ImportFileError, parseCsv, parseTable, splitCsv } from './parse-table.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('CSV parsing', () => {
  it('reads RFC 4180: quoted commas, doubled quotes, multi-line cells, CRLF and a BOM', () => {
    const t = parseCsv(enc('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"line1\nline2",z\r\n'));
    expect(t.headers).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: { a: 'x, y', b: 'say "hi"' } },
      { rowNumber: 3, cells: { a: 'line1\nline2', b: 'z' } },
    ]);
    expect(t.problems).toEqual([]);
  });

  it('rejects ragged rows and bad quotes with reasons, keeping the good rows', () => {
    const t = parseCsv(enc('a,b\n1,2\n1,2,3\n1"x,2\n"open,2\n'));
    expect(t.rows.map((r) => r.rowNumber)).toEqual([2]);
    expect(t.problems).toEqual([
      { rowNumber: 3, reason: 'RAGGED_ROW' },
      { rowNumber: 4, reason: 'BAD_QUOTE' },
      { rowNumber: 5, reason: 'UNTERMINATED_QUOTE' },
    ]);
  });

  it('decodes GBK when the bytes are not valid UTF-8 (round trip)', () => {
    // "来源,内容\n大数据,占道经营" in GBK
    const gbk = Uint8Array.from([
      0xc0, 0xb4, 0xd4, 0xb4, 0x2c, 0xc4, 0xda, 0xc8, 0xdd, 0x0a, 0xb4, 0xf3, 0xca, 0xfd, 0xbe, 0xdd, 0x2c, 0xd5, 0xbc, 0xb5, 0xc0, 0xbe, 0xad, 0xd3, 0xaa,
    ]);
    expect(new TextDecoder('gbk').decode(gbk)).toBe('来源,内容\n大数据,占道经营');
    const t = parseCsv(gbk);
    expect(t.encoding).toBe('gbk');
    expect(t.rows[0]!.cells).toEqual({ 来源: '大数据', 内容: '占道经营' });
    expect(decodeText(enc('来源')).encoding).toBe('utf-8');
  });

  it('refuses empty, binary and oversized files with a stable code', async () => {
    await expect(parseTable(new Uint8Array())).rejects.toMatchObject({ code: 'IMPORT.EMPTY_FILE' });
    await expect(parseTable(Uint8Array.from([0, 1, 2, 0]))).rejects.toMatchObject({ code: 'IMPORT.UNREADABLE_FILE' });
    await expect(parseTable(Uint8Array.from([0x50, 0x4b, 3, 4, 9, 9]))).rejects.toMatchObject({ code: 'IMPORT.UNREADABLE_FILE' });
    expect(() => parseCsv(new Uint8Array(50 * 1024 * 1024 + 1))).toThrow(ImportFileError);
  });

  it('never throws anything but ImportFileError on random bytes or strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 }).map(enc)), async (bytes) => {
        try {
          const t = await parseTable(bytes);
          for (const r of t.rows) expect(Object.keys(r.cells).length).toBeLessThanOrEqual(t.headers.length);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportFileError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any table of strings written with RFC 4180 quoting', () => {
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 2 }), { maxLength: 10 }), (table) => {
        const text = table.map((r) => r.map(quote).join(',')).join('\r\n');
        expect(splitCsv(text).map((r) => r.fields)).toEqual(table);
      }),
    );
  });
});
