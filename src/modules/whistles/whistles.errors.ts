/** The whistles' error codes (吹哨报到: summoning, reporting in, rating). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const WHISTLES_ERRORS = {
  'WHISTLE.UNKNOWN_UNIT': { status: 422, zh: '单位不存在', en: 'The unit does not exist' },
  'WHISTLE.UNIT_NOT_SUMMONABLE': { status: 422, zh: '不能向该单位吹哨', en: 'This unit cannot be summoned' },
  'WHISTLE.SOURCE_IS_WHISTLE': { status: 422, zh: '不能由另一吹哨事项发起吹哨', en: 'A whistle cannot start from another whistle' },
  'WHISTLE.CLOSED': { status: 422, zh: '该吹哨事项已办结', en: 'The matter is closed' },
  'WHISTLE.ALREADY_REPORTED': { status: 422, zh: '本单位已报到', en: 'Your unit has already reported in' },
  'WHISTLE.NOT_SUMMONED': { status: 422, zh: '该单位未被吹哨', en: 'The unit was not summoned' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof WHISTLES_ERRORS> {}
}
