/** English: the shell's own messages, beside the Chinese ones. */
import type { shellZhCN } from './shell.zh-CN.ts';

export const shellEn: Record<keyof typeof shellZhCN, string> = {
  'app.title': 'Jiesu Workbench',
  'app.subtitle': 'Mentougou 12345 Command Platform',
  'app.lang': '中文',
  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.demo': 'Every demo account uses the password Jiesu@2026',
  'nav.home': 'Home',
  'nav.logout': 'Sign out',
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
