/** The administration's error codes (units, users, the dispatch catalogue, the holiday calendar). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const ADMIN_ERRORS = {
  'ADMIN.UNKNOWN_CATEGORY': { status: 422, zh: '问题分类不存在或不是最末一级', en: 'The category does not exist or is not of the lowest level' },
  'ADMIN.UNKNOWN_PLACE': { status: 422, zh: '地点不在本区', en: 'The place is not in this district' },
  'ADMIN.INVALID_ENTRY': { status: 422, zh: '派单目录条目须指定单位或单位类型之一', en: 'A dispatch catalogue entry names either a unit or a unit type' },
  'ADMIN.INVALID_UNIT': { status: 422, zh: '只有街乡单位管辖地域', en: 'Only street/town units govern a place' },
  'ADMIN.UNIT_CODE_TAKEN': { status: 422, zh: '单位编码已存在', en: 'The unit code is taken' },
  'ADMIN.DIVISION_TAKEN': { status: 422, zh: '该街乡已由另一单位管辖', en: 'Another unit already governs this street/town' },
  'ADMIN.UNIT_CYCLE': { status: 422, zh: '单位不能隶属于自身或其下级单位', en: 'A unit cannot be placed under itself or a unit it supervises' },
  'ADMIN.UNIT_REQUIRED': { status: 422, zh: '该单位为本区必需，不能停用', en: 'The district needs this unit; it cannot be deactivated' },
  'ADMIN.USERNAME_TAKEN': { status: 422, zh: '用户名已存在', en: 'The username is taken' },
  'ADMIN.WEAK_PASSWORD': { status: 422, zh: '密码强度不足', en: 'The password is too weak' },
  'ADMIN.ROLE_NOT_FOR_UNIT': { status: 422, zh: '该角色不适用于此单位', en: 'These roles do not fit this unit' },
  'ADMIN.SELF_LOCKOUT': { status: 422, zh: '不能停用自己或取消自己的管理员角色', en: 'You cannot deactivate yourself or drop your own admin role' },
  'CALENDAR.WRONG_YEAR': { status: 422, zh: '日期不在所选年份', en: 'A date is not in the chosen year' },
  'CALENDAR.DUPLICATE_DATE': { status: 422, zh: '同一日期出现了两次', en: 'A date is listed twice' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof ADMIN_ERRORS> {}
}
