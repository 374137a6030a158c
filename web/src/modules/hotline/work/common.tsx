/**
 * Pieces shared by the inbox, the callback workbench and the supervision centre: the API answer types
 * of the queue and list routes, the state and supervision tags, and the deadline countdown of a list
 * row.
 */
import { Tag, Tooltip } from 'antd';
import type { ApiJson } from '../../../shared/api.ts';
import { formatDue, useNow } from '../../../shared/Countdown.tsx';
import { useI18n, type MessageKey } from '../../../shell/i18n.tsx';

export type TicketList = ApiJson<'/api/tickets'>;
export type TicketSummary = TicketList['items'][number];
export type QueuePage = ApiJson<'/api/queues/{name}'>;
export type QueueItem = QueuePage['items'][number];
export type QueueName = QueuePage['name'];
export type CentreQueue = Exclude<QueueName, 'callback'>;
export type InboxTab = ApiJson<'/api/queues/inbox'>['tabs'][number];
export type QueueSummary = ApiJson<'/api/queues'>['items'];

/** `work.<prefix>.<value>` when the catalogue has it, else `fallback` (or the value). */
export function useLabel() {
  const { t } = useI18n();
  return (prefix: string, value: string | number, fallback?: string) => {
    const key = `work.${prefix}.${value}` as MessageKey;
    const s = t(key);
    return s === key ? (fallback ?? String(value)) : s;
  };
}

/** A span of time as people say it: 2天3小时, 5小时10分, 12分钟. */
export function useDuration() {
  const { t } = useI18n();
  return (ms: number) => {
    const m = Math.max(0, Math.round(Math.abs(ms) / 60_000));
    const d = Math.floor(m / 1440);
    const h = Math.floor((m % 1440) / 60);
    if (d > 0) return t('work.duration.dh', { d, h });
    if (h > 0) return t('work.duration.hm', { h, m: m % 60 });
    return t('work.duration.m', { m });
  };
}

const STATE_COLOURS: Record<string, string> = {
  accepted: 'default',
  dispatched: 'blue',
  objection_review: 'purple',
  signed: 'cyan',
  handling: 'geekblue',
  deferred: 'gold',
  replied: 'green',
  callback_done: 'lime',
  closed: 'default',
};

export function StateTag({ state }: { state: string }) {
  const label = useLabel();
  return <Tag color={STATE_COLOURS[state] ?? 'default'}>{label('state', state)}</Tag>;
}

const SUPERVISION_COLOURS = ['default', 'orange', 'volcano', 'red'];

/** 督办 / 催办 / 通报 by level; nothing at level 0. */
export function SupervisionTag({ level }: { level: number }) {
  const label = useLabel();
  if (level <= 0) return null;
  return (
    <Tag color={SUPERVISION_COLOURS[Math.min(level, 3)]} data-testid="supervision-tag">
      {label('supervision', Math.min(level, 3))}
    </Tag>
  );
}

const DUE_TAG: Record<string, string> = { ok: 'success', due_soon: 'warning', overdue: 'error' };

/**
 * The running deadline of a list row as a live countdown. Its colour is the server's due status
 * (green, yellow in the last quarter of the span, red once the miss is recorded), turned red here the
 * moment the deadline passes, before the sweeper records it.
 */
export function DueCountdown({ dueAt, dueStatus, testId }: { dueAt: string | null; dueStatus: string; testId?: string }) {
  const { t } = useI18n();
  const now = useNow();
  const duration = useDuration();
  if (!dueAt || dueStatus === 'none') return <span>{t('work.none')}</span>;
  const due = Date.parse(dueAt);
  const colour = now >= due ? 'overdue' : dueStatus;
  const text = now >= due ? t('work.due.overdue', { time: duration(now - due) }) : t('work.due.left', { time: duration(due - now) });
  return (
    <Tooltip title={t('work.due.at', { time: formatDue(dueAt) })}>
      <Tag color={DUE_TAG[colour] ?? 'default'} data-testid={testId} data-colour={colour}>
        {text}
      </Tag>
    </Tooltip>
  );
}

/** The last two levels of a category path: 城市管理/噪音扰民/生活噪音 → 噪音扰民/生活噪音. */
export const shortCategory = (path: string | undefined | null) => (path ? path.split('/').slice(-2).join(' / ') : '');

/** Street · community of a ticket. */
export const placeOf = (t: Pick<TicketSummary, 'street' | 'community'>) =>
  [t.street?.name, t.community?.name.replace(/居委会$/, '').replace(/村委会$/, '村')].filter(Boolean).join(' · ');
