import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CJK_FONT_CANDIDATES, certificateFont, renderCertificate, type CertificateInput } from './certificate.ts';

const haveFont = CJK_FONT_CANDIDATES.some(([f]) => fs.existsSync(f));

const input = (name: string): CertificateInput => ({
  name,
  year: '2026',
  totalMinutes: 150,
  records: [{ servedOn: '2026-03-03', activityTitle: '社区环境清洁', organiserName: '城子街道', minutes: 150, kind: 'manual' }],
  issuer: '门头沟区新时代文明实践中心',
  issuedOn: new Date('2026-04-01T10:00:00+08:00'),
  number: 'T-1',
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the certificate’s font', () => {
  it.skipIf(!haveFont)('is read from disk once per process, however many certificates are made, also at once', async () => {
    const reads = vi.spyOn(fs, 'readFileSync');
    const pdfs = await Promise.all([renderCertificate(input('王志愿')), renderCertificate(input('李志愿'))]);
    pdfs.push(await renderCertificate(input('张志愿')));
    const font = certificateFont()!;
    expect(reads.mock.calls.filter(([file]) => file === font)).toHaveLength(1);
    for (const pdf of pdfs) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // The subset embedded: the font is really in each document.
      expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+\w+/);
    }
  });
});
