/** The points bank's error codes (rules, awards, the catalogue, redemptions). */
import type { CodesOf, ErrorCatalogue } from '../../platform/errors.ts';

export const POINTS_ERRORS = {
  'POINTS.INVALID_QUANTITY': { status: 422, zh: '数量须大于 0，最多两位小数', en: 'The quantity must be positive, with at most two decimals' },
  'POINTS.INVALID_RULE': { status: 422, zh: '积分规则不完整或数值不合理', en: 'The earning rule is incomplete or out of range' },
  'POINTS.UNBALANCED': { status: 422, zh: '记账分录借贷不平', en: 'The entries of the transaction do not sum to zero' },
  'POINTS.UNKNOWN_RULE': { status: 422, zh: '积分规则不存在', en: 'The earning rule does not exist' },
  'POINTS.NO_RULE_IN_FORCE': { status: 422, zh: '该日期没有生效的积分规则', en: 'No version of the rule is in force on that date' },
  'POINTS.RULE_KIND_MISMATCH': { status: 422, zh: '该规则不能用于此类积分', en: 'The rule is not of the kind this award needs' },
  'POINTS.PAST_EFFECTIVE_DATE': { status: 422, zh: '规则不能从过去的日期生效', en: 'A rule version cannot take effect on a past date' },
  'POINTS.DUPLICATE_RULE': { status: 409, zh: '该规则在此日期已有版本', en: 'The rule already has a version from that date' },
  'POINTS.UNKNOWN_HOLDER': {
    status: 422,
    zh: '积分持有人不存在（须为本区居民或志愿者账号）',
    en: 'No resident or volunteer account of this district by that name',
  },
  'POINTS.DAILY_CAP_REACHED': { status: 409, zh: '该居民今日此项积分已达上限', en: 'The holder has reached today’s cap for this rule' },
  'POINTS.SOURCE_KEY_REUSED': { status: 409, zh: '该来源已用于另一笔积分', en: 'The source key was used for another award' },
  'POINTS.INSUFFICIENT_BALANCE': { status: 409, zh: '积分余额不足', en: 'Not enough points' },
  'POINTS.OUT_OF_STOCK': { status: 409, zh: '库存不足', en: 'Out of stock' },
  'POINTS.ITEM_UNAVAILABLE': { status: 422, zh: '兑换品不存在或已下架', en: 'The item does not exist or is withdrawn' },
  'POINTS.UNKNOWN_PARTNER': { status: 422, zh: '兑换点不存在或已停用', en: 'The partner does not exist or is inactive' },
  'POINTS.UNKNOWN_COMMUNITY': { status: 422, zh: '社区不存在', en: 'The community does not exist' },
  'POINTS.IDEMPOTENCY_KEY_REUSED': { status: 422, zh: '幂等键已用于另一项兑换', en: 'The idempotency key was used for another redemption' },
  'POINTS.REDEMPTION_NOT_PENDING': { status: 409, zh: '该兑换已领取或已取消', en: 'The redemption was already collected or cancelled' },
  'POINTS.NOT_REVERSIBLE': { status: 409, zh: '该笔交易不能冲正（已冲正，或不是积分发放）', en: 'Only an award not yet reversed can be reversed' },
  'POINTS.INVALID_PERIOD': { status: 422, zh: '期间格式错误', en: 'The period is not a month YYYY-MM or a year YYYY' },
} satisfies ErrorCatalogue;

declare module '../../platform/errors.ts' {
  interface ErrorCodes extends CodesOf<typeof POINTS_ERRORS> {}
}
