/** 党员包户's error codes (issue 18): households, care links, model buildings, visits and sorting checks. */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const HOUSEHOLD_ERRORS = {
  'HOUSEHOLD.UNKNOWN_BUILDING': { status: 422, zh: '该楼门单元不在本社区的门牌中', en: 'No such building unit on the community’s door boards' },
  'HOUSEHOLD.BAD_ROOMS': { status: 422, zh: '门牌号为空、过长或重复', en: 'Door labels are empty, too long or repeated' },
  'HOUSEHOLD.ROOM_TAKEN': { status: 409, zh: '该楼门已登记此户', en: 'That door of the building is registered already' },
  'HOUSEHOLD.RETIRED': { status: 409, zh: '该户已注销', en: 'The household is retired' },
  'HOUSEHOLD.NOT_ELIGIBLE': {
    status: 422,
    zh: '该党员不在本社区居住，所在支部也不在本社区',
    en: 'The member neither lives in the household’s community nor belongs to a branch there',
  },
  'HOUSEHOLD.TOO_MANY': { status: 409, zh: '该党员联系的户数已达上限', en: 'The member looks after as many households as allowed' },
  'HOUSEHOLD.UNKNOWN_RESIDENT': { status: 422, zh: '没有使用该手机号的居民账号', en: 'No resident’s account has this mobile number' },
  'HOUSEHOLD.NOT_CARER': { status: 403, zh: '您不是该户的联系党员', en: 'You do not look after this household' },
  'HOUSEHOLD.BAD_DATE': { status: 422, zh: '日期不合理（不能是将来，走访可补录一年内，检查可补录31天内）', en: 'The date is not plausible' },
  'HOUSEHOLD.CHANGED': { status: 409, zh: '同楼另一户刚被设为示范户，请刷新', en: 'Another household of the building was marked meanwhile; reload' },
  'HOUSEHOLD.CHECKED_ALREADY': { status: 409, zh: '该户当天已有分类检查记录', en: 'The household was checked that day already' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof HOUSEHOLD_ERRORS> {}
}
