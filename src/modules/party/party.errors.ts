/** The party module's error codes for organisations, members and their import (part 1 of issue 18). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const PARTY_ERRORS = {
  'PARTY.NESTING': { status: 422, zh: '党组织层级关系不符合规定', en: 'The organisation cannot sit there in the tree' },
  'PARTY.CODE_TAKEN': { status: 409, zh: '组织代码已被使用', en: 'The organisation code is taken' },
  'PARTY.ROOT_EXISTS': { status: 409, zh: '本区已有区委（唯一的根组织）', en: 'The district already has its root committee' },
  'PARTY.MOVE_UNDER_ITSELF': { status: 422, zh: '不能把党组织移到其自身或下级组织之下', en: 'An organisation cannot move under itself or its own subtree' },
  'PARTY.RETIRED': { status: 409, zh: '该党组织已撤销', en: 'The organisation is retired' },
  'PARTY.NOT_EMPTY': { status: 409, zh: '该党组织仍有党员或下级组织，不能撤销', en: 'The organisation still has members or organisations under it' },
  'PARTY.UNKNOWN_DIVISION': { status: 422, zh: '区划不属于本区或不在您的管理范围', en: 'The division is not of this district or not in your scope' },
  'PARTY.UNKNOWN_COMMUNITY': { status: 422, zh: '所选社区不属于本区', en: 'The community is not one of this district' },
  'PARTY.UNKNOWN_UNIT': { status: 422, zh: '单位不属于本区', en: 'The unit is not one of this district' },
  'PARTY.NOT_A_BRANCH': { status: 422, zh: '党员须编入未撤销的党支部', en: 'Members belong to an active branch (党支部)' },
  'PARTY.BAD_ID_NUMBER': { status: 422, zh: '身份证号无效，请核对', en: 'The resident ID number is not valid; check it' },
  'PARTY.BAD_POST': { status: 422, zh: '职务无效', en: 'Not a valid post' },
  'PARTY.SECRETARY_TAKEN': { status: 409, zh: '该组织已有书记', en: 'The organisation already has a secretary' },
  'PARTY.MEMBER_EXISTS': { status: 409, zh: '该身份证号的党员已登记', en: 'A member with this ID number is registered already' },
  'PARTY.MEMBER_LEFT': { status: 409, zh: '该党员已转出或离开', en: 'The member has left' },
  'PARTY.SAME_ORGANISATION': { status: 422, zh: '已在该党组织', en: 'The member is in that organisation already' },
  'PARTY.NO_ACCOUNT': { status: 422, zh: '该手机号没有居民账号', en: 'No resident’s account has this mobile number' },
  'PARTY.ACCOUNT_MISMATCH': {
    status: 422,
    zh: '该居民账号登记的身份证号与党员不一致',
    en: 'The account’s ID number is not the member’s',
  },
  'PARTY.ACCOUNT_TAKEN': { status: 409, zh: '该账号已关联其他党员', en: 'The account is linked to another member' },
  'PARTY.NOT_A_MEMBER': { status: 404, zh: '您的账号未关联党员信息', en: 'Your account is not linked to a Party member' },
  'PARTY.IMPORT_COLUMNS': { status: 422, zh: '表格缺少必需的列', en: 'The sheet lacks required columns' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof PARTY_ERRORS> {}
}
