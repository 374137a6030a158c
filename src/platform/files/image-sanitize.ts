/**
 * Strips an uploaded photo down to what is needed to display it: bytes in, bytes out, no I/O, no
 * decoding of the pixels. A phone photo carries EXIF (the GPS position where it was taken — often the
 * requester's home — the time, the device and its serial number, a thumbnail of the unedited picture),
 * XMP, IPTC and comments; none of it is needed to show the photo, so none of it is stored.
 *
 * The file's structure is walked and rewritten; the compressed image data is copied byte for byte.
 * - JPEG: kept are SOI, DQT, DHT, DAC, SOFn, DRI, DNL, DHP/EXP, SOS with its entropy-coded data, EOI,
 *   APP0 JFIF (its embedded thumbnail removed), APP2 ICC_PROFILE (colours) and APP14 Adobe (12 bytes:
 *   whether the data is YCbCr or RGB/CMYK — without it such files show wrong colours). Dropped: APP1
 *   (EXIF, XMP), APP13 (IPTC/Photoshop), every other APPn, COM and unknown markers, and anything after
 *   EOI (where phones append extra pictures and maker data).
 *   Orientation: a phone stores a photo taken sideways as sensor pixels plus the EXIF Orientation tag,
 *   and browsers rotate by it. Dropping EXIF whole would show such photos on their side, so when the
 *   EXIF says 2–8 a minimal EXIF APP1 is written in its place holding only that one tag (one IFD entry,
 *   nothing else).
 * - PNG: kept are IHDR, PLTE, IDAT, IEND, tRNS, gAMA, cHRM, sRGB, iCCP, pHYs, with their CRCs checked;
 *   dropped are tEXt, zTXt, iTXt, eXIf, tIME and every other ancillary chunk (animation chunks too: an
 *   APNG becomes its still default image). An unknown critical chunk refuses the file (a decoder must
 *   not display it).
 * - WebP: a simple file (VP8 or VP8L) keeps only its image chunk; an extended one (VP8X) keeps VP8X,
 *   ICCP, ANIM, ANMF, ALPH, VP8, VP8L, drops EXIF, XMP and unknown chunks, clears the EXIF and XMP
 *   flags in VP8X, and gets a new RIFF size.
 *
 * Anything malformed — a truncated segment, a length past the end, a missing EOI or IEND, a bad CRC,
 * no image data — is refused with `ATTACHMENT.MALFORMED_IMAGE`; nothing is guessed or repaired. The
 * output of a sanitized file is itself a fixed point: sanitizing it again gives the same bytes.
 */
import { AppError } from '../errors.ts';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

const hasBytesAt = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

/**
 * The image type by magic number, or null: JPEG `FF D8 FF`; PNG `89 50 4E 47 0D 0A 1A 0A` followed by
 * an IHDR chunk; WebP `RIFF` <size> `WEBP` with a VP8/VP8L/VP8X chunk.
 */
export function detectImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 4 && hasBytesAt(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 16 && hasBytesAt(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && hasBytesAt(bytes, [0x49, 0x48, 0x44, 0x52], 12))
    return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 16 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP' && /^VP8[ LX]$/.test(ascii(12, 16))) return 'image/webp';
  return null;
}

export type SanitizableImageType = ImageType;

/** The one error this module throws (a 422). */
export const malformedImage = (why: string) =>
  new AppError('ATTACHMENT.MALFORMED_IMAGE', `图片文件已损坏或不完整 The image file is damaged or incomplete (${why})`, { reason: why });

/** Returns the image rewritten without its metadata; throws `malformedImage` for a file it cannot walk. */
export function sanitizeImage(bytes: Uint8Array, type: SanitizableImageType): Uint8Array {
  switch (type) {
    case 'image/jpeg':
      return sanitizeJpeg(bytes);
    case 'image/png':
      return sanitizePng(bytes);
    case 'image/webp':
      return sanitizeWebp(bytes);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const startsWith = (b: Uint8Array, prefix: Uint8Array) => b.length >= prefix.length && prefix.every((v, k) => b[k] === v);

// ---------------------------------------------------------------------------------------------- JPEG

const JFIF = ascii('JFIF\0');
const EXIF = ascii('Exif\0\0');
const ICC_PROFILE = ascii('ICC_PROFILE\0');
const ADOBE = ascii('Adobe');

/** Frame headers (SOF0–15 without DHT C4, JPG C8 and DAC CC). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Tables and other segments that decoding needs: DHT, DAC, DQT, DNL, DRI, DHP, EXP. */
const DECODING = new Set([0xc4, 0xcc, 0xdb, 0xdc, 0xdd, 0xde, 0xdf]);

const segment = (marker: number, payload: Uint8Array) => concat([Uint8Array.of(0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff), payload]);

function sanitizeJpeg(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw malformedImage('JPEG without SOI');
  const out: Uint8Array[] = [Uint8Array.of(0xff, 0xd8)];
  let i = 2;
  let frame = false;
  let scans = 0;
  let orientationKept = false;
  for (;;) {
    if (i >= b.length) throw malformedImage('JPEG without EOI');
    if (b[i] !== 0xff) throw malformedImage(`JPEG: no marker at byte ${i}`);
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) throw malformedImage('JPEG without EOI');
    const m = b[i++]!;
    if (m === 0xd9) {
      if (!frame || scans === 0) throw malformedImage('JPEG without image data');
      out.push(Uint8Array.of(0xff, 0xd9));
      return concat(out); // anything after EOI is dropped
    }
    if (m === 0x01) continue; // TEM: standalone, meaningless
    if (m === 0x00 || m === 0xd8 || (m >= 0xd0 && m <= 0xd7)) throw malformedImage(`JPEG: unexpected marker ${m.toString(16)}`);
    if (i + 2 > b.length) throw malformedImage('JPEG: truncated segment');
    const length = (b[i]! << 8) | b[i + 1]!;
    if (length < 2 || i + length > b.length) throw malformedImage('JPEG: segment length past the end');
    const payload = b.subarray(i + 2, i + length);
    i += length;
    if (isSof(m)) {
      frame = true;
      out.push(segment(m, payload));
    } else if (DECODING.has(m)) {
      out.push(segment(m, payload));
    } else if (m === 0xda) {
      if (!frame) throw malformedImage('JPEG: scan before the frame header');
      // The entropy-coded data runs to the next marker that is not a stuffed 00 or a restart marker.
      let j = i;
      for (;;) {
        if (j + 1 >= b.length) throw malformedImage('JPEG: truncated scan data');
        if (b[j] !== 0xff) j++;
        else if (b[j + 1] === 0x00 || (b[j + 1]! >= 0xd0 && b[j + 1]! <= 0xd7)) j += 2;
        else if (b[j + 1] === 0xff) j++;
        else break;
      }
      out.push(segment(m, payload), b.subarray(i, j));
      i = j;
      scans++;
    } else if (m === 0xe0 && startsWith(payload, JFIF) && payload.length >= 14) {
      // Version, density units and density; the thumbnail (its size at bytes 12–13) is left out.
      out.push(segment(m, concat([payload.subarray(0, 12), Uint8Array.of(0, 0)])));
    } else if (m === 0xe1 && startsWith(payload, EXIF) && !orientationKept) {
      const orientation = exifOrientation(payload.subarray(EXIF.length));
      if (orientation !== null && orientation !== 1) {
        out.push(segment(0xe1, orientationExif(orientation)));
        orientationKept = true;
      }
    } else if (m === 0xe2 && startsWith(payload, ICC_PROFILE)) {
      out.push(segment(m, payload));
    } else if (m === 0xee && startsWith(payload, ADOBE) && payload.length >= 12) {
      out.push(segment(m, payload.subarray(0, 12)));
    }
    // Everything else (other APP1, APP3–APP15, COM, JPGn, reserved markers) is dropped.
  }
}

/** The Orientation tag (0x0112) of IFD0 in an EXIF TIFF structure, 1–8, or null when absent or unreadable. */
export function exifOrientation(tiff: Uint8Array): number | null {
  if (tiff.length < 8) return null;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const u16 = (o: number) => (o + 2 > tiff.length ? null : little ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number) => {
    if (o + 4 > tiff.length) return null;
    const v = little
      ? tiff[o]! | (tiff[o + 1]! << 8) | (tiff[o + 2]! << 16) | (tiff[o + 3]! << 24)
      : (tiff[o]! << 24) | (tiff[o + 1]! << 16) | (tiff[o + 2]! << 8) | tiff[o + 3]!;
    return v >>> 0;
  };
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd === null) return null;
  const entries = u16(ifd);
  if (entries === null) return null;
  for (let k = 0; k < entries; k++) {
    const e = ifd + 2 + 12 * k;
    const tag = u16(e);
    if (tag === null || e + 12 > tiff.length) return null;
    if (tag !== 0x0112) continue;
    const value = u16(e + 8);
    return u16(e + 2) === 3 && u32(e + 4) === 1 && value !== null && value >= 1 && value <= 8 ? value : null;
  }
  return null;
}

/** An APP1 payload: `Exif\0\0`, a big-endian TIFF header, one IFD with only Orientation (SHORT), no next IFD. */
export function orientationExif(orientation: number): Uint8Array {
  return concat([
    EXIF,
    ascii('MM'),
    Uint8Array.of(0x00, 0x2a, 0, 0, 0, 8), // magic 42, IFD0 at offset 8
    Uint8Array.of(0, 1), // one entry
    Uint8Array.of(0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0), // Orientation, SHORT, count 1, value
    Uint8Array.of(0, 0, 0, 0), // no next IFD
  ]);
}

// ----------------------------------------------------------------------------------------------- PNG

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'pHYs']);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, as PNG uses it). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const v of data) c = CRC_TABLE[(c ^ v) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32be = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

function sanitizePng(b: Uint8Array): Uint8Array {
  if (!startsWith(b, PNG_SIGNATURE)) throw malformedImage('PNG without its signature');
  const out: Uint8Array[] = [PNG_SIGNATURE];
  let i = PNG_SIGNATURE.length;
  let data = false;
  for (let first = true; ; first = false) {
    if (i + 12 > b.length) throw malformedImage('PNG without IEND');
    const length = u32be(b, i);
    const end = i + 12 + length;
    if (length > 0x7fffffff || end > b.length) throw malformedImage('PNG: chunk length past the end');
    const typeBytes = b.subarray(i + 4, i + 8);
    if (!typeBytes.every((c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) throw malformedImage('PNG: bad chunk type');
    const type = String.fromCharCode(...typeBytes);
    if (first && (type !== 'IHDR' || length !== 13)) throw malformedImage('PNG: IHDR is not first');
    if (PNG_KEPT.has(type)) {
      if (crc32(b.subarray(i + 4, i + 8 + length)) !== u32be(b, i + 8 + length)) throw malformedImage(`PNG: bad CRC in ${type}`);
      out.push(b.subarray(i, end));
    } else if ((typeBytes[0]! & 0x20) === 0) {
      throw malformedImage(`PNG: unknown critical chunk ${type}`);
    }
    if (type === 'IDAT') data = true;
    i = end;
    if (type === 'IEND') {
      if (!data) throw malformedImage('PNG without image data');
      return concat(out); // anything after IEND is dropped
    }
  }
}

// ---------------------------------------------------------------------------------------------- WebP

const WEBP_KEPT = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
/** VP8X flags (first byte): ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02; the rest reserved (zero). */
const VP8X_ICC = 0x20;
const VP8X_KEPT_FLAGS = VP8X_ICC | 0x10 | 0x02;

const u32le = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const le32 = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);

interface RiffChunk {
  fourcc: string;
  data: Uint8Array;
}

function imagePayloadOk(c: RiffChunk): boolean {
  if (c.fourcc === 'VP8L') return c.data.length >= 5 && c.data[0] === 0x2f;
  if (c.fourcc === 'VP8 ') return c.data.length >= 10 && c.data[3] === 0x9d && c.data[4] === 0x01 && c.data[5] === 0x2a;
  return c.fourcc === 'ANMF' && c.data.length >= 16;
}

function riff(chunks: readonly RiffChunk[]): Uint8Array {
  const body = chunks.flatMap((c) => [ascii(c.fourcc), le32(c.data.length), c.data, c.data.length % 2 === 1 ? Uint8Array.of(0) : new Uint8Array(0)]);
  const payload = concat([ascii('WEBP'), ...body]);
  return concat([ascii('RIFF'), le32(payload.length), payload]);
}

function sanitizeWebp(b: Uint8Array): Uint8Array {
  if (b.length < 20 || !startsWith(b, ascii('RIFF')) || !startsWith(b.subarray(8), ascii('WEBP'))) throw malformedImage('WebP without its RIFF header');
  const end = 8 + u32le(b, 4);
  if (end > b.length || end < 20) throw malformedImage('WebP: RIFF size past the end');
  const chunks: RiffChunk[] = [];
  for (let i = 12; i < end;) {
    if (i + 8 > end) throw malformedImage('WebP: truncated chunk header');
    const fourcc = String.fromCharCode(...b.subarray(i, i + 4));
    const size = u32le(b, i + 4);
    const dataEnd = i + 8 + size;
    if (dataEnd > end) throw malformedImage(`WebP: chunk ${fourcc} past the end`);
    chunks.push({ fourcc, data: b.subarray(i + 8, dataEnd) });
    i = dataEnd + (size % 2); // the pad byte of an odd-sized chunk (absent at the very end is tolerated)
  }
  const first = chunks[0]!;
  if (first.fourcc === 'VP8 ' || first.fourcc === 'VP8L') {
    if (!imagePayloadOk(first)) throw malformedImage('WebP: bad image data');
    return riff([first]); // a simple file holds one image chunk and nothing else
  }
  if (first.fourcc !== 'VP8X' || first.data.length !== 10) throw malformedImage('WebP: unknown layout');
  const kept = chunks.slice(1).filter((c) => WEBP_KEPT.has(c.fourcc) && c.fourcc !== 'VP8X');
  if (!kept.some(imagePayloadOk)) throw malformedImage('WebP without image data');
  const vp8x = new Uint8Array(first.data); // a copy: the input is never modified
  vp8x[0] = vp8x[0]! & VP8X_KEPT_FLAGS & (kept.some((c) => c.fourcc === 'ICCP') ? 0xff : ~VP8X_ICC);
  vp8x[1] = vp8x[2] = vp8x[3] = 0; // reserved
  return riff([{ fourcc: 'VP8X', data: vp8x }, ...kept]);
}
