/**
 * 中文消息目录 (the primary language): the shell's own messages — title, sign-in, menu, common words.
 * Every key must also be in shell.en.ts. Each module keeps its messages in its own folder; the
 * registry (shell/registry.ts) merges them all into the one catalogue.
 */
export const shellZhCN = {
  'app.title': '接诉即办工作台',
  'app.subtitle': '门头沟区接诉即办指挥平台',
  'app.lang': 'English',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.demo': '演示账号密码均为 Jiesu@2026',
  'nav.home': '首页',
  'nav.logout': '退出登录',
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
