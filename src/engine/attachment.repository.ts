/** Attachments (photos): the only place that reads or writes the attachments table. */
import { and, asc, count, eq, gte, inArray, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { attachments } from './attachments.table.ts';

export type AttachmentRow = typeof attachments.$inferSelect;
export type AttachmentPurpose = AttachmentRow['purpose'];

export async function insertAttachment(db: DbOrTx, row: typeof attachments.$inferInsert): Promise<AttachmentRow> {
  return (await db.insert(attachments).values(row).returning())[0]!;
}

export async function findAttachment(db: DbOrTx, districtCode: string, id: number): Promise<AttachmentRow | undefined> {
  return (
    await db
      .select()
      .from(attachments)
      .where(and(eq(attachments.districtCode, districtCode), eq(attachments.id, id)))
  )[0];
}

export async function listTicketAttachments(db: DbOrTx, ticketId: number): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.ticketId, ticketId)).orderBy(asc(attachments.id));
}

/** The attachments of some tickets, oldest first. */
export async function listAttachmentsOfTickets(db: DbOrTx, districtCode: string, ticketIds: readonly number[]): Promise<AttachmentRow[]> {
  if (ticketIds.length === 0) return [];
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.districtCode, districtCode), inArray(attachments.ticketId, [...new Set(ticketIds)])))
    .orderBy(asc(attachments.id));
}

export async function countTicketAttachments(db: DbOrTx, ticketId: number): Promise<number> {
  return (await db.select({ n: count() }).from(attachments).where(eq(attachments.ticketId, ticketId)))[0]!.n;
}

/** Who may link an unlinked attachment: its uploader, or (null) anyone for a public upload made since `since`. */
export interface LinkableBy {
  uploadedBy: number | null;
  since?: Date;
}

function linkable(districtCode: string, ids: readonly number[], by: LinkableBy): SQL {
  const conds: SQL[] = [
    eq(attachments.districtCode, districtCode),
    inArray(attachments.id, [...ids]),
    isNull(attachments.ticketId),
    isNull(attachments.subject),
  ];
  conds.push(by.uploadedBy === null ? isNull(attachments.uploadedBy) : eq(attachments.uploadedBy, by.uploadedBy));
  if (by.since !== undefined) conds.push(gte(attachments.createdAt, by.since));
  return and(...conds)!;
}

/** The ids among `ids` that are unlinked and linkable by `by`. */
export async function findLinkableIds(db: DbOrTx, districtCode: string, ids: readonly number[], by: LinkableBy): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(linkable(districtCode, ids, by));
  return rows.map((r) => r.id);
}

/**
 * Links the unlinked attachments among `ids` (and linkable by `by`) to a ticket, setting their
 * purpose; returns the ids linked. The `ticket_id is null` (and `subject is null`) condition makes a second link a no-op.
 */
export async function linkAttachments(
  db: DbOrTx,
  districtCode: string,
  ids: readonly number[],
  by: LinkableBy,
  ticketId: number,
  purpose: AttachmentPurpose,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(attachments)
    .set({ ticketId, purpose })
    .where(linkable(districtCode, ids, by))
    .returning({ id: attachments.id });
  return rows.map((r) => r.id);
}

/** Links the unlinked attachments among `ids` uploaded by `uploadedBy` to a module's record; returns the ids linked. */
export async function linkToSubject(
  db: DbOrTx,
  districtCode: string,
  ids: readonly number[],
  uploadedBy: number,
  subject: string,
  subjectId: number,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(attachments)
    .set({ subject, subjectId })
    .where(linkable(districtCode, ids, { uploadedBy }))
    .returning({ id: attachments.id });
  return rows.map((r) => r.id);
}

/** The attachments of some records of one kind, oldest first. */
export async function listSubjectAttachments(db: DbOrTx, districtCode: string, subject: string, subjectIds: readonly number[]): Promise<AttachmentRow[]> {
  if (subjectIds.length === 0) return [];
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.districtCode, districtCode), eq(attachments.subject, subject), inArray(attachments.subjectId, [...new Set(subjectIds)])))
    .orderBy(asc(attachments.id));
}
