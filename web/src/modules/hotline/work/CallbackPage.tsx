/**
 * 回访工作台: the queue of tickets due for a callback (replied, oldest reply first, then working tickets
 * past their reply deadline), and for the selected one its request, the unit's reply, the requester's
 * number (masked; revealed on demand, which is recorded) and the callback questions. After each
 * callback the next ticket is opened.
 */
import { App, Alert, Button, Card, Col, Descriptions, Empty, List, Popconfirm, Row, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { formatTime } from '../../../shared/format.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import { postAction } from '../action/post-action.ts';
import type { TicketDetails } from '../ticket-types.ts';
import CallbackForm from './CallbackForm.tsx';
import { placeOf, shortCategory, SupervisionTag, type QueueItem } from './common.tsx';

const PAGE_SIZE = 20;
/** Recorded with every reveal: why the agent needs the number. */
const REVEAL_REASON = '回访';

export default function CallbackPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [revealed, setRevealed] = useState<{ name: string; phone: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  /** The ticket to select after the queue's next load, if it is still there (else the first one). */
  const prefer = useRef<number | null>(null);

  const queueLoad = useLoad(
    async () => {
      const r = await must(api.GET('/api/queues/callback', { params: { query: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } } }));
      return { items: r.items, total: r.total };
    },
    [page],
    { initial: { items: [] as QueueItem[], total: 0 } },
  );
  const {
    data: { items, total },
    loading,
    error,
  } = queueLoad;
  useEffect(() => {
    const want = prefer.current;
    prefer.current = null;
    setSelectedId(want !== null && items.some((i) => i.id === want) ? want : (items[0]?.id ?? null));
  }, [items]);
  /** Loads the queue's page again and selects `id` if it is still there, else the first ticket. */
  const loadQueue = (id: number | null) => {
    prefer.current = id;
    return queueLoad.reload();
  };

  const ticketLoad = useLoad((): Promise<TicketDetails> => must(api.GET('/api/tickets/{id}', { params: { path: { id: selectedId! } } })), [selectedId], {
    skip: selectedId === null,
    onError: setActionError,
  });
  const ticket = selectedId === null || ticketLoad.error !== null ? null : (ticketLoad.data ?? null);
  const ticketLoading = ticketLoad.loading;

  useEffect(() => {
    setRevealed(null);
    setActionError(null);
  }, [selectedId]);

  /** After a callback: open the ticket after this one (this one stays queued after an invalid call). */
  const next = async () => {
    const idx = items.findIndex((i) => i.id === selectedId);
    const after = items[idx + 1]?.id ?? items[idx - 1]?.id ?? null;
    await loadQueue(after);
  };

  const reveal = async () => {
    if (!ticket) return;
    try {
      const r = await must(api.POST('/api/tickets/{id}/reveal', { params: { path: { id: ticket.id } }, body: { reason: REVEAL_REASON } }));
      setRevealed({ name: r.name, phone: r.phone });
    } catch (e) {
      setActionError(errorMessage(e));
    }
  };

  const closeUnreachable = async () => {
    if (!ticket) return;
    const r = await postAction(ticket.id, 'close', ticket.version, { note: '' });
    if (r.error || !r.data) {
      setActionError(errorMessage(r.error ?? new Error(`HTTP ${r.status}`)));
      return;
    }
    message.success(t('work.callback.closed', { number: ticket.number }));
    await next();
  };

  const allowed = new Set(ticket?.allowedActions.map((a) => a.type) ?? []);
  const current = items.find((i) => i.id === selectedId);

  const queue = (
    <Card
      title={`${t('work.callback.queue')} (${total})`}
      size="small"
      data-testid="callback-queue"
      extra={
        <Button size="small" onClick={() => void loadQueue(selectedId)}>
          {t('work.refresh')}
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <List<QueueItem>
        loading={loading}
        dataSource={items}
        locale={{ emptyText: t('work.callback.empty') }}
        pagination={total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total, size: 'small', onChange: setPage } : false}
        renderItem={(i) => {
          const replied = i.state === 'replied';
          return (
            <List.Item
              key={i.id}
              onClick={() => setSelectedId(i.id)}
              style={{
                cursor: 'pointer',
                paddingInline: 8,
                background: i.id === selectedId ? '#fff1f0' : undefined,
                borderLeft: i.id === selectedId ? '3px solid #c41d1d' : '3px solid transparent',
              }}
              data-testid={`callback-item-${i.id}`}
              data-selected={i.id === selectedId}
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Typography.Text strong>{i.number}</Typography.Text>
                    <Tag color={replied ? 'green' : 'red'}>{replied ? t('work.callback.kind.replied') : t('work.callback.kind.overdue')}</Tag>
                    {i.invalidCallbacks > 0 ? <Tag color="orange">{t('work.callback.attempts', { n: i.invalidCallbacks })}</Tag> : null}
                  </Space>
                }
                description={
                  <>
                    <Typography.Text ellipsis style={{ display: 'block' }}>
                      {i.title}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {i.leadUnit?.name} ·{' '}
                      {replied ? t('work.callback.repliedAt', { time: formatTime(i.since) }) : t('work.callback.replyDue', { time: formatTime(i.since) })}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );

  const detail =
    selectedId === null ? (
      <Card>
        <Empty description={loading ? null : items.length ? t('work.callback.pick') : t('work.callback.empty')} />
      </Card>
    ) : (
      <Spin spinning={ticketLoading}>
        <Card
          data-testid="callback-detail"
          data-ticket={ticket?.id}
          title={
            <Space>
              <span>{ticket?.number ?? current?.number}</span>
              <SupervisionTag level={ticket?.supervisionLevel ?? 0} />
            </Space>
          }
          extra={ticket ? <Link to={`/tickets/${ticket.id}`}>{t('work.openTicket')}</Link> : null}
        >
          {actionError ? (
            <Alert type="error" showIcon title={actionError} style={{ marginBottom: 12 }} closable={{ onClose: () => setActionError(null) }} />
          ) : null}
          {ticket ? (
            <>
              <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('work.callback.requester')} span={2}>
                  <Space wrap>
                    <span data-testid="callback-requester">
                      {revealed ? revealed.name : ticket.requester.name}{' '}
                      {revealed ? (
                        <a href={`tel:${revealed.phone}`} data-testid="callback-phone">
                          {revealed.phone}
                        </a>
                      ) : (
                        <span data-testid="callback-phone">{ticket.requester.phone}</span>
                      )}
                    </span>
                    {revealed ? (
                      <Typography.Text type="secondary">{t('work.callback.revealed')}</Typography.Text>
                    ) : ticket.mayRevealRequester ? (
                      <Button size="small" onClick={() => void reveal()} data-testid="callback-reveal">
                        {t('work.callback.reveal')}
                      </Button>
                    ) : null}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('work.callback.unit')}>{ticket.leadUnit?.name}</Descriptions.Item>
                <Descriptions.Item label={t('work.callback.acceptedAt')}>{formatTime(ticket.acceptedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('work.callback.category')}>{shortCategory(ticket.category?.path)}</Descriptions.Item>
                <Descriptions.Item label={t('work.callback.place')}>{placeOf(ticket)}</Descriptions.Item>
                <Descriptions.Item label={t('work.callback.content')} span={2}>
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} data-testid="callback-content">
                    {ticket.content}
                  </Typography.Paragraph>
                </Descriptions.Item>
                <Descriptions.Item label={t('work.callback.replyText')} span={2}>
                  {ticket.replyText ? (
                    <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} data-testid="callback-reply">
                      {ticket.replyText}
                      <br />
                      <Typography.Text type="secondary">{t('work.callback.repliedAt', { time: formatTime(ticket.repliedAt) })}</Typography.Text>
                    </Typography.Paragraph>
                  ) : (
                    <Alert type="warning" showIcon title={t('work.callback.noReply')} />
                  )}
                </Descriptions.Item>
              </Descriptions>
              <Typography.Title level={5}>{t('work.callback.form')}</Typography.Title>
              {allowed.has('callback') ? (
                <CallbackForm
                  ticketId={ticket.id}
                  version={ticket.version}
                  onDone={() => {
                    message.success(t('work.callback.submitted', { number: ticket.number }));
                    void next();
                  }}
                  onStale={() => {
                    message.warning(t('work.callback.stale'));
                    void loadQueue(ticket.id);
                    void ticketLoad.reload();
                  }}
                  onError={setActionError}
                />
              ) : (
                <Alert type="info" showIcon title={t('work.callback.notAllowed')} />
              )}
              {allowed.has('close') ? (
                <Popconfirm title={t('work.callback.closeUnreachable')} onConfirm={() => void closeUnreachable()}>
                  <Button danger style={{ marginTop: 12 }} data-testid="callback-close">
                    {t('work.callback.closeUnreachable')}
                  </Button>
                </Popconfirm>
              ) : null}
            </>
          ) : null}
        </Card>
      </Spin>
    );

  return (
    <div data-testid="callback-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('work.callback.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('work.callback.subtitle')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          {queue}
        </Col>
        <Col xs={24} lg={15}>
          {detail}
        </Col>
      </Row>
    </div>
  );
}
