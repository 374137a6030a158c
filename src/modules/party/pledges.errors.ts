/** 承诺践诺 and 先锋岗's error codes (issue 18): pledges, their fulfilment and assessment, pioneer posts. */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const PLEDGE_ERRORS = {
  'PLEDGE.NOT_EDITABLE': { status: 409, zh: '承诺已提交或已审核，不能修改', en: 'The pledge is submitted or approved: it cannot be edited' },
  'PLEDGE.NOT_SUBMITTABLE': { status: 409, zh: '承诺已提交或已审核', en: 'The pledge is submitted or approved already' },
  'PLEDGE.NOT_SUBMITTED': { status: 409, zh: '承诺不在待审核状态', en: 'The pledge is not waiting for review' },
  'PLEDGE.NOT_APPROVED': { status: 409, zh: '承诺尚未审核通过', en: 'The pledge is not approved' },
  'PLEDGE.ASSESSED': { status: 409, zh: '承诺已年终评定，不能再记录践诺', en: 'The pledge is assessed for the year: no more fulfilment' },
  'PLEDGE.YEAR_NOT_ENDING': { status: 422, zh: '年终评定从当年12月1日起', en: 'The year-end assessment opens on 1 December of the pledge’s year' },
  'PLEDGE.REASON_REQUIRED': { status: 422, zh: '请填写退回理由（至少2个字）', en: 'Give a reason for returning it (at least 2 characters)' },
  'PLEDGE.BAD_YEAR': { status: 422, zh: '承诺年度只能是今年（12月起可写明年）', en: 'A pledge is for this year (from December, also next year)' },
  'PLEDGE.TOO_MANY': { status: 409, zh: '同一年度最多5项承诺', en: 'At most five pledges a year' },
  'PLEDGE.BAD_DATE': { status: 422, zh: '践诺日期须在承诺年度内且不晚于今天', en: 'The day must lie in the pledge’s year and not after today' },
  'PLEDGE.BAD_HOURS': { status: 422, zh: '时长为0.5至24小时，以半小时计', en: 'Hours run from 0.5 to 24 in half hours' },
  'PLEDGE.BAD_LINK': { status: 422, zh: '佐证链接须为http(s)地址，最多5个', en: 'Evidence links are http(s) addresses, at most five' },
  'PLEDGE.REVIEWED': { status: 409, zh: '该践诺记录已审核', en: 'The fulfilment entry is reviewed already' },
  'PLEDGE.OWN_PLEDGE': { status: 403, zh: '不能审核本人或本人所写的承诺', en: 'Nobody reviews their own pledge, or one they wrote' },
  'PLEDGE.NOT_OWNER': { status: 403, zh: '只有承诺人可以修改、提交或记录践诺', en: 'Only the pledge’s owner edits, submits and records fulfilment' },
  'PLEDGE.NOT_A_BRANCH': { status: 422, zh: '只有党支部可以作出组织承诺', en: 'Only a branch (党支部) makes an organisation’s pledge' },
  'PLEDGE.BAD_PERIOD': {
    status: 422,
    zh: '岗位期限不合理（结束早于开始，或开始超过一年后）',
    en: 'The period ends before it starts, or starts more than a year ahead',
  },
  'PLEDGE.POST_ENDED': { status: 409, zh: '该先锋岗已撤销', en: 'The post is ended already' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof PLEDGE_ERRORS> {}
}
