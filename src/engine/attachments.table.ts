import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Photos uploaded by requesters (public page) and staff. The bytes live on disk under the uploads
 * directory, content-addressed by SHA-256 (`storage_path` is relative to it); a row stays unlinked
 * (`ticket_id` and `subject` null) from the upload until a request or a staff member attaches it to a
 * ticket, or a module to one of its records (`subject`, `subject_id`: a 双报到 service record, a
 * household visit …), never both.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** Null until linked to a ticket; a linked attachment never moves to another ticket. */
    ticketId: bigint('ticket_id', { mode: 'number' }),
    /** The signed-in user who uploaded it; null for a public (requester) upload. */
    uploadedBy: integer('uploaded_by'),
    /** request (the requester's photos), reply (the unit's result photos) or other. */
    purpose: varchar('purpose', { length: 10 }).notNull().$type<'request' | 'reply' | 'other'>(),
    /** Detected from the bytes (magic numbers), never taken from the file name or the declared type. */
    contentType: varchar('content_type', { length: 40 }).notNull(),
    /** Bytes. */
    size: integer('size').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    storagePath: text('storage_path').notNull(),
    /** Null until linked to a module's record: its kind (`party_claim` …), named by the module that links it. */
    subject: varchar('subject', { length: 24 }),
    /** The record's id within its kind. */
    subjectId: integer('subject_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The district code leads the key, as for tickets, so the table can be distributed by it (every
    // lookup by id also names the district: attachment.repository.ts).
    primaryKey({ name: 'attachments_pk', columns: [t.districtCode, t.id] }),
    index('attachments_ticket_idx').on(t.ticketId),
    index('attachments_subject_idx').on(t.districtCode, t.subject, t.subjectId),
    check('attachments_one_owner', sql`ticket_id is null or subject is null`),
    check('attachments_subject_pair', sql`(subject is null) = (subject_id is null)`),
  ],
);
