/**
 * Real images made in the tests: a PNG encoded here (IHDR, one zlib IDAT, IEND, with CRCs), a JPEG
 * (8×8, as Chromium's canvas encodes it), a 1×1 lossless WebP, the metadata a phone or an editor adds
 * to them (EXIF with GPS, XMP, comments, PNG text chunks, WebP EXIF/XMP chunks), and
 * multipart/form-data bodies to upload them.
 */
import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data, CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG of one colour with a lighter square in the middle. */
export function pngImage(width = 16, height = 16, rgb: [number, number, number] = [196, 29, 29]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const inner = x >= width / 4 && x < (3 * width) / 4 && y >= height / 4 && y < (3 * height) / 4;
      row.set(inner ? [255, 255, 255] : rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** An 8×8 JPEG (red with a white square), as Chromium's canvas.toDataURL('image/jpeg') wrote it. */
export const JPEG_8X8 = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAdEAABAgcAAAAAAAAAAAAAAAAAERcmM1Nmg5Pw/8QAFQEBAQAAAAAAAAAAAAAAAAAABQf/xAAfEQACAAUFAAAAAAAAAAAAAAABEQACAxIhEyJBUWH/2gAMAwEAAhEDEQA/AIQS115Z6+uXygABmmuWIrNGjpXbiWSclp8DzoR//9k=',
  'base64',
);

/** Where the fake phone was: 39°56'24.36"N 116°6'7.56"E (Mentougou). */
export const GPS_SPOT = { latitude: [39, 56, 24.36], longitude: [116, 6, 7.56] } as const;

/**
 * The payload of an EXIF APP1 segment (`Exif\0\0` + TIFF) as a phone writes it: IFD0 with Make,
 * Model, Orientation and a pointer to a GPS IFD holding latitude and longitude (with their refs).
 */
export function exifPayload(opts: { orientation?: number; littleEndian?: boolean; make?: string } = {}): Buffer {
  const { orientation = 6, littleEndian = true, make = 'Apple' } = opts;
  const le = littleEndian;
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    return b;
  };
  const rationals = (dms: readonly number[]) => Buffer.concat(dms.flatMap((v) => [u32(Math.round(v * 100)), u32(100)]));
  // Layout: header (8) | IFD0: 4 entries (2 + 48 + 4) | GPS IFD: 4 entries (2 + 48 + 4) | data area.
  const ifd0At = 8;
  const gpsAt = ifd0At + 2 + 4 * 12 + 4;
  let dataAt = gpsAt + 2 + 4 * 12 + 4;
  const data: Buffer[] = [];
  const put = (b: Buffer) => {
    const at = dataAt;
    data.push(b);
    dataAt += b.length;
    return at;
  };
  const entry = (tag: number, type: number, count: number, value: Buffer) =>
    Buffer.concat([u16(tag), u16(type), u32(count), value.length <= 4 ? Buffer.concat([value, Buffer.alloc(4 - value.length)]) : u32(put(value))]);
  const makeBytes = Buffer.from(`${make}\0`, 'ascii');
  const model = Buffer.from('iPhone 15 Pro SN-F2LXK0ABCDEF\0', 'ascii');
  const ifd0 = Buffer.concat([
    u16(4),
    entry(0x010f, 2, makeBytes.length, makeBytes),
    entry(0x0110, 2, model.length, model),
    entry(0x0112, 3, 1, u16(orientation)),
    entry(0x8825, 4, 1, u32(gpsAt)),
    u32(0),
  ]);
  const gps = Buffer.concat([
    u16(4),
    entry(0x0001, 2, 2, Buffer.from('N\0')),
    entry(0x0002, 5, 3, rationals(GPS_SPOT.latitude)),
    entry(0x0003, 2, 2, Buffer.from('E\0')),
    entry(0x0004, 5, 3, rationals(GPS_SPOT.longitude)),
    u32(0),
  ]);
  const header = Buffer.concat([Buffer.from(le ? 'II' : 'MM', 'ascii'), u16(42), u32(ifd0At)]);
  return Buffer.concat([Buffer.from('Exif\0\0', 'binary'), header, ifd0, gps, ...data]);
}

/** An XMP packet (as an editor or a phone writes it), with a GPS position and a creator tool. */
export const XMP_PACKET = Buffer.from(
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="39,56.406N" exif:GPSLongitude="116,6.126E" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="XMP-Tool"/>' +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>',
  'utf8',
);

/** One JPEG segment: FF, marker, length (payload + 2), payload. */
export function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

export const exifSegment = (opts: Parameters<typeof exifPayload>[0] = {}) => jpegSegment(0xe1, exifPayload(opts));
export const xmpSegment = () => jpegSegment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'ascii'), XMP_PACKET]));
export const comSegment = (text = 'Taken at home, Building 12, Xinqiao St') => jpegSegment(0xfe, Buffer.from(text, 'utf8'));

/** A JPEG with segments inserted after SOI (a phone puts its EXIF APP1 there), and optional bytes after EOI. */
export function jpegWith(segments: readonly Buffer[], opts: { base?: Buffer; trailer?: Buffer } = {}): Buffer {
  const base = opts.base ?? JPEG_8X8;
  return Buffer.concat([base.subarray(0, 2), ...segments, base.subarray(2), opts.trailer ?? Buffer.alloc(0)]);
}

/** A PNG with extra chunks inserted after IHDR (which ends at byte 8 + 25). */
export function pngWith(chunks: readonly Buffer[], base: Buffer = pngImage()): Buffer {
  return Buffer.concat([base.subarray(0, 33), ...chunks, base.subarray(33)]);
}

/** PNG text chunks as cameras and editors write them, and an eXIf chunk (raw TIFF, no `Exif\0\0`). */
export const pngMetadataChunks = (): Buffer[] => [
  pngChunk('tEXt', Buffer.from('Comment\0GPS 39.9401,116.1021 at home', 'latin1')),
  pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), XMP_PACKET])),
  pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0', 'latin1'), deflateSync(Buffer.from('Requester Zhang'))])),
  pngChunk('tIME', Buffer.from([0x07, 0xea, 11, 22, 8, 30, 0])),
  pngChunk('eXIf', exifPayload().subarray(6)),
];

/** One RIFF chunk: FourCC, little-endian size, data, a pad byte when the size is odd. */
export function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'ascii');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
}

/** A RIFF/WEBP file of the given chunks, with its size. */
export function webpOf(chunks: readonly Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WEBP', 'ascii'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * The VP8L bitstream of a 1×1 lossless image: signature 0x2F, 14-bit width−1 and height−1 (0, 0),
 * alpha hint, version 0, then one pixel coded with simple prefix codes.
 */
export const VP8L_1X1 = Buffer.from([0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07]);

/** A simple (lossless) WebP: one VP8L chunk. */
export const WEBP_1X1 = webpOf([riffChunk('VP8L', VP8L_1X1)]);

/**
 * An extended WebP (VP8X: canvas 1×1, the alpha flag, and the EXIF/XMP flags when those chunks are
 * present) with the 1×1 VP8L image, and EXIF and XMP chunks after it, as the container spec orders them.
 */
export function webpExtended(opts: { exif?: boolean; xmp?: boolean; extra?: Buffer[] } = {}): Buffer {
  const { exif = true, xmp = true } = opts;
  const vp8x = Buffer.alloc(10); // flags, 3 reserved, canvas width−1 (24 bits), height−1 (24 bits)
  vp8x[0] = 0x10 | (exif ? 0x08 : 0) | (xmp ? 0x04 : 0);
  return webpOf([
    riffChunk('VP8X', vp8x),
    riffChunk('VP8L', VP8L_1X1),
    ...(opts.extra ?? []),
    ...(exif ? [riffChunk('EXIF', exifPayload().subarray(6))] : []),
    ...(xmp ? [riffChunk('XMP ', XMP_PACKET)] : []),
  ]);
}

const BOUNDARY = '----jiesu-test-boundary-7f3a';

/** A multipart/form-data body with one file part, and its content-type header. */
export function multipartFile(
  bytes: Buffer,
  opts: { field?: string; filename?: string; contentType?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const { field = 'file', filename = 'photo.png', contentType = 'image/png' } = opts;
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}
