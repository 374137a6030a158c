/** Formats and message-key helpers several modules share: rates, scores, hours, times, labels of codes. */
import dayjs from 'dayjs';
import type { MessageKey } from '../shell/i18n.tsx';

/** A rate in [0, 1] as a percentage with one decimal, or '—' when there is none. */
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** A score 0–100 with one decimal, or '—'. */
export const score = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(1));

/** Hours with one decimal, or '—'. */
export const hours = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(1));

/** A rate in [0, 1] as a percentage number with one decimal for charts (null stays null: a gap). */
export const pctValue = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

/** An instant as YYYY-MM-DD HH:mm (browser time), or '' when there is none. */
export const formatTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour12: false,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant in Beijing time (2026/02/05 09:30) whatever the browser's zone, or '' when there is none. */
export const beijingTime = (iso: string | null | undefined): string => (iso ? BEIJING.format(new Date(iso)) : '');

/** The message key of a unit type's name (centre.unitType.street …). */
export const unitTypeKey = (type: string) => `centre.unitType.${type}` as MessageKey;

/** The message for `prefix.value`, or the value itself when the catalogue has no such key. */
export function labelOf(t: (k: MessageKey) => string, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const key = `${prefix}.${value}` as MessageKey;
  const s = t(key);
  return s === key ? value : s;
}
