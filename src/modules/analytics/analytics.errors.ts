/** The assessment rules' error codes (the rules' own checks are the engine's ASSESSMENT.INVALID_RULE). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const ANALYTICS_ERRORS = {
  'ASSESSMENT.PAST_MONTH': { status: 422, zh: '考核规则不能从已过去的月份生效', en: 'A rule cannot take effect in a past month' },
  'ASSESSMENT.DUPLICATE_RULE': { status: 422, zh: '该单位类型在该月已有考核规则', en: 'A rule for this unit type from this month exists already' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof ANALYTICS_ERRORS> {}
}
