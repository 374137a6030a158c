/**
 * A ticket's full history as a timeline: what happened, who (unit), when, the state change, and what
 * the action recorded (deadlines, reasons, units, callback answers) in words rather than raw JSON.
 */
import { Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { formatDue } from '../../../shared/Countdown.tsx';
import { labelOf } from '../../../shared/format.ts';
import { useI18n, type MessageKey } from '../../../shell/i18n.tsx';
import type { TicketEvent } from '../ticket-types.ts';

/** Dot colours; explicit so they do not follow the red brand colour. */
const COLOURS: Record<string, string> = {
  markOverdue: 'red',
  object: 'red',
  redo: 'red',
  supervise: 'orange',
  escalate: 'orange',
  deferralDue: 'orange',
  requestExtension: 'orange',
  defer: 'orange',
  appeal: 'orange',
  reply: 'green',
  close: 'green',
  callback: 'green',
  answerDirectly: 'green',
  closeSpecial: 'gray',
  linkRepeat: 'gray',
};

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface Line {
  label: string;
  value: ReactNode;
}

function deadlinesText(t: T, d: unknown): string {
  if (d === null || typeof d !== 'object') return '';
  const order = ['sign', 'contact', 'reply'];
  return Object.entries(d as Record<string, { dueAt?: string } | null>)
    .filter(([, v]) => v?.dueAt)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([k, v]) => `${labelOf(t, 'ticket.deadline', k)} ${formatDue(v!.dueAt!)}`)
    .join(' · ');
}

/** The readable lines of an event's data. */
export function describeEvent(e: TicketEvent, t: T, unitName: (id: number) => string): Line[] {
  const d = e.data as Record<string, unknown>;
  const lines: Line[] = [];
  const add = (labelKey: MessageKey, value: ReactNode) => {
    if (value === '' || value === null || value === undefined) return;
    lines.push({ label: t(labelKey), value });
  };
  const yes = (b: unknown) => (b ? t('ticket.yes') : t('ticket.no'));
  if (e.type === 'accept') {
    add('ticket.field.requestType', labelOf(t, 'ticket.requestType', d.requestType as string));
    add('ticket.field.channel', labelOf(t, 'ticket.channel', d.channel as string));
    add('ticket.field.urgency', labelOf(t, 'ticket.urgency', d.urgency as string));
    add('ticket.field.timeLimitClass', labelOf(t, 'ticket.timeLimitClass', d.timeLimitClass as string | null));
    return lines;
  }
  if (e.type === 'callback') {
    if (d.valid === false) {
      add('ticket.action.callbackValid', t('ticket.action.callbackInvalid'));
      add('ticket.action.invalidReason', labelOf(t, 'ticket.invalidReason', d.reason as string));
    } else {
      add('ticket.action.contacted', yes(d.contacted));
      add('ticket.action.resolved', yes(d.resolved));
      add('ticket.action.satisfaction', <b>{labelOf(t, 'ticket.satisfaction', d.satisfaction as string)}</b>);
    }
    add('ticket.field.note', d.note as string);
    return lines;
  }
  for (const [k, v] of Object.entries(d)) {
    switch (k) {
      case 'leadUnitId':
        add('ticket.field.leadUnit', typeof v === 'number' ? unitName(v) : '');
        break;
      case 'coUnitIds':
        add('ticket.field.coUnits', Array.isArray(v) && v.length ? v.map((id) => unitName(Number(id))).join('、') : '');
        break;
      case 'unitId':
        add('ticket.event.unit', typeof v === 'number' ? unitName(v) : '');
        break;
      case 'fallback':
        if (v) add('ticket.fallback', t('ticket.yes'));
        break;
      case 'deadlines':
        add('ticket.event.deadlines', deadlinesText(t, v));
        break;
      case 'approve':
        add('ticket.action.decision', v ? t('ticket.action.approve') : t('ticket.action.reject'));
        break;
      case 'method':
        add('ticket.action.method', labelOf(t, 'ticket.contactMethod', v as string));
        break;
      case 'days':
        add('ticket.event.days', t('ticket.event.workingDays', { n: Number(v) }));
        break;
      case 'reason':
        add(e.type === 'dispatch' ? 'ticket.action.dispatchReason' : 'ticket.event.reason', v as string);
        break;
      case 'plan':
        add('ticket.action.plan', v as string);
        break;
      case 'reviewDate':
        add('ticket.action.reviewDate', v as string);
        break;
      case 'text':
        add('ticket.action.replyText', v as string);
        break;
      case 'answer':
        add('ticket.action.answer', v as string);
        break;
      case 'route':
        add('ticket.field.specialRoute', labelOf(t, 'ticket.specialRoute', v as string));
        break;
      case 'originalNumber':
        add('ticket.action.original', v as string);
        break;
      case 'progress':
        add('ticket.event.progress', v as string);
        break;
      case 'outcome':
        add('ticket.field.outcome', labelOf(t, 'ticket.outcome', v as string));
        break;
      case 'level':
        add('ticket.event.level', labelOf(t, 'ticket.supervisionLevel', String(v)));
        break;
      case 'deadline':
        add('ticket.event.missed', labelOf(t, 'ticket.deadline', v as string));
        break;
      case 'note':
        add('ticket.field.note', v as string);
        break;
      case 'articleId':
      case 'originalId':
        break;
      default:
        if (typeof v === 'string' || typeof v === 'number') lines.push({ label: k, value: String(v) });
        else if (typeof v === 'boolean') lines.push({ label: k, value: yes(v) });
    }
  }
  return lines;
}

export default function EventTimeline({ events, unitName }: { events: readonly TicketEvent[]; unitName: (id: number) => string }) {
  const { t } = useI18n();
  return (
    <Timeline
      data-testid="ticket-timeline"
      items={events.map((e) => {
        const lines = describeEvent(e, t, unitName);
        const changed = e.stateBefore !== null && e.stateBefore !== e.stateAfter;
        return {
          key: e.seq,
          color: COLOURS[e.type] ?? '#1677ff',
          title: (
            <span data-testid={`event-${e.type}`}>
              <b>{labelOf(t, 'ticket.act', e.type) || e.label}</b>{' '}
              {changed ? (
                <Tag>
                  {labelOf(t, 'ticket.state', e.stateBefore)} → {labelOf(t, 'ticket.state', e.stateAfter)}
                </Tag>
              ) : e.stateBefore === null ? (
                <Tag>{labelOf(t, 'ticket.state', e.stateAfter)}</Tag>
              ) : null}
            </span>
          ),
          content: (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')} ·{' '}
                {e.actor === null ? t('ticket.event.system') : e.actor.isRequester ? t('ticket.event.requester') : (e.actor.unit?.name ?? `#${e.actor.userId}`)}
              </Typography.Text>
              {lines.map((l, i) => (
                <div key={i} style={{ whiteSpace: 'pre-wrap' }}>
                  <Typography.Text type="secondary">
                    {l.label}
                    {t('ticket.labelSep')}
                  </Typography.Text>
                  {l.value}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
