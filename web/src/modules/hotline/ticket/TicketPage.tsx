/**
 * One ticket (工单详情): what was asked, where, who handles it, the three deadlines as countdowns, the
 * full history, and the actions the server says this user may take now (`allowedActions`), each with
 * its form. Actions carry the version the page loaded; if someone acted first the page reloads.
 */
import { Alert, App, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Tag, Typography, type DescriptionsProps } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, must, type ApiError } from '../../../shared/api.ts';
import Countdown, { formatDue } from '../../../shared/Countdown.tsx';
import { labelOf } from '../../../shared/format.ts';
import type { Unit } from '../../../shared/reference.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import { TicketWhistles } from '../../whistles/index.ts';
import { isActionType } from '../action/action-bodies.ts';
import ActionModal from '../action/ActionModal.tsx';
import type { ActionType } from '../action/post-action.ts';
import type { TicketDetails } from '../ticket-types.ts';
import EventTimeline from './EventTimeline.tsx';
import RevealRequester, { type Revealed } from './RevealRequester.tsx';
import TicketAttachments from './TicketAttachments.tsx';

type DescriptionsItem = NonNullable<DescriptionsProps['items']>[number];

const STATE_COLOURS: Record<string, string> = {
  accepted: 'default',
  dispatched: 'blue',
  objection_review: 'orange',
  signed: 'cyan',
  handling: 'processing',
  deferred: 'gold',
  replied: 'purple',
  callback_done: 'geekblue',
  closed: 'green',
};

const DEADLINES = [
  { kind: 'sign', done: 'signedAt' },
  { kind: 'contact', done: 'contactedAt' },
  { kind: 'reply', done: 'repliedAt' },
] as const;

/** Actions that close or decide: shown as primary buttons. */
const PRIMARY = new Set(['sign', 'contact', 'reply', 'callback', 'dispatch', 'answerDirectly', 'close', 'decideObjection', 'decideExtension', 'decideAppeal']);
const DANGER = new Set(['object', 'redo', 'supervise', 'closeSpecial']);

export default function TicketPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [units, setUnits] = useState<Unit[]>([]);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [action, setAction] = useState<{ type: ActionType; label: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const {
    data: ticket,
    loading,
    error: loadError,
    failure,
    reload: load,
  } = useLoad(async (): Promise<TicketDetails> => {
    if (!Number.isSafeInteger(id) || id < 1) throw new Error(t('ticket.page.badId'));
    return must(api.GET('/api/tickets/{id}', { params: { path: { id } } }));
  }, [id, t]);

  useEffect(() => setRevealed(null), [id, t]);

  useEffect(() => {
    api
      .GET('/api/units')
      .then((r) => setUnits(r.data?.items ?? []))
      .catch(() => {});
  }, []);

  const unitName = useCallback((uid: number) => units.find((u) => u.id === uid)?.name ?? `#${uid}`, [units]);
  const actions = useMemo(() => (ticket?.allowedActions ?? []).filter((a) => isActionType(a.type)), [ticket]);

  if (loading && ticket === undefined) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (ticket === undefined) {
    const code = (failure as Partial<ApiError> | null)?.error?.code ?? '';
    return (
      <Result
        status={code === 'NOT_FOUND' || code.endsWith('NOT_FOUND') ? '404' : 'error'}
        title={t('ticket.page.loadFailed')}
        subTitle={loadError ?? ''}
        extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
        data-testid="ticket-load-error"
      />
    );
  }

  const place = [ticket.street?.name, ticket.community?.name].filter(Boolean).join(' / ');
  const address = revealed?.address ?? ticket.address;
  const item = (key: string, label: string, children: ReactNode): DescriptionsItem => ({ key, label, children });
  const meta: DescriptionsItem[] = [
    item(
      'category',
      t('ticket.field.category'),
      <span data-testid="ticket-category">{ticket.category ? ticket.category.path.replaceAll('/', ' › ') : t('ticket.none')}</span>,
    ),
    item('place', t('ticket.field.place'), place || t('ticket.none')),
    item('address', t('ticket.field.address'), <span data-testid="ticket-address">{address || t('ticket.none')}</span>),
    item('lead', t('ticket.field.leadUnit'), <span data-testid="ticket-lead-unit">{ticket.leadUnit?.name ?? t('ticket.notDispatched')}</span>),
    item('co', t('ticket.field.coUnits'), ticket.coUnits.map((u) => u.name).join('、') || t('ticket.none')),
    item(
      'requester',
      t('ticket.field.requester'),
      <RevealRequester ticketId={ticket.id} masked={ticket.requester} mayReveal={ticket.mayRevealRequester} revealed={revealed} onRevealed={setRevealed} />,
    ),
    item('accepted', t('ticket.field.acceptedAt'), dayjs(ticket.acceptedAt).format('YYYY-MM-DD HH:mm')),
    item('channel', t('ticket.field.channel'), labelOf(t, 'ticket.channel', ticket.channel)),
    item('limit', t('ticket.field.timeLimitClass'), labelOf(t, 'ticket.timeLimitClass', ticket.timeLimitClass) || t('ticket.none')),
  ];
  if (ticket.outcome)
    meta.push(item('outcome', t('ticket.field.outcome'), <span data-testid="ticket-outcome">{labelOf(t, 'ticket.outcome', ticket.outcome)}</span>));
  if (ticket.specialRoute) meta.push(item('special', t('ticket.field.specialRoute'), labelOf(t, 'ticket.specialRoute', ticket.specialRoute)));
  if (ticket.repeatOfId !== null)
    meta.push(item('repeatOf', t('ticket.field.repeatOf'), <Link to={`/tickets/${ticket.repeatOfId}`}>#{ticket.repeatOfId}</Link>));
  const paragraph = (text: string, testId: string) => (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid={testId}>
      {text}
    </Typography.Paragraph>
  );
  const texts: DescriptionsItem[] = [
    item('title', t('ticket.field.title'), ticket.title),
    item('content', t('ticket.field.content'), paragraph(ticket.content, 'ticket-content')),
  ];
  if (ticket.replyText) texts.push(item('reply', t('ticket.action.replyText'), paragraph(ticket.replyText, 'ticket-reply')));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="ticket-page">
      {notice ? <Alert type="warning" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} data-testid="ticket-notice" /> : null}
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="ticket-number">
              {ticket.number}
            </Typography.Title>
            <Tag color={STATE_COLOURS[ticket.state]} data-testid="ticket-state" data-state={ticket.state}>
              {labelOf(t, 'ticket.state', ticket.state)}
            </Tag>
            <Tag>{labelOf(t, 'ticket.requestType', ticket.requestType)}</Tag>
            {ticket.urgency !== 'normal' ? <Tag color="red">{labelOf(t, 'ticket.urgency', ticket.urgency)}</Tag> : null}
            {ticket.fallback ? <Tag color="orange">{t('ticket.fallback')}</Tag> : null}
            {ticket.supervisionLevel > 0 ? <Tag color="volcano">{labelOf(t, 'ticket.supervisionLevel', String(ticket.supervisionLevel))}</Tag> : null}
            {ticket.paused ? <Tag color="gold">{t('ticket.paused')}</Tag> : null}
            {ticket.excludedFromAssessment ? <Tag>{t('ticket.excluded')}</Tag> : null}
          </Space>
        }
        extra={
          <Button size="small" onClick={() => void load()} loading={loading} data-testid="ticket-reload">
            {t('ticket.page.reload')}
          </Button>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered items={meta} />
        <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }} styles={{ label: { width: 120 } }} items={texts} />
        {ticket.pendingExtension ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={t('ticket.pendingExtension', { days: ticket.pendingExtension.days })}
            description={ticket.pendingExtension.reason}
          />
        ) : null}
        {ticket.deferral ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('ticket.deferral', { date: ticket.deferral.reviewDate })}
            description={ticket.deferral.plan}
          />
        ) : null}
        {ticket.callback ? (
          <Alert
            style={{ marginTop: 12 }}
            type={ticket.callback.resolved && ticket.callback.satisfaction !== 'unsatisfied' ? 'success' : 'error'}
            showIcon
            data-testid="ticket-callback"
            title={t('ticket.callbackResult', {
              satisfaction: labelOf(t, 'ticket.satisfaction', ticket.callback.satisfaction),
              contacted: ticket.callback.contacted ? t('ticket.yes') : t('ticket.no'),
              resolved: ticket.callback.resolved ? t('ticket.yes') : t('ticket.no'),
            })}
          />
        ) : null}
        {ticket.appeal ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={`${t('ticket.appeal')}: ${labelOf(t, 'ticket.appealStatus', ticket.appeal.status)}`}
            description={ticket.appeal.reason}
          />
        ) : null}
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('ticket.page.actions')} size="small" data-testid="ticket-actions">
              {actions.length ? (
                <Space wrap>
                  {actions.map((a) => (
                    <Button
                      key={a.type}
                      type={PRIMARY.has(a.type) ? 'primary' : 'default'}
                      danger={DANGER.has(a.type)}
                      onClick={() => setAction({ type: a.type as ActionType, label: a.label })}
                      data-testid={`action-${a.type}`}
                    >
                      {labelOf(t, 'ticket.act', a.type) || a.label}
                    </Button>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary" data-testid="ticket-no-actions">
                  {t('ticket.page.noActions')}
                </Typography.Text>
              )}
            </Card>
            <Card title={t('ticket.page.history')} size="small">
              <EventTimeline events={ticket.events} unitName={unitName} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('ticket.page.deadlines')} size="small" data-testid="ticket-deadlines">
              {DEADLINES.some((d) => ticket.deadlines[d.kind]) ? (
                <Descriptions
                  size="small"
                  column={1}
                  items={DEADLINES.map(({ kind, done }) => {
                    const dl = ticket.deadlines[kind];
                    return item(
                      kind,
                      labelOf(t, 'ticket.deadline', kind),
                      dl ? (
                        <Space wrap>
                          <span>{formatDue(dl.dueAt)}</span>
                          <Countdown
                            dueAt={dl.dueAt}
                            startedAt={dl.startedAt}
                            overdue={dl.overdue}
                            doneAt={ticket[done]}
                            paused={ticket.paused}
                            data-testid={`deadline-${kind}`}
                          />
                          {ticket[done] ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('ticket.doneAt', { time: dayjs(ticket[done]).format('MM-DD HH:mm') })}
                            </Typography.Text>
                          ) : null}
                        </Space>
                      ) : (
                        t('ticket.none')
                      ),
                    );
                  })}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticket.page.noDeadlines')} />
              )}
            </Card>
            <TicketAttachments ticketId={ticket.id} />
            <TicketWhistles ticketId={ticket.id} kind={ticket.kind} />
          </Space>
        </Col>
      </Row>

      <ActionModal
        ticket={ticket}
        action={action}
        units={units}
        onClose={() => setAction(null)}
        onDone={(r) => {
          setAction(null);
          setNotice(null);
          void message.success(t('ticket.page.done', { state: labelOf(t, 'ticket.state', r.state) }));
          r.warnings.forEach((w) => void message.warning(w));
          void load();
        }}
        onStale={(msg) => {
          setAction(null);
          setNotice(`${t('ticket.page.stale')} (${msg})`);
          void load();
        }}
      />
    </Space>
  );
}
