/** English messages, beside the Chinese ones. */
import { gridEn } from './grid.en.ts';
import { boardEn } from './board.en.ts';
import { ledgerEn } from './ledger.en.ts';
import { centreEn } from './centre.en.ts';
import { publicEn } from './public.en.ts';
import { ticketEn } from './ticket.en.ts';
import { workEn } from './work.en.ts';
import { whistleEn } from './whistle.en.ts';
import { importsEn } from './imports.en.ts';
import type { MessageKey } from './zh-CN.ts';

export const en: Record<MessageKey, string> = {
  ...gridEn,
  ...boardEn,
  ...ledgerEn,
  ...ticketEn,
  ...workEn,
  ...centreEn,
  ...publicEn,
  ...whistleEn,
  ...importsEn,
  'app.title': 'Jiesu Workbench',
  'app.subtitle': 'Mentougou 12345 Command Platform',
  'app.lang': '中文',
  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.demo': 'Every demo account uses the password Jiesu@2026',
  'nav.home': 'Home',
  'nav.intake': 'Intake',
  'nav.inbox': 'Unit inbox',
  'nav.callback': 'Callbacks',
  'nav.centre': 'Supervision',
  'nav.rankings': 'Rankings',
  'nav.analytics': 'Analytics',
  'nav.admin': 'Administration',
  'nav.logout': 'Sign out',
  'nav.ticket': 'Ticket',
  'common.loading': 'Loading…',
  'common.error': 'Something went wrong',
  'common.notFound': 'Page not found',
  'common.forbidden': 'You may not open this page',
  'common.retry': 'Retry',
  'common.submit': 'Submit',
  'common.cancel': 'Cancel',
  'home.welcome': 'Welcome, {name}',
  'home.unit': 'Unit: {unit}',
};
