import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comSegment,
  exifPayload,
  exifSegment,
  JPEG_8X8,
  jpegSegment,
  jpegWith,
  pngChunk,
  pngImage,
  pngMetadataChunks,
  pngWith,
  riffChunk,
  VP8L_1X1,
  WEBP_1X1,
  webpExtended,
  webpOf,
  xmpSegment,
} from '../../../test/support/images.ts';
import { detectImageType } from './image-sanitize.ts';
import { AppError } from '../errors.ts';
import { exifOrientation, orientationExif, sanitizeImage, type SanitizableImageType } from './image-sanitize.ts';

const clean = (bytes: Uint8Array, type: SanitizableImageType) => Buffer.from(sanitizeImage(bytes, type));
const has = (bytes: Uint8Array, text: string | Buffer) => Buffer.from(bytes).includes(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);

/** The code of what `f` throws, or 'returned'. */
function outcome(f: () => unknown): string {
  try {
    f();
    return 'returned';
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
}

/** The latitude 39°56'24.36" as the EXIF rationals store it (little-endian, ×100). */
const latitudeBytes = Buffer.concat(
  [3900, 100, 5600, 100].map((v) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    return b;
  }),
);

describe('JPEG', () => {
  const phone = jpegWith([exifSegment({ orientation: 6 }), xmpSegment(), comSegment()], { trailer: Buffer.from('SEFHmaker-data GPS 39.94 116.10') });

  it('drops EXIF (GPS, device), XMP, comments and what follows EOI; the image segments stay byte-identical', () => {
    expect(has(phone, 'Apple') && has(phone, latitudeBytes) && has(phone, 'GPSLatitude') && has(phone, 'Taken at home')).toBe(true);
    const out = clean(phone, 'image/jpeg');
    for (const text of ['Apple', 'iPhone', 'SN-F2LX', 'GPS', 'XMP', 'xap/1.0', 'Taken at home', 'SEFH', latitudeBytes])
      expect(has(out, text), String(text)).toBe(false);
    // What is left is exactly the canvas JPEG with one minimal EXIF (Orientation only) after SOI.
    expect(out.equals(jpegWith([jpegSegment(0xe1, Buffer.from(orientationExif(6)))]))).toBe(true);
    const dqt = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xdb])));
    expect(dqt(out).equals(dqt(JPEG_8X8))).toBe(true);
    expect(out.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(detectImageType(out)).toBe('image/jpeg');
  });

  it('keeps the orientation in a minimal EXIF: one IFD entry, read back the same in either byte order', () => {
    for (const [orientation, littleEndian] of [
      [6, true],
      [8, false],
      [3, true],
    ] as const) {
      const out = clean(jpegWith([exifSegment({ orientation, littleEndian })]), 'image/jpeg');
      const app1 = out.subarray(2, 2 + 36);
      expect(app1.subarray(0, 2).equals(Buffer.from([0xff, 0xe1]))).toBe(true);
      expect(app1.readUInt16BE(2)).toBe(34); // Exif\0\0 + TIFF header 8 + count 2 + one entry 12 + next IFD 4, + 2
      expect(exifOrientation(app1.subarray(10))).toBe(orientation);
      expect(exifOrientation(exifPayload({ orientation, littleEndian }).subarray(6))).toBe(orientation);
    }
    // Upright (1), no orientation, or unreadable EXIF: no EXIF at all.
    expect(has(clean(jpegWith([exifSegment({ orientation: 1 })]), 'image/jpeg'), 'Exif')).toBe(false);
    expect(has(clean(jpegWith([jpegSegment(0xe1, Buffer.from('Exif\0\0MM\0*garbage'))]), 'image/jpeg'), 'Exif')).toBe(false);
    expect(clean(jpegWith([jpegSegment(0xe1, Buffer.from('Exif\0\0MM\0*garbage'))]), 'image/jpeg').equals(JPEG_8X8)).toBe(true);
  });

  it('leaves a canvas JPEG (JFIF, ICC profile) untouched, drops other APPn and removes a JFIF thumbnail', () => {
    expect(clean(JPEG_8X8, 'image/jpeg').equals(JPEG_8X8)).toBe(true);
    const extras = [
      jpegSegment(0xed, Buffer.from('Photoshop 3.0\x008BIM IPTC city=Beijing')),
      jpegSegment(0xe3, Buffer.from('meta')),
      jpegSegment(0xe2, Buffer.from('MPF\0II*\0')),
    ];
    expect(clean(jpegWith(extras), 'image/jpeg').equals(JPEG_8X8)).toBe(true);
    const jfifWithThumb = jpegSegment(0xe0, Buffer.concat([Buffer.from('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 1, 1]), Buffer.from([0xaa, 0xbb, 0xcc])]));
    const out = clean(Buffer.concat([JPEG_8X8.subarray(0, 2), jfifWithThumb, JPEG_8X8.subarray(20)]), 'image/jpeg');
    expect(out.equals(JPEG_8X8)).toBe(true);
    const adobe = jpegSegment(0xee, Buffer.from([...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 1]));
    expect(clean(jpegWith([adobe]), 'image/jpeg').includes(adobe)).toBe(true);
  });

  it('refuses what it cannot walk to the image data and its end', () => {
    const sos = JPEG_8X8.indexOf(Buffer.from([0xff, 0xda]));
    const sof = JPEG_8X8.indexOf(Buffer.from([0xff, 0xc0]));
    const cases: Record<string, Buffer> = {
      'cut in the scan': JPEG_8X8.subarray(0, JPEG_8X8.length - 10),
      'no EOI': JPEG_8X8.subarray(0, JPEG_8X8.length - 2),
      'cut in a segment': JPEG_8X8.subarray(0, 30),
      'length past the end': Buffer.concat([JPEG_8X8.subarray(0, 2), Buffer.from([0xff, 0xe1, 0xff, 0xf0]), Buffer.from('Exif\0\0')]),
      'no scan': Buffer.concat([JPEG_8X8.subarray(0, sos), Buffer.from([0xff, 0xd9])]),
      'scan before frame': Buffer.concat([JPEG_8X8.subarray(0, sof), JPEG_8X8.subarray(sos)]),
      'bytes where a marker belongs': Buffer.concat([JPEG_8X8.subarray(0, 2), Buffer.from('hello'), JPEG_8X8.subarray(2)]),
      'SOI only': Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    };
    for (const [name, bytes] of Object.entries(cases))
      expect(
        outcome(() => sanitizeImage(bytes, 'image/jpeg')),
        name,
      ).toBe('ATTACHMENT.MALFORMED_IMAGE');
  });
});

describe('PNG', () => {
  it('drops tEXt, iTXt, zTXt, tIME and eXIf; keeps the chunks that affect display; the result equals the plain PNG', () => {
    const meta = pngWith(pngMetadataChunks());
    expect(has(meta, 'tEXt') && has(meta, 'eXIf') && has(meta, 'GPS')).toBe(true);
    const out = clean(meta, 'image/png');
    for (const text of ['tEXt', 'iTXt', 'zTXt', 'tIME', 'eXIf', 'GPS', 'XMP', 'Apple', latitudeBytes]) expect(has(out, text), String(text)).toBe(false);
    expect(out.equals(pngImage())).toBe(true);
    expect(detectImageType(out)).toBe('image/png');

    const display = [
      pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
      pngChunk('sRGB', Buffer.from([0])),
      pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    ];
    const withDisplay = pngWith(display);
    expect(clean(pngWith([...display, ...pngMetadataChunks(), pngChunk('bKGD', Buffer.from([0, 0, 0, 0, 0, 0]))]), 'image/png').equals(withDisplay)).toBe(true);
    // After IEND nothing survives.
    expect(clean(Buffer.concat([pngImage(), Buffer.from('trailing GPS 39.94,116.10')]), 'image/png').equals(pngImage())).toBe(true);
  });

  it('refuses a bad CRC in a kept chunk, a missing IEND, a truncated chunk and an unknown critical chunk', () => {
    const png = pngImage();
    const badCrc = Buffer.from(png);
    badCrc[40] = badCrc[40]! ^ 0xff; // inside IDAT
    const cases: Record<string, Buffer> = {
      'bad IDAT CRC': badCrc,
      'no IEND': png.subarray(0, png.length - 12),
      truncated: png.subarray(0, png.length - 20),
      'critical chunk': pngWith([pngChunk('CgBI', Buffer.from([0, 0, 0, 0]))]),
      'no IDAT': Buffer.concat([png.subarray(0, 33), png.subarray(png.length - 12)]),
      'IHDR not first': Buffer.concat([png.subarray(0, 8), pngChunk('tEXt', Buffer.from('a\0b')), png.subarray(8)]),
    };
    for (const [name, bytes] of Object.entries(cases))
      expect(
        outcome(() => sanitizeImage(bytes, 'image/png')),
        name,
      ).toBe('ATTACHMENT.MALFORMED_IMAGE');
    // A corrupt chunk that is dropped anyway does not matter.
    const badText = pngChunk('tEXt', Buffer.from('Comment\0x'));
    badText[badText.length - 1] = badText[badText.length - 1]! ^ 1;
    expect(clean(pngWith([badText]), 'image/png').equals(png)).toBe(true);
  });
});

describe('WebP', () => {
  it('drops the EXIF and XMP chunks of an extended WebP, clears their flags and fixes the RIFF size', () => {
    const withMeta = webpExtended({ extra: [riffChunk('ZZZZ', Buffer.from('unknown'))] });
    expect(withMeta[20]).toBe(0x10 | 0x08 | 0x04);
    const out = clean(withMeta, 'image/webp');
    for (const text of ['EXIF', 'XMP', 'ZZZZ', 'Apple', 'GPS', latitudeBytes]) expect(has(out, text), String(text)).toBe(false);
    expect(out.equals(webpExtended({ exif: false, xmp: false }))).toBe(true);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out.subarray(12, 16).toString('latin1')).toBe('VP8X');
    expect(out[20]).toBe(0x10); // alpha stays, EXIF and XMP cleared
    expect(out.includes(VP8L_1X1)).toBe(true);
    expect(detectImageType(out)).toBe('image/webp');
  });

  it('keeps a simple WebP as it is (one image chunk) and refuses a broken one', () => {
    expect(clean(WEBP_1X1, 'image/webp').equals(WEBP_1X1)).toBe(true);
    const cases: Record<string, Buffer> = {
      truncated: WEBP_1X1.subarray(0, WEBP_1X1.length - 4),
      'chunk past RIFF end': webpOf([Buffer.concat([Buffer.from('VP8L'), Buffer.from([200, 0, 0, 0]), VP8L_1X1])]),
      'not VP8L data': webpOf([riffChunk('VP8L', Buffer.from('hello world'))]),
      'VP8X without image': webpOf([riffChunk('VP8X', Buffer.alloc(10)), riffChunk('EXIF', exifPayload().subarray(6))]),
      'unknown first chunk': webpOf([riffChunk('JUNK', Buffer.alloc(8)), riffChunk('VP8L', VP8L_1X1)]),
    };
    for (const [name, bytes] of Object.entries(cases))
      expect(
        outcome(() => sanitizeImage(bytes, 'image/webp')),
        name,
      ).toBe('ATTACHMENT.MALFORMED_IMAGE');
  });
});

describe('properties', () => {
  const samples: [SanitizableImageType, Buffer][] = [
    ['image/jpeg', jpegWith([exifSegment(), xmpSegment(), comSegment()])],
    ['image/jpeg', JPEG_8X8],
    ['image/png', pngWith(pngMetadataChunks())],
    ['image/webp', webpExtended()],
    ['image/webp', WEBP_1X1],
  ];
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  );
  type Mutation = { kind: string; at: number; bytes?: Uint8Array; value?: number; count?: number };
  function mutate(b: Buffer, m: Mutation): Buffer {
    const at = m.at % (b.length + 1);
    if (m.kind === 'truncate') return b.subarray(0, at);
    if (m.kind === 'insert') return Buffer.concat([b.subarray(0, at), m.bytes!, b.subarray(at)]);
    if (m.kind === 'delete') return Buffer.concat([b.subarray(0, at), b.subarray(at + m.count!)]);
    const c = Buffer.from(b);
    if (at < c.length) c[at] = m.value!;
    return c;
  }

  it('on damaged files it only ever refuses with ATTACHMENT.MALFORMED_IMAGE, and what it returns is a fixed point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: samples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (k, ms) => {
        const [type, base] = samples[k]!;
        const bytes = ms.reduce<Buffer>(mutate, base);
        let out: Uint8Array;
        try {
          out = sanitizeImage(bytes, type);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('ATTACHMENT.MALFORMED_IMAGE');
          return;
        }
        expect(Buffer.from(sanitizeImage(out, type)).equals(Buffer.from(out))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('sanitize(sanitize(x)) = sanitize(x) for the sample images', () => {
    for (const [type, base] of samples) {
      const once = sanitizeImage(base, type);
      expect(Buffer.from(sanitizeImage(once, type)).equals(Buffer.from(once))).toBe(true);
    }
  });

  it('inserting any dropped metadata gives the same bytes as the plain image (so uploads dedupe)', () => {
    const droppedMarker = fc.constantFrom(0xe1, 0xe3, 0xe4, 0xe9, 0xec, 0xed, 0xef, 0xfe);
    const anySegment = fc.tuple(droppedMarker, fc.uint8Array({ maxLength: 64 })).map(([m, p]) => jpegSegment(m, Buffer.from(p)));
    fc.assert(
      fc.property(fc.array(anySegment, { maxLength: 5 }), (segments) => {
        expect(clean(jpegWith(segments), 'image/jpeg').equals(JPEG_8X8)).toBe(true);
      }),
    );
    const lower = fc.integer({ min: 0x61, max: 0x7a });
    const letter = fc.oneof(lower, fc.integer({ min: 0x41, max: 0x5a }));
    const ancillary = fc
      .tuple(lower, letter, letter, letter, fc.uint8Array({ maxLength: 64 }))
      .filter(([a, b, c, d]) => !['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'pHYs'].includes(String.fromCharCode(a, b, c, d)))
      .map(([a, b, c, d, data]) => pngChunk(String.fromCharCode(a, b, c, d), Buffer.from(data)));
    fc.assert(
      fc.property(fc.array(ancillary, { maxLength: 5 }), (chunks) => {
        expect(clean(pngWith(chunks), 'image/png').equals(pngImage())).toBe(true);
      }),
    );
  });
});
