/** Types of the ledger API answers and the helpers the ledger pages share (rule summaries, dates, errors). */
import type { ApiJson } from '../../shared/api.ts';
import { type Category, type Division, shortCommunity } from '../../shared/reference.ts';
import type { MessageKey } from '../../shell/i18n.tsx';
import type { Labels } from '../../shared/labels.ts';

export type Ledger = ApiJson<'/api/ledgers', 'get'>['items'][number];
export type LedgerRules = Ledger['rules'];
export type LedgerDetail = ApiJson<'/api/ledgers/{id}', 'get'>;
export type LedgerStatus = LedgerDetail['status'];
export type LedgerItem = ApiJson<'/api/ledgers/{id}/items', 'get'>['items'][number];
export type LedgerSummary = ApiJson<'/api/ledgers/{id}/summary', 'get'>;
export type SummaryPeriod = 'day' | 'week' | 'month';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant, whatever the browser's time zone. */
export const shanghaiDate = (iso: string | number | Date): string => new Date(new Date(iso).getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

/** The instant a Shanghai calendar date starts, as ISO (UTC). */
export const shanghaiDayStart = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();

/** The Shanghai date `days` after `date`. */
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The dates (one in each period) of the last `n` days, weeks or months ending with today's, oldest first. */
export function periodDates(period: SummaryPeriod, today: string, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    if (period === 'day') out.push(addDays(today, -i));
    else if (period === 'week') out.push(addDays(today, -7 * i));
    else {
      const y = Number(today.slice(0, 4));
      const m = Number(today.slice(5, 7)) - 1 - i;
      const d = new Date(Date.UTC(y, m, 1));
      out.push(d.toISOString().slice(0, 10));
    }
  }
  return out;
}

/** Categories chosen in a rule, shown by their top-most chosen ancestor (the server stores whole subtrees). */
export function topCategories(ids: readonly number[], categories: readonly Category[]): Category[] {
  const chosen = new Set(ids);
  return categories.filter((c) => chosen.has(c.id) && (c.parentId === null || !chosen.has(c.parentId)));
}

/** One line per rule, in the user's language: 来源：12345热线、网格上报 … (names of sources and kinds from the server). */
export function rulesSummary(
  rules: LedgerRules,
  t: T,
  ref: { categories: readonly Category[]; divisions: readonly Division[] },
  lang: 'zh' | 'en',
  labels: Labels,
): string[] {
  const sep = t('ledger.rule.sep');
  const lines: string[] = [];
  if (rules.sources?.length) lines.push(t('ledger.rule.sources', { v: rules.sources.map((s) => labels.source(s, lang)).join(sep) }));
  if (rules.kinds?.length) lines.push(t('ledger.rule.kinds', { v: rules.kinds.map((k) => labels.kind(k, lang)).join(sep) }));
  if (rules.categoryIds?.length) {
    const tops = topCategories(rules.categoryIds, ref.categories);
    const names = tops.length > 0 ? tops.map((c) => (lang === 'en' && c.nameEn ? c.nameEn : c.name)) : rules.categoryIds.map(String);
    lines.push(t('ledger.rule.categories', { v: names.join(sep) }));
  }
  const places = [...(rules.streetCodes ?? []), ...(rules.communityCodes ?? [])];
  if (places.length) {
    const byCode = new Map(ref.divisions.map((d) => [d.code, d]));
    const name = (code: string) => {
      const d = byCode.get(code);
      if (d === undefined) return code;
      if (d.level !== 'community') return d.name;
      const parent = d.parentCode === null ? undefined : byCode.get(d.parentCode);
      return `${parent ? `${parent.name}·` : ''}${shortCommunity(d.name)}`;
    };
    lines.push(t('ledger.rule.places', { v: places.map(name).join(sep) }));
  }
  const from = rules.acceptedFrom ? shanghaiDate(rules.acceptedFrom) : null;
  // acceptedTo is exclusive: the last day included is the one before.
  const to = rules.acceptedTo ? shanghaiDate(Date.parse(rules.acceptedTo) - 1) : null;
  if (from && to) lines.push(t('ledger.rule.period', { from, to }));
  else if (from) lines.push(t('ledger.rule.from', { from }));
  else if (rules.acceptedTo) lines.push(t('ledger.rule.to', { to: shanghaiDate(rules.acceptedTo) }));
  if (rules.keywords?.length) lines.push(t('ledger.rule.keywords', { v: rules.keywords.join(sep) }));
  if (lines.length === 0) lines.push(t('ledger.rule.none'));
  return lines;
}

/** The server's error body, when `e` is one. */
export function apiError(e: unknown): { code: string; message: string; details?: unknown } | null {
  const body = e as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null | undefined;
  if (body && typeof body === 'object' && body.error && typeof body.error.code === 'string')
    return body.error as { code: string; message: string; details?: unknown };
  return null;
}

export { fileToBase64 } from '../../shared/files.ts';
