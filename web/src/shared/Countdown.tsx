/**
 * A deadline as a coloured countdown: green while more than a quarter of its span is left, yellow
 * (due soon) in the last quarter, red once passed. The same rule as the server's due status
 * (docs/DOMAIN-RULES.md); when the server already says `overdue`, red wins.
 */
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../shell/i18n.tsx';

export type DueColour = 'ok' | 'due_soon' | 'overdue';

/** Current time, re-rendered every `ms` milliseconds. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(h);
  }, [ms]);
  return now;
}

/** Green/yellow/red for a deadline at `now`: yellow in the last quarter of [startedAt, dueAt]. */
export function dueColour(dueAt: string, startedAt: string | null | undefined, now: number, overdue = false): DueColour {
  const due = Date.parse(dueAt);
  if (overdue || now >= due) return 'overdue';
  if (startedAt) {
    const start = Date.parse(startedAt);
    if (due > start && due - now < (due - start) / 4) return 'due_soon';
  }
  return 'ok';
}

/** A deadline as people say it: a deadline at 24:00 is stored as the next 00:00 and shown as 24:00. */
export function formatDue(iso: string): string {
  const d = dayjs(iso);
  if (d.hour() === 0 && d.minute() === 0) return `${d.subtract(1, 'day').format('YYYY-MM-DD')} 24:00`;
  return d.format('YYYY-MM-DD HH:mm');
}

const TAG_COLOUR: Record<DueColour, string> = { ok: 'success', due_soon: 'warning', overdue: 'error' };

export interface CountdownProps {
  dueAt: string;
  /** Start of the span (for the yellow quarter); without it only green/red. */
  startedAt?: string | null;
  /** The server's verdict (a recorded missed deadline). */
  overdue?: boolean;
  /** When the step was done (signed, contacted, replied): shows done, on time or late, instead of a clock. */
  doneAt?: string | null;
  /** Paused clock (objection under review). */
  paused?: boolean;
  'data-testid'?: string;
}

export default function Countdown({ dueAt, startedAt, overdue = false, doneAt, paused = false, ...rest }: CountdownProps) {
  const { t } = useI18n();
  const now = useNow();
  const testId = rest['data-testid'];
  const due = Date.parse(dueAt);
  const span = (ms: number) => {
    const m = Math.max(0, Math.round(Math.abs(ms) / 60_000));
    const d = Math.floor(m / 1440);
    const h = Math.floor((m % 1440) / 60);
    const min = m % 60;
    if (d > 0) return t('ticket.duration.dh', { d, h });
    if (h > 0) return t('ticket.duration.hm', { h, m: min });
    return t('ticket.duration.m', { m: min });
  };
  let colour: DueColour;
  let text: string;
  if (doneAt) {
    const late = overdue || Date.parse(doneAt) > due;
    colour = late ? 'overdue' : 'ok';
    text = late ? t('ticket.countdown.doneLate') : t('ticket.countdown.doneOnTime');
  } else if (paused) {
    colour = 'due_soon';
    text = t('ticket.countdown.paused');
  } else {
    colour = dueColour(dueAt, startedAt, now, overdue);
    text = now >= due ? t('ticket.countdown.overdue', { time: span(now - due) }) : t('ticket.countdown.left', { time: span(due - now) });
  }
  return (
    <Tooltip title={t('ticket.countdown.due', { time: formatDue(dueAt) })}>
      <Tag color={TAG_COLOUR[colour]} data-testid={testId} data-colour={colour}>
        {text}
      </Tag>
    </Tooltip>
  );
}
