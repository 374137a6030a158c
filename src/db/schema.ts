/** The one database schema (PostgreSQL dialect), shared by the embedded and the server database. */
export * from './schema/reference.table.ts';
export * from './schema/tickets.table.ts';
export * from './schema/attachments.table.ts';
