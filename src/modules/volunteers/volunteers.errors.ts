/** The volunteer subsystem's error codes: residents' accounts, volunteer profiles, teams, roster imports. */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const VOLUNTEERS_ERRORS = {
  'RESIDENT.BAD_ID_NUMBER': { status: 422, zh: '身份证号无效，请核对', en: 'The resident ID number is not valid; check it' },
  'RESIDENT.ID_TAKEN': { status: 409, zh: '该身份证号已注册', en: 'This ID number is already registered' },
  'RESIDENT.PHONE_TAKEN': { status: 409, zh: '该手机号已注册', en: 'This mobile number is already registered' },
  'RESIDENT.UNKNOWN_COMMUNITY': { status: 422, zh: '所选社区不属于本区', en: 'The community is not one of this district' },
  'RESIDENT.NO_STATION': { status: 422, zh: '该社区尚未设立新时代文明实践站', en: 'The community has no practice station yet' },
  'RESIDENT.NOT_CLAIMABLE': {
    status: 422,
    zh: '没有与该手机号和身份证号相符的待认领账号',
    en: 'No imported account waiting to be claimed matches this mobile number and ID number',
  },
  'VOLUNTEER.ALREADY_REGISTERED': { status: 409, zh: '您已注册为志愿者', en: 'You are already registered as a volunteer' },
  'VOLUNTEER.NOT_REGISTERED': { status: 409, zh: '尚未注册为志愿者', en: 'Not registered as a volunteer yet' },
  'VOLUNTEER.NOT_A_RESIDENT': { status: 422, zh: '只有居民账号可以注册为志愿者', en: 'Only a resident’s account can register as a volunteer' },
  'VOLUNTEER.UNKNOWN_AREA': { status: 422, zh: '服务区域须为本区的街乡或社区', en: 'Service areas must be streets/towns or communities of this district' },
  'VOLUNTEER.UNKNOWN_VOLUNTEER': { status: 422, zh: '不是本区的志愿者', en: 'Not a volunteer of this district' },
  'VOLUNTEER.UNKNOWN_STATION': { status: 422, zh: '不是本区的新时代文明实践中心、所或站', en: 'Not a practice centre or station of this district' },
  'TEAM.NAME_TAKEN': { status: 409, zh: '本站已有同名队伍', en: 'The station already has a team of this name' },
  'TEAM.NOT_ACTIVE': { status: 409, zh: '该队伍已暂停或解散', en: 'The team is suspended or dissolved' },
  'TEAM.LEADER_CANNOT_LEAVE': { status: 422, zh: '队长不能退出队伍，请先更换队长', en: 'The leader cannot leave the team; choose another leader first' },
  'TEAM.NOT_A_MEMBER': { status: 422, zh: '不是该队伍的队员', en: 'Not a member of this team' },
  'MENU.NAME_TAKEN': { status: 409, zh: '本站服务菜单已有同名项目', en: 'The station’s menu already has an item of this name' },
  'MENU.UNKNOWN_TIME_LIMIT_CLASS': { status: 422, zh: '时限类别不存在', en: 'No such time-limit class' },
  'ORDER.UNKNOWN_MENU_ITEM': {
    status: 422,
    zh: '该服务项目不存在、已停用或不面向您的社区',
    en: 'The menu item does not exist, is withdrawn, or is not offered to your community',
  },
  'ORDER.UNKNOWN_RESIDENT': { status: 422, zh: '该手机号没有居民账号', en: 'No resident’s account has this mobile number' },
  'ORDER.UNKNOWN_TEAM': { status: 422, zh: '该队伍不是本站或下级站点的活跃队伍', en: 'Not an active team of the order’s station or a station below it' },
  'ORDER.NOT_PENDING': { status: 409, zh: '该点单已派给队伍，等待答复或已接单', en: 'The order is already with a team' },
  'ORDER.NOT_OFFERED': { status: 409, zh: '该点单不在待接单状态', en: 'The order is not waiting for the team’s answer' },
  'ORDER.NOT_ACCEPTED': { status: 409, zh: '该点单尚未接单或已完成服务', en: 'The order is not accepted, or its service is already recorded' },
  'ORDER.NOT_A_MEMBER': { status: 422, zh: '服务人员须为本队队员', en: 'Those who served must be members of the team' },
  'ROSTER.MISSING_COLUMNS': { status: 422, zh: '花名册缺少必需的列', en: 'The roster lacks required columns' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof VOLUNTEERS_ERRORS> {}
}
