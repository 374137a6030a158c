/** The one database schema (PostgreSQL dialect), shared by the embedded and the server database. */
export * from './engine/reference/reference.table.ts';
export * from './engine/tickets.table.ts';
export * from './engine/attachments.table.ts';
export * from './modules/whistles/whistles.table.ts';
export * from './modules/grids/grids.table.ts';
export * from './modules/ledgers/ledgers.table.ts';
export * from './modules/boards/boards.table.ts';
export * from './modules/analytics/ranking-aggregates.table.ts';
