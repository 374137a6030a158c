/** The activities module's error codes (志愿活动: sign-up, check-in, hours). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const ACTIVITIES_ERRORS = {
  'ACTIVITY.INVALID_SESSION': { status: 422, zh: '场次时间或人数有误', en: 'The session’s time or capacity is not valid' },
  'ACTIVITY.UNKNOWN_UNIT': { status: 422, zh: '组织单位不存在或不在您的范围内', en: 'The organising unit does not exist or is outside your scope' },
  'ACTIVITY.UNKNOWN_DIVISION': { status: 422, zh: '行政区划代码不存在', en: 'No such division code' },
  'ACTIVITY.NOT_EDITABLE': { status: 409, zh: '活动当前状态下不能进行此操作', en: 'The activity’s state does not allow this' },
  'ACTIVITY.SESSION_STARTED': { status: 409, zh: '场次已开始，不能修改时间或报名', en: 'The session has started; its time and list are closed' },
  'ACTIVITY.NOT_PUBLISHED': { status: 409, zh: '活动未发布或已取消', en: 'The activity is not published, or was cancelled' },
  'ACTIVITY.ALREADY_SIGNED_UP': { status: 409, zh: '您已报名或在候补名单中', en: 'You are already signed up or on the waiting list' },
  'ACTIVITY.NOT_SIGNED_UP': { status: 409, zh: '您未报名此场次', en: 'You are not signed up for this session' },
  'ACTIVITY.OVERLAPPING_SESSION': { status: 409, zh: '您已报名同一时间的其他场次', en: 'You are signed up for another session at the same time' },
  'CHECK_IN.INVALID_CODE': { status: 422, zh: '签到码无效，请重新扫描现场二维码', en: 'The check-in code is not valid; scan the code at the venue again' },
  'CHECK_IN.CODE_EXPIRED': { status: 422, zh: '签到码已过期，请重新扫描现场二维码', en: 'The check-in code has expired; scan the code at the venue again' },
  'CHECK_IN.NOT_OPEN': { status: 409, zh: '不在签到时间内', en: 'Check-in is not open for this session now' },
  'CHECK_IN.NOT_SIGNED_UP': {
    status: 409,
    zh: '您未报名此场次（候补或现场参加请联系组织者补录）',
    en: 'You are not signed up for this session (waiting-list and walk-in volunteers: ask the organiser to record you)',
  },
  'CHECK_IN.ALREADY_CHECKED_IN': { status: 409, zh: '您已签到，稍后再扫码签退', en: 'You have already checked in; scan again later to check out' },
  'CHECK_IN.NOT_CHECKED_IN': { status: 409, zh: '您尚未签到', en: 'You have not checked in' },
  'CHECK_IN.ALREADY_CHECKED_OUT': { status: 409, zh: '您已签退', en: 'You have already checked out' },
  'CHECK_IN.TOO_FAR': { status: 422, zh: '您不在活动地点附近', en: 'You are not near the venue' },
  'HOURS.SESSION_NOT_ENDED': { status: 409, zh: '场次尚未结束，不能确认时长', en: 'The session has not ended; hours cannot be confirmed yet' },
  'HOURS.NOT_CHECKED_IN': { status: 422, zh: '该志愿者未签到，请以补录方式记录', en: 'This volunteer did not check in; record the hours by hand instead' },
  'HOURS.REASON_REQUIRED': { status: 422, zh: '调整时长须填写原因', en: 'An adjusted figure needs a reason' },
  'HOURS.ALREADY_RECORDED': {
    status: 409,
    zh: '该志愿者本场次的时长已有记录，请以更正方式修改',
    en: 'This volunteer’s hours for the session are already recorded; correct them instead',
  },
  'HOURS.TOO_MANY_MINUTES': { status: 422, zh: '时长超过场次时长', en: 'More minutes than the session lasts' },
  'HOURS.NOT_A_VOLUNTEER': { status: 422, zh: '该用户不是志愿者', en: 'This user is not a volunteer' },
  'CERTIFICATE.FONT_MISSING': {
    status: 503,
    zh: '服务器缺少中文字体，暂时无法生成证明',
    en: 'The server lacks a Chinese font; the certificate cannot be made now',
  },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof ACTIVITIES_ERRORS> {}
}
