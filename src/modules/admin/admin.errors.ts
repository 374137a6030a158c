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
  'ADMIN.INVALID_ESCALATION': {
    status: 422,
    zh: '自动督办的时限设置有误（须为正数且逐级递增）',
    en: 'The automatic supervision spans are not valid (positive, each longer than the one before)',
  },
  'CATEGORY.UNKNOWN_PARENT': { status: 422, zh: '上级分类不存在', en: 'The parent category does not exist' },
  'CATEGORY.PARENT_RETIRED': { status: 422, zh: '上级分类已停用', en: 'The parent category is retired' },
  'CATEGORY.PARENT_IS_LEAF': { status: 422, zh: '末级分类下不能再加分类', en: 'A leaf category cannot have categories under it' },
  'CATEGORY.TOO_DEEP': { status: 422, zh: '分类层级过深', en: 'The category tree would be too deep' },
  'CATEGORY.CODE_TAKEN': { status: 422, zh: '分类编码已存在', en: 'The category code is taken' },
  'CATEGORY.CODE_TOO_LONG': { status: 422, zh: '分类编码过长', en: 'The category code is too long' },
  'CATEGORY.DUPLICATE_NAME': { status: 422, zh: '同一上级分类下已有同名分类', en: 'A category of that name already exists under this parent' },
  'CATEGORY.LEAF_NEEDS_TIME_LIMIT': { status: 422, zh: '末级分类须指定时限类别', en: 'A leaf category needs a time-limit class' },
  'CATEGORY.UNKNOWN_TIME_LIMIT_CLASS': { status: 422, zh: '时限类别不存在', en: 'The time-limit class does not exist' },
  'CATEGORY.NOT_LEAF': { status: 422, zh: '只有末级分类有时限类别', en: 'Only a leaf category has a time-limit class' },
  'CATEGORY.HAS_CHILDREN': { status: 422, zh: '分类下还有在用的下级分类，不能停用', en: 'The category has active categories under it and cannot be retired' },
  'CATEGORY.MOVE_INTO_ITSELF': { status: 422, zh: '不能把分类移到它自己或它的下级之下', en: 'A category cannot move under itself or its own descendants' },
  'CALENDAR.WRONG_YEAR': { status: 422, zh: '日期不在所选年份', en: 'A date is not in the chosen year' },
  'CALENDAR.DUPLICATE_DATE': { status: 422, zh: '同一日期出现了两次', en: 'A date is listed twice' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof ADMIN_ERRORS> {}
}
