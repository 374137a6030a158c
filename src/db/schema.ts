/** The one database schema (PostgreSQL dialect), shared by the embedded and the server database. */
export * from './schema/reference.table.ts';
export * from './schema/tickets.table.ts';
export * from './schema/attachments.table.ts';
export * from './schema/whistles.table.ts';
export * from './schema/grids.table.ts';
export * from './schema/ledgers.table.ts';
export * from './schema/buildings.table.ts';
export * from './schema/ranking-aggregates.table.ts';
