/**
 * The ticket engine's manifest: the routes every kind of ticket shares (health, sign-in, reference
 * data, tickets, actions, photos), its tables and the deadline sweeper. Modules build on the engine
 * by importing its files; the engine imports no module.
 */
import { attachments } from './attachments.table.ts';
import { ENGINE_ERRORS } from './engine.errors.ts';
import { attachmentRoutes } from './http/attachments.routes.ts';
import { authRoutes } from './http/auth.routes.ts';
import { healthRoutes } from './http/health.routes.ts';
import { referenceRoutes } from './http/reference.routes.ts';
import { ticketActionRoutes } from './http/ticket-actions.routes.ts';
import { ticketRoutes } from './http/tickets.routes.ts';
import { ENGINE_POLICY } from './engine.policy.ts';
import type { ModuleManifest } from './module.ts';
import * as referenceTables from './reference/reference.table.ts';
import { startSweeper } from './sweeper.job.ts';
import * as ticketTables from './tickets.table.ts';

export const engine: ModuleManifest = {
  name: 'engine',
  title: '工单引擎 Ticket engine',
  policy: ENGINE_POLICY,
  routes: (ctx, opts) => [
    healthRoutes(ctx),
    authRoutes(ctx, { secureCookies: opts.secureCookies, policies: opts.policies }),
    referenceRoutes(ctx),
    ticketRoutes(ctx),
    ticketActionRoutes(ctx),
    attachmentRoutes(ctx, { publicRatePerMinute: opts.publicRatePerMinute }),
  ],
  tables: { ...referenceTables, ...ticketTables, attachments },
  jobs: [{ name: 'sweeper', start: (ctx, config) => (config.sweepSeconds > 0 ? startSweeper(ctx, config.sweepSeconds) : undefined) }],
  errors: ENGINE_ERRORS,
};
