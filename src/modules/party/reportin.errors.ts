/** 双报到's error codes (issue 18, part 3): report-ins, needs and claims, attendance, evaluations. */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const REPORTIN_ERRORS = {
  'REPORTIN.NOT_COMMUNITY_WORKER': {
    status: 403,
    zh: '只有社区党务工作者可以管理本社区的双报到',
    en: 'Only a community’s party worker manages its report-ins, lists, attendance and evaluations',
  },
  'REPORTIN.NO_HOME_COMMUNITY': { status: 422, zh: '该党员未登记居住社区，无法报到', en: 'The member has no home community to report in to' },
  'REPORTIN.NOT_HOME': { status: 422, zh: '该党员不住在本社区', en: 'The member does not live in this community' },
  'REPORTIN.NOT_PAIRED': { status: 422, zh: '该党组织未结对社区，或结对的不是本社区', en: 'The organisation is not paired with this community' },
  'REPORTIN.NOT_REPORTED': { status: 409, zh: '尚未到该社区报到', en: 'Not reported in to this community' },
  'REPORTIN.WITHDRAWN': { status: 409, zh: '该报到已撤销', en: 'The report-in is withdrawn already' },
  'REPORTIN.NEED_WITHDRAWN': { status: 409, zh: '该需求已撤回', en: 'The need is withdrawn' },
  'REPORTIN.NEED_FULL': { status: 409, zh: '该需求认领人数已满', en: 'The need has all the people it wants' },
  'REPORTIN.ALREADY_CLAIMED': { status: 409, zh: '已认领该需求', en: 'Claimed already' },
  'REPORTIN.CLAIM_NOT_OPEN': { status: 409, zh: '该认领已记录服务、已确认或已取消', en: 'The claim is recorded, confirmed or cancelled' },
  'REPORTIN.NOT_DONE': { status: 409, zh: '尚未记录服务，不能确认或退回', en: 'The service is not recorded yet' },
  'REPORTIN.SERVED': { status: 409, zh: '已有服务记录，不能撤回', en: 'Service is recorded on it' },
  'REPORTIN.FEWER_THAN_CLAIMED': { status: 422, zh: '需求人数不能少于已认领人数', en: 'Fewer people than have claimed it' },
  'REPORTIN.NEED_CLOSED': { status: 409, zh: '该需求已全部确认', en: 'The need is confirmed' },
  'REPORTIN.NOT_A_REPORT_IN_DAY': {
    status: 422,
    zh: '该日期不是已到的报到日（每月最后一个星期六）',
    en: 'Not a past report-in day (the last Saturday of a month)',
  },
  'REPORTIN.BAD_DATE': { status: 422, zh: '日期不合理', en: 'The date is not plausible' },
  'REPORTIN.YEAR_NOT_OPEN': { status: 422, zh: '该年度评议尚未开始（每年12月起）', en: 'That year’s evaluation is not open (from December)' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof REPORTIN_ERRORS> {}
}
