/**
 * Every table of the house (PostgreSQL dialect, one schema for the embedded and the server database):
 * the engine's and each module's, for drizzle-kit (which generates the one ordered migration history
 * in src/platform/db/migrations) and for tests. Each table belongs to exactly one manifest
 * (`tables`), checked by test/modules.test.ts.
 */
export * from './engine/reference/reference.table.ts';
export * from './engine/tickets.table.ts';
export * from './engine/attachments.table.ts';
export * from './modules/whistles/whistles.table.ts';
export * from './modules/grids/grids.table.ts';
export * from './modules/ledgers/ledgers.table.ts';
export * from './modules/boards/boards.table.ts';
export * from './modules/imports/imports.table.ts';
export * from './modules/analytics/ranking-aggregates.table.ts';
export * from './modules/analytics/assessment-rules.table.ts';
export * from './modules/points/points.table.ts';
export * from './modules/activities/activities.table.ts';
export * from './modules/volunteers/volunteers.table.ts';
export * from './modules/volunteers/orders.table.ts';
export * from './modules/party/party.table.ts';
export * from './modules/party/rating.table.ts';
export * from './modules/party/brands.table.ts';
export * from './modules/party/reportin.table.ts';
export * from './modules/party/households.table.ts';
export * from './modules/party/pledges.table.ts';
export * from './modules/party/meetings.table.ts';
