/** Error codes of the star rating (评星定级) and the brand programme (党建品牌). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const PARTY_RATING_ERRORS = {
  'RATING.INVALID_RULE_SET': { status: 422, zh: '评星规则不完整或数值不合理', en: 'The rating rule set is incomplete or out of range' },
  'RATING.DUPLICATE_RULE_SET': { status: 409, zh: '该版本号或生效日期已有评星规则', en: 'A rule set with that version or effective date exists' },
  'RATING.UNKNOWN_RULE_SET': { status: 422, zh: '评星规则版本不存在', en: 'No such rule set version' },
  'RATING.RULE_SET_NOT_IN_FORCE': {
    status: 422,
    zh: '该年度没有生效的评星规则（规则须在年底前生效）',
    en: 'No rule set is in force for that year (it must take effect by the year’s end)',
  },
  'RATING.CYCLE_EXISTS': { status: 409, zh: '该年度的评星定级已开启', en: 'That year’s rating is already open' },
  'RATING.NO_BRANCHES': { status: 422, zh: '本区还没有党支部，无法开启评星', en: 'The district has no branches to rate' },
  'RATING.WRONG_STAGE': { status: 409, zh: '当前阶段不能进行此操作', en: 'The rating is not at a stage where this can be done' },
  'RATING.INVALID_ENTRIES': { status: 422, zh: '指标评分不完整或超出范围', en: 'The indicator scores are incomplete or out of range' },
  'RATING.REVIEWER_IS_RATER': { status: 409, zh: '自评人不能审核本支部的评星', en: 'Whoever entered the self-rating may not review it' },
  'RATING.NOT_ALL_REVIEWED': { status: 409, zh: '还有支部未完成审核，不能公示', en: 'Some branches are not reviewed yet: the results cannot be posted' },
  'RATING.INVALID_WINDOW': {
    status: 422,
    zh: '公示期须从今天或以后开始，结束不早于开始，最长 30 天',
    en: 'The posting window starts today or later, ends on or after its start and lasts at most 30 days',
  },
  'RATING.OUTSIDE_WINDOW': { status: 409, zh: '不在公示期内，不能申诉', en: 'Appeals are taken only within the posting window' },
  'RATING.ALREADY_APPEALED': { status: 409, zh: '本支部已提出过申诉', en: 'The branch has already appealed' },
  'RATING.POSTING_NOT_OVER': { status: 409, zh: '公示期未结束或仍有未处理的申诉', en: 'The posting window is not over, or an appeal is still open' },
  'BRAND.INVALID_CRITERIA': { status: 422, zh: '评分标准不完整或分值不合理', en: 'The criteria are incomplete or out of range' },
  'BRAND.WRONG_STAGE': { status: 409, zh: '当前阶段不能进行此操作', en: 'The programme or round is not at a stage where this can be done' },
  'BRAND.ALREADY_APPLIED': { status: 409, zh: '本支部已申报该评选', en: 'The branch has already applied to this programme' },
  'BRAND.NOT_SECRETARY': { status: 403, zh: '仅党支部书记可以申报', en: 'Only a branch secretary may apply' },
  'BRAND.INVALID_EXPERTS': {
    status: 422,
    zh: '评审专家须为本区在职工作人员账号，1 至 15 人，不重复',
    en: 'Experts are 1 to 15 distinct active staff accounts of the district',
  },
  'BRAND.NOTHING_TO_SCORE': { status: 409, zh: '没有可进入评审的申报', en: 'No application to score' },
  'BRAND.INVALID_SHEET': { status: 422, zh: '评分须覆盖每项标准，且在 0 至满分之间', en: 'Every criterion needs a whole score between 0 and its maximum' },
  'BRAND.ROUND_INCOMPLETE': {
    status: 409,
    zh: '还有专家未完成评分，不能结束本轮',
    en: 'Some experts have not scored every application: the round cannot close',
  },
  'BRAND.INVALID_SELECTION': { status: 422, zh: '所选申报须来自本轮，且至少一项', en: 'Choose at least one application of this round' },
  'BRAND.REASON_REQUIRED': { status: 422, zh: '初审不通过须说明理由', en: 'A rejection needs a reason' },
  'BRAND.ALREADY_ADVANCED': { status: 409, zh: '本轮已确定晋级或已发布', en: 'This round has already advanced or been published' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof PARTY_RATING_ERRORS> {}
}
