/**
 * 志愿服务时长证明: the certificate of service hours as a PDF, made on the server with pdfmake (pdfkit,
 * fontkit) in a Chinese font found on the machine. pdfmake reads a TrueType collection (.ttc) given as
 * `[file, PostScript name]`, so the WenQuanYi Micro Hei that Debian's `fonts-wqy-microhei` installs
 * (`/usr/share/fonts/truetype/wqy/wqy-microhei.ttc`, the package CI installs) is used as it is; the
 * glyphs used are embedded as a subset (a certificate is about 10 KB). Noto Sans CJK (CFF outlines in a
 * .ttc) is the last choice: older fontkit releases failed on CFF collections. With none of them the
 * certificate is refused with CERTIFICATE.FONT_MISSING (503), never drawn without its Chinese text.
 * The font file is read once per process, on the first certificate, and kept in memory.
 */
// The declaration of pdfmake must reach every program that compiles this file (e2e/tsconfig.json
// includes only e2e/ and follows imports), and a file of ambient declarations cannot be imported.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pdfmake.d.ts" />
import fs from 'node:fs';
import pdfmake, { type DocumentDefinition, type FontSource } from 'pdfmake';
import { AppError } from '../../platform/errors.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { hoursOf } from './activities.domain.ts';

/** Where Debian/Ubuntu packages put CJK fonts, in order of preference: file and PostScript name. */
export const CJK_FONT_CANDIDATES: readonly (readonly [string, string])[] = [
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', ''],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
];

/** The name the font's bytes have in pdfmake's in-memory file system. */
const FONT_IN_MEMORY = 'jiesu-certificate-cjk-font';

/** The font found, read once per process on the first certificate (the collection is 5 MB); null: none. */
let loaded: { file: string; postscriptName: string } | null | undefined;

/**
 * The font file in use (null: none found). The first call reads the file into pdfmake's in-memory file
 * system; every certificate after that takes the bytes from memory, and pdfmake reads nothing from disk
 * or the network (the document is ours, built from the database).
 */
export function certificateFont(): string | null {
  if (loaded !== undefined) return loaded?.file ?? null;
  const found = CJK_FONT_CANDIDATES.find(([file]) => fs.existsSync(file));
  if (found === undefined) return (loaded = null);
  pdfmake.virtualfs.writeFileSync(FONT_IN_MEMORY, fs.readFileSync(found[0]));
  pdfmake.setLocalAccessPolicy(() => false);
  pdfmake.setUrlAccessPolicy(() => false);
  loaded = { file: found[0], postscriptName: found[1] };
  return loaded.file;
}

/**
 * pdfmake's font table for one document. Fresh for every document: pdfmake replaces the name in a
 * collection's `[name, PostScript name]` by the bytes it read, in the very array it was given.
 */
function fontsFor(font: { postscriptName: string }) {
  const source = (): FontSource => (font.postscriptName ? [FONT_IN_MEMORY, font.postscriptName] : FONT_IN_MEMORY);
  return { CJK: { normal: source(), bold: source() } };
}

export interface CertificateInput {
  name: string;
  year: string;
  totalMinutes: number;
  records: { servedOn: string; activityTitle: string; organiserName: string; minutes: number; kind: string }[];
  issuer: string;
  issuedOn: Date;
  number: string;
}

const KIND_LABEL: Record<string, string> = { check_in: '扫码签到', manual: '补录', correction: '更正' };

/** The certificate's document: title, the statement of hours, the records of the year, the issuer. */
export function certificateDocument(c: CertificateInput): DocumentDefinition {
  const [y, m, d] = localDate(c.issuedOn).split('-');
  const rows: string[][] = c.records.map((r) => [r.servedOn, r.activityTitle, r.organiserName, KIND_LABEL[r.kind] ?? r.kind, hoursOf(r.minutes).toFixed(1)]);
  return {
    info: { title: `志愿服务时长证明 ${c.name} ${c.year}`, creator: 'Jiesu 接诉' },
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: 'CJK', fontSize: 11, lineHeight: 1.4 },
    content: [
      { text: '志愿服务时长证明', fontSize: 24, alignment: 'center', margin: [0, 0, 0, 4] },
      { text: 'Certificate of Volunteer Service Hours', fontSize: 11, alignment: 'center', color: '#555555', margin: [0, 0, 0, 24] },
      { text: `证明编号 No. ${c.number}`, fontSize: 9, alignment: 'right', margin: [0, 0, 0, 12] },
      {
        text: [
          '兹证明 ',
          { text: c.name, fontSize: 14 },
          ` 同志于 ${c.year} 年参加志愿服务活动，经组织单位确认，累计志愿服务时长 `,
          { text: hoursOf(c.totalMinutes).toFixed(1), fontSize: 14 },
          ' 小时。',
        ],
        margin: [0, 0, 0, 8],
      },
      {
        text: `This certifies that ${c.name} served ${hoursOf(c.totalMinutes).toFixed(1)} hours as a volunteer in ${c.year}.`,
        color: '#555555',
        margin: [0, 0, 0, 16],
      },
      {
        table: {
          headerRows: 1,
          widths: [70, '*', 110, 50, 40],
          body: [['日期', '活动', '组织单位', '方式', '小时'], ...(rows.length ? rows : [['—', '本年度暂无记录', '', '', '0.0']])],
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
      },
      { text: '特此证明。', margin: [0, 24, 0, 24] },
      { text: c.issuer, alignment: 'right' },
      { text: `${y} 年 ${Number(m)} 月 ${Number(d)} 日`, alignment: 'right' },
    ],
  };
}

/** The certificate as PDF bytes. */
export async function renderCertificate(c: CertificateInput): Promise<Buffer> {
  if (certificateFont() === null || !loaded)
    throw new AppError(
      'CERTIFICATE.FONT_MISSING',
      `No Chinese font found (looked for ${CJK_FONT_CANDIDATES.map(([f]) => f).join(', ')}); install fonts-wqy-microhei`,
    );
  // createPdf takes the font table at once (synchronously), so concurrent certificates each keep their own.
  pdfmake.setFonts(fontsFor(loaded));
  return pdfmake.createPdf(certificateDocument(c)).getBuffer();
}
