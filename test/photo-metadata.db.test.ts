/**
 * Photos lose their metadata on upload: a phone JPEG with EXIF (GPS position, device), XMP and a
 * comment is stored and served without them (only its orientation survives, in a minimal EXIF), both
 * from a signed-in user and from a requester on the public page; the same photo with different
 * metadata is stored once; a damaged file is refused and leaves nothing behind, neither a row nor a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../src/engine/auth.ts';
import { orientationExif } from '../src/platform/files/image-sanitize.ts';
import { attachments, tickets } from '../src/schema.ts';
import { expectErrorShape, nextAddress, send, type RawResponse } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, type Harness } from './support/harness.ts';
import {
  comSegment,
  exifSegment,
  JPEG_8X8,
  jpegSegment,
  jpegWith,
  multipartFile,
  pngMetadataChunks,
  pngImage,
  pngWith,
  webpExtended,
  xmpSegment,
} from './support/images.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

async function token(user: string): Promise<string> {
  return (await login(h.ctx, user, PASSWORD)).token;
}

async function upload(bytes: Buffer, user: string | null): Promise<RawResponse> {
  const body = multipartFile(bytes, { filename: 'IMG_4711.JPG', contentType: 'image/jpeg' });
  if (user === null) return send(h, { method: 'POST', url: '/api/public/attachments', ...body, remoteAddress: nextAddress() });
  return send(h, { method: 'POST', url: '/api/attachments', token: await token(user), ...body });
}

/** The served bytes, as the raw payload (not parsed as text). */
async function content(user: string, id: number): Promise<{ status: number; type: unknown; bytes: Buffer }> {
  const r = await h.app.inject({ method: 'GET', url: `/api/attachments/${id}/content`, headers: { authorization: `Bearer ${await token(user)}` } });
  return { status: r.statusCode, type: r.headers['content-type'], bytes: r.rawPayload };
}

/** Every file under the uploads directory. */
function storedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(h.ctx.uploadsDir);
  return out;
}
const rows = async () => (await h.ctx.database.db.select({ n: count() }).from(attachments))[0]!.n;

/** The marks of the metadata a phone leaves: EXIF device and GPS, XMP, comment, maker data after EOI. */
const LEAKS = ['Apple', 'iPhone', 'SN-F2LX', 'GPS', 'xap/1.0', 'Taken at home', 'SEFH'];
const phonePhoto = (make = 'Apple') =>
  jpegWith([exifSegment({ orientation: 6, make }), xmpSegment(), comSegment()], { trailer: Buffer.from('SEFH maker data GPS 39.94,116.10') });

describe(`photo metadata (${dbKind()})`, () => {
  it('stores and serves a phone JPEG without EXIF/GPS, XMP or comments, keeping only its orientation', async () => {
    const photo = phonePhoto();
    for (const leak of LEAKS) expect(photo.includes(leak), leak).toBe(true);
    const up = await upload(photo, 'street');
    expect(up.status, up.text).toBe(201);

    const served = await content('street', up.body.id);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/jpeg');
    expect(served.bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    for (const leak of LEAKS) expect(served.bytes.includes(leak), leak).toBe(false);
    // The one EXIF left is the 34-byte segment with the Orientation tag; the image data is the original's.
    expect(served.bytes.equals(jpegWith([jpegSegment(0xe1, Buffer.from(orientationExif(6)))]))).toBe(true);

    const row = (await h.ctx.database.db.select().from(attachments).where(eq(attachments.id, up.body.id)))[0]!;
    expect(row.size).toBe(served.bytes.length);
    expect(row.size).toBeLessThan(photo.length);
    // Nothing on disk holds the original.
    for (const file of storedFiles()) expect(fs.readFileSync(file).includes('GPS'), file).toBe(false);
  });

  it('a requester’s photo reaches the centre without metadata; the same photo with other metadata is stored once', async () => {
    const up = await upload(phonePhoto(), null);
    expect(up.status, up.text).toBe(201);
    const ref = await h.ctx.reference.get();
    const community = [...ref.divisionByCode.values()].find((d) => d.level === 'community')!;
    const r = await send(h, {
      method: 'POST',
      url: '/api/public/requests',
      remoteAddress: nextAddress(),
      payload: {
        content: '楼道里堆满杂物，存在消防隐患',
        communityCode: community.code,
        requesterName: '王小明',
        requesterPhone: '13900001111',
        attachmentIds: [up.body.id],
      },
    });
    expect(r.status, r.text).toBe(201);
    const ticketId = (await h.ctx.database.db.select().from(tickets).where(eq(tickets.number, r.body.number)))[0]!.id;
    const list = await send(h, { method: 'GET', url: `/api/tickets/${ticketId}/attachments`, token: await token('operator') });
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([up.body.id]);
    const served = await content('operator', up.body.id);
    expect(served.status).toBe(200);
    for (const leak of LEAKS) expect(served.bytes.includes(leak), leak).toBe(false);

    // Another camera's EXIF on the same picture: the same bytes once stripped, so the same stored file.
    const again = await upload(phonePhoto('HUAWEI'), 'street');
    expect(again.status, again.text).toBe(201);
    const [a, b] = await Promise.all(
      [up.body.id, again.body.id].map(async (id: number) => (await h.ctx.database.db.select().from(attachments).where(eq(attachments.id, id)))[0]!),
    );
    expect(a!.sha256).toBe(b!.sha256);
    expect(a!.storagePath).toBe(b!.storagePath);
  });

  it('strips PNG text chunks and WebP EXIF/XMP too', async () => {
    const png = await upload(pngWith(pngMetadataChunks()), 'street');
    expect(png.status, png.text).toBe(201);
    const servedPng = await content('street', png.body.id);
    expect(servedPng.type).toBe('image/png');
    expect(servedPng.bytes.equals(pngImage())).toBe(true);

    const webp = await upload(webpExtended(), 'street');
    expect(webp.status, webp.text).toBe(201);
    const servedWebp = await content('street', webp.body.id);
    expect(servedWebp.type).toBe('image/webp');
    for (const leak of ['EXIF', 'XMP', 'Apple', 'GPS']) expect(servedWebp.bytes.includes(leak), leak).toBe(false);
    expect(servedWebp.bytes.equals(webpExtended({ exif: false, xmp: false }))).toBe(true);
  });

  it('refuses a truncated or damaged JPEG (422) and stores nothing', async () => {
    const beforeRows = await rows();
    const beforeFiles = storedFiles().length;
    const truncated = phonePhoto().subarray(0, phonePhoto().length - 60);
    const noEoi = JPEG_8X8.subarray(0, JPEG_8X8.length - 2);
    const lengthPastEnd = Buffer.concat([JPEG_8X8.subarray(0, 2), Buffer.from([0xff, 0xe1, 0x7f, 0xff]), Buffer.from('Exif\0\0MM')]);
    for (const [name, bytes, user] of [
      ['truncated', truncated, 'street'],
      ['no EOI', noEoi, null],
      ['length past end', lengthPastEnd, 'operator'],
    ] as const) {
      const r = await upload(bytes, user);
      expect(r.status, `${name}: ${r.text}`).toBe(422);
      expectErrorShape(r);
      expect(r.body.error.code).toBe('ATTACHMENT.MALFORMED_IMAGE');
    }
    expect(await rows()).toBe(beforeRows);
    expect(storedFiles().length).toBe(beforeFiles);
  });
});
