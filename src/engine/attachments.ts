/**
 * Photos attached to tickets: upload (requesters on the public page, and signed-in staff), linking to
 * a ticket, listing and serving them within the viewer's scope.
 *
 * Only JPEG, PNG and WebP are accepted, recognised by their content (magic numbers), never by the file
 * name or the declared type; at most 5 MB each. Before anything is stored the file is rewritten
 * without its metadata (`sanitizeImage` in image-sanitize.ts): EXIF with the GPS position and the
 * device, XMP, IPTC, comments, text chunks and anything after the image's end are dropped; only the
 * EXIF orientation survives, in a minimal EXIF of its own, so a phone photo is not shown on its side.
 * A file whose structure cannot be walked to its end is refused (`ATTACHMENT.MALFORMED_IMAGE`) and
 * nothing is stored. The sanitized bytes are stored content-addressed by their SHA-256 under
 * `<uploadsDir>/<first two hex digits>/<sha256>.<ext>`, so the same photo with different metadata is
 * stored once. A grid worker's position is recorded in fields of the report, never in a file.
 *
 * Not done here: decoding and re-encoding the pixels (that would need a native image library). The
 * files are served only to the ticket's staff, as `nosniff` images, never to the public.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  countTicketAttachments,
  findAttachment,
  findLinkableIds,
  insertAttachment,
  linkAttachments,
  linkToSubject,
  listAttachmentsOfTickets,
  listSubjectAttachments,
  listTicketAttachments,
  type AttachmentPurpose,
  type AttachmentRow,
} from './attachment.repository.ts';
import { findTicketRow, type TicketRow } from './ticket.repository.ts';
import type { Principal } from './auth.ts';
import type { AppContext } from './context.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { AppError, forbidden, invalid, notFound } from '../platform/errors.ts';
import { detectImageType, sanitizeImage, type ImageType } from '../platform/files/image-sanitize.ts';
import { scopeOf } from './ticket-actions.ts';
import { sha256Hex } from '../platform/crypto/hashing.ts';

/** Largest photo accepted, in bytes. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** At most this many photos in one request (the public form) or one linking call. */
export const MAX_ATTACHMENTS_PER_REQUEST = 9;
/** At most this many photos on one ticket, from everyone together. */
export const MAX_ATTACHMENTS_PER_TICKET = 60;
/** A public upload must be used by a request within this time; after it, it can no longer be linked. */
export const PUBLIC_UPLOAD_TTL_MS = 24 * 3600_000;

export const ATTACHMENT_PURPOSES = ['request', 'reply', 'other'] as const;

const EXTENSION: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

const unsupported = () =>
  new AppError('VALIDATION.UNSUPPORTED_MEDIA_TYPE', '只能上传 JPEG、PNG 或 WebP 图片 Only JPEG, PNG and WebP images are accepted (checked by content)');
export const tooLarge = () => new AppError('VALIDATION.BODY_TOO_LARGE', `图片不能超过 5 MB The photo is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);

/** Writes the bytes under their hash unless they are there already; atomic (temporary file + rename). */
async function storeBytes(uploadsDir: string, sha256: string, type: ImageType, bytes: Uint8Array): Promise<string> {
  const relative = path.posix.join(sha256.slice(0, 2), `${sha256}.${EXTENSION[type]}`);
  const full = path.join(uploadsDir, relative);
  try {
    await fs.access(full);
    return relative;
  } catch {
    // not stored yet
  }
  await fs.mkdir(path.dirname(full), { recursive: true });
  const tmp = `${full}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, full);
  return relative;
}

/**
 * Stores one uploaded photo, unlinked. `uploader` null is a public upload (the requester page): its
 * purpose is `request`; a staff upload is `other` until it is linked with a purpose.
 */
export async function uploadAttachment(ctx: AppContext, uploader: Principal | null, bytes: Uint8Array): Promise<{ id: number }> {
  if (bytes.length === 0) throw invalid('The file is empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const type = detectImageType(bytes);
  if (type === null) throw unsupported();
  // Only the sanitized bytes are hashed and stored: the original, metadata and all, is never written.
  const clean = sanitizeImage(bytes, type);
  const sha256 = sha256Hex(clean);
  const storagePath = await storeBytes(ctx.uploadsDir, sha256, type, clean);
  const row = await insertAttachment(ctx.database.db, {
    districtCode: ctx.districtCode,
    ticketId: null,
    uploadedBy: uploader?.userId ?? null,
    purpose: uploader === null ? 'request' : 'other',
    contentType: type,
    size: clean.length,
    sha256,
    storagePath,
    createdAt: ctx.clock(),
  });
  return { id: row.id };
}

/** Checks that every id is a public upload, unlinked and recent (before a request is created). */
export async function checkPublicUploads(ctx: AppContext, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_ATTACHMENTS_PER_REQUEST) throw invalid(`At most ${MAX_ATTACHMENTS_PER_REQUEST} photos per request`);
  const since = new Date(ctx.clock().getTime() - PUBLIC_UPLOAD_TTL_MS);
  const ok = new Set(await findLinkableIds(ctx.database.db, ctx.districtCode, unique, { uploadedBy: null, since }));
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length > 0)
    throw new AppError('ATTACHMENT.UNKNOWN', '照片已失效，请重新上传 These photos are unknown, already used or expired; upload them again', {
      attachmentIds: bad,
    });
}

/**
 * Links public uploads to the ticket a request just created. Runs after the ticket's transaction; a
 * photo taken by a concurrent request in between is left out (and logged), not an error.
 */
export async function linkPublicUploads(ctx: AppContext, ticketId: number, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const since = new Date(ctx.clock().getTime() - PUBLIC_UPLOAD_TTL_MS);
  const linked = await linkAttachments(ctx.database.db, ctx.districtCode, unique, { uploadedBy: null, since }, ticketId, 'request');
  if (linked.length !== unique.length) ctx.log.warn({ ticketId, wanted: unique, linked }, 'some photos were linked elsewhere meanwhile');
  return linked;
}

/** The centre, and the ticket's lead and co-handling units, may add photos to it. */
function mayAttach(p: Principal, row: TicketRow): boolean {
  return p.isCentre || row.leadUnitId === p.unitId || row.coUnitIds.includes(p.unitId);
}

async function ticketInScope(ctx: AppContext, p: Principal, ticketId: number): Promise<TicketRow> {
  const row = await findTicketRow(ctx.database.db, ticketId, scopeOf(ctx, p));
  if (row === undefined) throw notFound('Ticket', ticketId);
  return row;
}

/**
 * Attaches the principal's own unlinked uploads to a ticket they can see, when they are the centre or
 * its lead or co-handling unit. All or nothing.
 */
export async function attachToTicket(
  ctx: AppContext,
  p: Principal,
  ticketId: number,
  ids: readonly number[],
  purpose: AttachmentPurpose,
): Promise<{ attachmentIds: number[] }> {
  const row = await ticketInScope(ctx, p, ticketId);
  if (!mayAttach(p, row)) throw forbidden('Only the command centre and the units handling this ticket may add photos to it');
  const unique = [...new Set(ids)];
  return ctx.database.db.transaction(async (tx) => {
    // Lock the ticket so two concurrent calls cannot both pass the per-ticket limit.
    await findTicketRow(tx, ticketId, scopeOf(ctx, p), true);
    const existing = await countTicketAttachments(tx, ticketId);
    if (existing + unique.length > MAX_ATTACHMENTS_PER_TICKET)
      throw new AppError('ATTACHMENT.TOO_MANY', `A ticket holds at most ${MAX_ATTACHMENTS_PER_TICKET} photos (it has ${existing})`);
    const linked = await linkAttachments(tx, ctx.districtCode, unique, { uploadedBy: p.userId }, ticketId, purpose);
    if (linked.length !== unique.length) {
      const bad = unique.filter((id) => !linked.includes(id));
      // Throwing rolls back the ones that did link.
      throw new AppError('ATTACHMENT.UNKNOWN', 'These photos are not your uploads, or are already attached to a ticket', { attachmentIds: bad });
    }
    return { attachmentIds: linked };
  });
}

export interface AttachmentView {
  id: number;
  purpose: AttachmentPurpose;
  contentType: string;
  size: number;
  createdAt: string;
  /** True when the requester uploaded it on the public page. */
  fromRequester: boolean;
}

const viewOf = (a: AttachmentRow): AttachmentView => ({
  id: a.id,
  purpose: a.purpose,
  contentType: a.contentType,
  size: a.size,
  createdAt: a.createdAt.toISOString(),
  fromRequester: a.uploadedBy === null,
});

/** A ticket's photos, for those who can see the ticket, and whether the viewer may add more. */
export async function ticketAttachments(ctx: AppContext, p: Principal, ticketId: number): Promise<{ items: AttachmentView[]; mayAttach: boolean }> {
  const row = await ticketInScope(ctx, p, ticketId);
  const rows = await listTicketAttachments(ctx.database.db, ticketId);
  return { items: rows.map(viewOf), mayAttach: mayAttach(p, row) };
}

/**
 * The bytes of one photo: for those who can see its ticket, or, before it is linked, for the user who
 * uploaded it. Anything else is "not found" (a 404, never a 403, like tickets out of scope).
 */
export async function attachmentContent(ctx: AppContext, p: Principal, id: number): Promise<{ contentType: string; sha256: string; bytes: Buffer }> {
  const a = await findAttachment(ctx.database.db, ctx.districtCode, id);
  const visible =
    a !== undefined && (a.ticketId === null ? a.uploadedBy === p.userId : (await findTicketRow(ctx.database.db, a.ticketId, scopeOf(ctx, p))) !== undefined);
  if (!visible) throw notFound('Attachment', id);
  return contentOf(ctx, a);
}

async function contentOf(ctx: AppContext, a: AttachmentRow): Promise<{ contentType: string; sha256: string; bytes: Buffer }> {
  // A missing file is the server's fault (storage lost or not shared between servers): a logged 500.
  const bytes = await fs.readFile(path.join(ctx.uploadsDir, a.storagePath));
  return { contentType: a.contentType, sha256: a.sha256, bytes };
}

// ---------------------------------------------------------------------------------------------
// Photos of a module's records (a 双报到 service record, a household visit …)
//
// A module links the caller's own unlinked uploads to one of its records, inside its own transaction,
// and serves them through a route of its own that checks who may see the record; the engine keeps the
// bytes, the sanitizing and the all-or-nothing linking. A photo belongs to one ticket or one record.

/**
 * Links the principal's own unlinked uploads to a module's record: all or nothing (ATTACHMENT.UNKNOWN
 * names the ones that are not), at most `max` on the record in all. Run it in the transaction that
 * writes the record, after locking the record, so two calls cannot both pass the limit.
 */
export async function attachToRecord(
  db: DbOrTx,
  ctx: AppContext,
  p: Principal,
  subject: string,
  subjectId: number,
  ids: readonly number[],
  max: number = MAX_ATTACHMENTS_PER_REQUEST,
): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const existing = (await listSubjectAttachments(db, ctx.districtCode, subject, [subjectId])).length;
  if (existing + unique.length > max) throw new AppError('ATTACHMENT.TOO_MANY', `A record holds at most ${max} photos (it has ${existing})`);
  const linked = await linkToSubject(db, ctx.districtCode, unique, p.userId, subject, subjectId);
  if (linked.length !== unique.length)
    throw new AppError('ATTACHMENT.UNKNOWN', 'These photos are not your uploads, or are already attached elsewhere', {
      attachmentIds: unique.filter((id) => !linked.includes(id)),
    });
  return linked;
}

/** The photo ids of some records of one kind, by record id (records without photos are absent). */
export async function recordPhotoIds(db: DbOrTx, ctx: AppContext, subject: string, subjectIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const a of await listSubjectAttachments(db, ctx.districtCode, subject, subjectIds)) {
    const list = out.get(a.subjectId!) ?? [];
    list.push(a.id);
    out.set(a.subjectId!, list);
  }
  return out;
}

/**
 * Links the principal's own unlinked uploads to a ticket a module's use case is creating for them (in
 * `createTicket`'s transaction: a household visit's problem) as the request's photos; all or nothing.
 */
export async function attachToNewTicket(db: DbOrTx, ctx: AppContext, p: Principal, ticketId: number, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_ATTACHMENTS_PER_REQUEST) throw invalid(`At most ${MAX_ATTACHMENTS_PER_REQUEST} photos per request`);
  const linked = await linkAttachments(db, ctx.districtCode, unique, { uploadedBy: p.userId }, ticketId, 'request');
  if (linked.length !== unique.length)
    throw new AppError('ATTACHMENT.UNKNOWN', 'These photos are not your uploads, or are already attached elsewhere', {
      attachmentIds: unique.filter((id) => !linked.includes(id)),
    });
  return linked;
}

/** The photo ids of some tickets, by ticket id (for a module's record that reported a ticket). */
export async function ticketPhotoIds(db: DbOrTx, ctx: AppContext, ticketIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const a of await listAttachmentsOfTickets(db, ctx.districtCode, ticketIds)) {
    const list = out.get(a.ticketId!) ?? [];
    list.push(a.id);
    out.set(a.ticketId!, list);
  }
  return out;
}

/** What a photo belongs to: a module's record, or the ticket a record reported. */
export type PhotoOwner = { subject: string; subjectId: number } | { ticketId: number };

/**
 * The bytes of one photo of a record (or of the ticket it reported), once the module has checked that
 * the caller may see the record; NOT_FOUND when the photo is not the owner's.
 */
export async function recordPhotoContent(ctx: AppContext, owner: PhotoOwner, id: number): Promise<{ contentType: string; sha256: string; bytes: Buffer }> {
  const a = await findAttachment(ctx.database.db, ctx.districtCode, id);
  const owned = a !== undefined && ('ticketId' in owner ? a.ticketId === owner.ticketId : a.subject === owner.subject && a.subjectId === owner.subjectId);
  if (!owned) throw notFound('Attachment', id);
  return contentOf(ctx, a);
}
