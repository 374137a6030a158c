/**
 * 中文消息目录 (the primary language). Keys are English; every key must exist in en.ts too. Each area
 * of the app keeps its messages in its own pair of files, merged here into the one catalogue.
 */
import { gridZhCN } from './grid.zh-CN.ts';
import { boardZhCN } from './board.zh-CN.ts';
import { ledgerZhCN } from './ledger.zh-CN.ts';
import { centreZhCN } from './centre.zh-CN.ts';
import { publicZhCN } from './public.zh-CN.ts';
import { ticketZhCN } from './ticket.zh-CN.ts';
import { workZhCN } from './work.zh-CN.ts';
import { whistleZhCN } from './whistle.zh-CN.ts';
import { importsZhCN } from './imports.zh-CN.ts';

export const zhCN = {
  ...gridZhCN,
  ...boardZhCN,
  ...ledgerZhCN,
  ...ticketZhCN,
  ...workZhCN,
  ...centreZhCN,
  ...publicZhCN,
  ...whistleZhCN,
  ...importsZhCN,
  'app.title': '接诉即办工作台',
  'app.subtitle': '门头沟区接诉即办指挥平台',
  'app.lang': 'English',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.demo': '演示账号密码均为 Jiesu@2026',
  'nav.home': '首页',
  'nav.intake': '受理工作台',
  'nav.inbox': '承办工单',
  'nav.callback': '回访工作台',
  'nav.centre': '督办中心',
  'nav.rankings': '考核排名',
  'nav.analytics': '数据分析',
  'nav.admin': '系统管理',
  'nav.logout': '退出登录',
  'nav.ticket': '工单详情',
  'common.loading': '加载中…',
  'common.error': '出错了',
  'common.notFound': '页面不存在',
  'common.forbidden': '无权访问此页面',
  'common.retry': '重试',
  'common.submit': '提交',
  'common.cancel': '取消',
  'home.welcome': '欢迎，{name}',
  'home.unit': '所属单位：{unit}',
} as const;

export type MessageKey = keyof typeof zhCN;
