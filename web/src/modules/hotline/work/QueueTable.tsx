/**
 * One queue of the supervision centre as a server-paged table, oldest first, with the unit's reason
 * or request beside each ticket and the decision buttons the server allows on it (each queue item
 * carries its allowed actions). A decision opens the shared action form with the ticket's details.
 */
import { App, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { useNow } from '../../../shared/Countdown.tsx';
import { formatTime } from '../../../shared/format.ts';
import type { Unit } from '../../../shared/reference.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../../shell/i18n.tsx';
import ActionModal from '../action/ActionModal.tsx';
import type { ActionType } from '../action/post-action.ts';
import type { TicketDetails } from '../ticket-types.ts';
import { DueCountdown, placeOf, shortCategory, StateTag, SupervisionTag, useDuration, useLabel, type CentreQueue, type QueueItem } from './common.tsx';

const PAGE_SIZE = 20;

/** The decisions each queue is for, in button order. */
export const QUEUE_DECISIONS: Record<CentreQueue, ActionType[]> = {
  overdue: ['supervise'],
  objections: ['decideObjection'],
  extensions: ['decideExtension'],
  appeals: ['decideAppeal'],
  unsatisfied: ['redo', 'close'],
  undispatched: ['dispatch'],
  deferralReview: ['supervise', 'reassign'],
};

export interface QueueTableProps {
  name: CentreQueue;
  units: readonly Unit[];
  /** A decision was recorded (the counts changed). */
  onChanged(): void;
}

export default function QueueTable({ name, units, onChanged }: QueueTableProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const label = useLabel();
  const duration = useDuration();
  const now = useNow(60_000);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<{ ticket: TicketDetails; action: { type: ActionType; label: string } } | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  const {
    data: { items, total },
    loading,
    error,
    reload,
  } = useLoad(
    async () => {
      const r = await must(api.GET('/api/queues/{name}', { params: { path: { name }, query: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } } }));
      return { items: r.items, total: r.total };
    },
    [name, page],
    { initial: { items: [] as QueueItem[], total: 0 } },
  );

  useEffect(() => setPage(1), [name]);

  /** Opens the decision form on the ticket as it is now (its version and allowed actions). */
  const decide = async (item: QueueItem, type: ActionType) => {
    setOpening(`${type}-${item.id}`);
    try {
      const ticket = await must(api.GET('/api/tickets/{id}', { params: { path: { id: item.id } } }));
      const allowed = ticket.allowedActions.find((a) => a.type === type);
      if (!allowed) {
        message.warning(t('work.action.stale'));
        await reload();
        return;
      }
      setOpen({ ticket, action: { type, label: allowed.label } });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setOpening(null);
    }
  };

  const detail = (i: QueueItem) => {
    switch (name) {
      case 'overdue':
        return (
          <Space size={4} wrap>
            {i.deadline ? <Tag color="red">{t(`work.deadline.${i.deadline}` as MessageKey)}</Tag> : null}
            <DueCountdown dueAt={i.activeDueAt} dueStatus={i.dueStatus} testId={`centre-due-${i.id}`} />
          </Space>
        );
      case 'extensions':
        return (
          <>
            <Tag color="blue">{t('work.extension.days', { days: i.extensionDays ?? 0 })}</Tag>
            <Typography.Text>{i.reason}</Typography.Text>
          </>
        );
      case 'objections':
      case 'appeals':
      case 'deferralReview':
        return <Typography.Text data-testid={`centre-reason-${i.id}`}>{i.reason}</Typography.Text>;
      case 'unsatisfied':
        return i.callback ? (
          <Tag color={i.callback.satisfaction === 'unsatisfied' ? 'red' : 'orange'}>
            {t('work.callbackResult', {
              contacted: i.callback.contacted ? t('work.yes') : t('work.no'),
              resolved: i.callback.resolved ? t('work.yes') : t('work.no'),
              satisfaction: label('satisfaction', i.callback.satisfaction),
            })}
          </Tag>
        ) : null;
      case 'undispatched':
        return <Typography.Text type="secondary">{label('channelName', i.channel)}</Typography.Text>;
    }
  };

  const columns: TableColumnsType<QueueItem> = [
    {
      title: t('work.col.number'),
      dataIndex: 'number',
      width: 180,
      render: (n: string, i) => (
        <Link to={`/tickets/${i.id}`} style={{ whiteSpace: 'nowrap' }}>
          {n}
        </Link>
      ),
    },
    {
      title: t('work.col.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, i) => (
        <Space size={4}>
          <SupervisionTag level={i.supervisionLevel} />
          <span>{title}</span>
        </Space>
      ),
    },
    { title: t('work.col.leadUnit'), key: 'lead', width: 140, ellipsis: true, render: (_, i) => i.leadUnit?.name ?? t('work.none') },
    { title: t('work.col.category'), key: 'category', width: 170, ellipsis: true, render: (_, i) => shortCategory(i.category?.path) },
    { title: t('work.col.place'), key: 'place', width: 170, ellipsis: true, render: (_, i) => placeOf(i) },
    { title: t(`work.detail.${name}` as MessageKey), key: 'detail', width: 260, render: (_, i) => detail(i) },
    ...(name === 'appeals' || name === 'overdue'
      ? [{ title: t('work.col.state'), key: 'state', width: 110, render: (_: unknown, i: QueueItem) => <StateTag state={i.state} /> }]
      : []),
    {
      title: t('work.col.since'),
      key: 'since',
      width: 130,
      render: (_, i) => (i.since ? <span title={formatTime(i.since)}>{t('work.waited', { time: duration(now - Date.parse(i.since)) })}</span> : null),
    },
    {
      title: t('work.col.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, i) => (
        <Space size={4} wrap>
          {QUEUE_DECISIONS[name]
            .filter((type) => i.allowedActions.some((a) => a.type === type))
            .map((type) => (
              <Button
                key={type}
                size="small"
                type={type === 'close' ? 'default' : 'primary'}
                loading={opening === `${type}-${i.id}`}
                onClick={() => void decide(i, type)}
                data-testid={`centre-action-${type}-${i.id}`}
              >
                {label('action', type, i.allowedActions.find((a) => a.type === type)?.label)}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      <Table<QueueItem>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        scroll={{ x: 1350 }}
        locale={{ emptyText: t('work.empty') }}
        onRow={(i) => ({ 'data-testid': `centre-row-${i.id}` }) as object}
        pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, showTotal: (n) => t('work.total', { n }), onChange: setPage }}
      />
      {open ? (
        <ActionModal
          ticket={open.ticket}
          action={open.action}
          units={units}
          onClose={() => setOpen(null)}
          onDone={() => {
            message.success(t('work.centre.done', { number: open.ticket.number }));
            setOpen(null);
            void reload();
            onChanged();
          }}
          onStale={(msg) => {
            message.warning(msg);
            setOpen(null);
            void reload();
          }}
        />
      ) : null}
    </>
  );
}
