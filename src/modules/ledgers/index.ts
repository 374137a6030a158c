/** 台账: ledgers of tickets and manual items by rules, with summaries and Excel export. */
import type { ModuleManifest } from '../../engine/module.ts';
import { LEDGERS_POLICY } from './ledgers.policy.ts';
import { LEDGERS_ERRORS } from './ledgers.errors.ts';
import { ledgerRoutes } from './ledgers.routes.ts';
import { ledgerManualItems, ledgers as ledgersTable } from './ledgers.table.ts';

export const ledgers: ModuleManifest = {
  name: 'ledgers',
  title: '台账 Ledgers',
  policy: LEDGERS_POLICY,
  routes: (ctx) => [ledgerRoutes(ctx)],
  tables: { ledgers: ledgersTable, ledgerManualItems },
  errors: LEDGERS_ERRORS,
};
