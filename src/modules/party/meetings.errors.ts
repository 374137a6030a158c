/** 三会一课 and 主题党日's error codes (issue 18): planning, recording and cancelling a branch's meetings. */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const MEETING_ERRORS = {
  'MEETING.NOT_A_BRANCH': { status: 422, zh: '组织生活以党支部为单位开展', en: 'Meetings are held by a branch (党支部)' },
  'MEETING.SECRETARY_RECORDS': {
    status: 403,
    zh: '该支部书记已开通账号，由书记安排和记录组织生活',
    en: 'The branch’s secretary holds an account and plans and records its meetings',
  },
  'MEETING.WRONG_STATE': { status: 409, zh: '会议已取消或已召开，不能这样操作', en: 'The meeting is cancelled or held already' },
  'MEETING.NOT_ATTENDEE': { status: 422, zh: '该党员不是本次会议的应到人员', en: 'The member is not expected at this meeting' },
  'MEETING.PRESENT_AND_EXCUSED': { status: 422, zh: '同一党员不能既出席又请假', en: 'A member is either present or excused, not both' },
  'MEETING.BAD_TIME': {
    status: 422,
    zh: '时间不合理（召开时间不能晚于现在，且在一年之内）',
    en: 'The time is not plausible (held not in the future, within a year)',
  },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof MEETING_ERRORS> {}
}
