/**
 * Pure rules of ledgers (台账, DOMAIN-RULES §8): the Chinese labels officials expect in the Excel export,
 * the summary periods (日/周/月, Asia/Shanghai boundaries) and rule normalisation.
 */
import { dayStartMs, parseLocalDate, weekdayOfDayNumber } from '../../engine/domain/calendar/local-time.ts';

/** The inclusion rules of a ledger (DOMAIN-RULES §8); every present field narrows, an empty rule set matches nothing. */
export interface LedgerRules {
  sources?: string[];
  kinds?: string[];
  /** Category ids; each includes its subtree (expanded by the application before querying). */
  categoryIds?: number[];
  streetCodes?: string[];
  communityCodes?: string[];
  /** ISO date-times, accepted_at >= from and < to. */
  acceptedFrom?: string;
  acceptedTo?: string;
  /** Any keyword in the title or content. */
  keywords?: string[];
}

export const EXPORT_HEADERS = ['编号', '来源', '内容', '地点', '分类', '承办单位', '时限', '状态', '办理结果', '是否满意'] as const;

export const SOURCE_LABEL: Record<string, string> = {
  hotline: '12345热线',
  grid: '网格上报',
  data_finding: '大数据排查',
  public_opinion: '网络舆情',
  whistle: '吹哨报到',
  open311: '网上受理',
  import: '历史导入',
};
export const STATE_LABEL: Record<string, string> = {
  accepted: '已受理',
  dispatched: '已派单待签收',
  objection_review: '派单异议审核中',
  signed: '已签收',
  handling: '办理中',
  deferred: '挂账跟进中',
  replied: '已办结待回访',
  callback_done: '已回访',
  closed: '已关闭',
};
export const OUTCOME_LABEL: Record<string, string> = {
  answered_directly: '直接答复',
  special_route: '特殊渠道办结',
  repeat_linked: '重复诉求并案',
  completed: '办结回访',
  callback_unreachable: '回访无法联系结案',
  closed_by_centre: '中心结案',
};
export const SATISFACTION_LABEL: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** A label for a code, falling back to the code itself so an unknown value is never lost. */
export const labelOf = (table: Record<string, string>, code: string | null | undefined): string => (code == null ? '' : (table[code] ?? code));

export type SummaryPeriod = 'day' | 'week' | 'month';

/**
 * The [from, to) instants of the day, ISO week (Monday–Sunday) or calendar month containing a local
 * date in Asia/Shanghai; null when the date is not a real calendar date.
 */
export function periodRange(period: SummaryPeriod, localDate: string): { from: Date; to: Date } | null {
  const day = parseLocalDate(localDate);
  if (day === null) return null;
  if (period === 'day') return { from: new Date(dayStartMs(day)), to: new Date(dayStartMs(day + 1)) };
  if (period === 'week') {
    const wd = weekdayOfDayNumber(day); // 0 = Sunday … 6 = Saturday
    const mondayOffset = (wd + 6) % 7;
    const start = day - mondayOffset;
    return { from: new Date(dayStartMs(start)), to: new Date(dayStartMs(start + 7)) };
  }
  const first = day - (Number(localDate.slice(8, 10)) - 1);
  const y = Number(localDate.slice(0, 4));
  const m = Number(localDate.slice(5, 7));
  const nextMonthFirst = parseLocalDate(m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${localDate.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`)!;
  return { from: new Date(dayStartMs(first)), to: new Date(dayStartMs(nextMonthFirst)) };
}

/** Trims, de-duplicates and drops empty entries of the keyword rule. */
export function normaliseKeywords(keywords: readonly string[] | undefined): string[] | undefined {
  if (keywords === undefined) return undefined;
  const out = [...new Set(keywords.map((k) => k.trim()).filter((k) => k.length > 0))];
  return out.length > 0 ? out : undefined;
}
