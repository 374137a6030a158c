/**
 * /m/orders on a phone: a resident orders from the service menu of their community's station and the
 * stations above it, follows their orders and rates a served one (评单); a team leader accepts or
 * declines (with a reason) the orders offered to the team and records the service (接单、服务).
 */
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { MobileShell } from '../activities/index.ts';
import type { ApiJson } from '../../shared/api.ts';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { beijingTime } from '../../shared/format.ts';

type Order = ApiJson<'/api/volunteers/orders/mine'>['items'][number];
type MenuItem = ApiJson<'/api/volunteers/orders/menu'>['items'][number];

export default function MobileOrdersPage() {
  const { t } = useI18n();
  const { may } = useSession();
  return (
    <MobileShell title={t('orders.m.title')} rule={['volunteers.order', 'volunteers.serveOrders']} denied={t('orders.m.needResident')}>
      <div data-testid="orders-mobile">
        <Link to="/m/volunteer">{t('orders.m.links')}</Link>
        {may('volunteers.serveOrders') && <TeamOrders />}
        {may('volunteers.order') && <ResidentOrders />}
      </div>
    </MobileShell>
  );
}

function StateTag({ o }: { o: Order }) {
  const { t } = useI18n();
  if (o.closed) return <Tag color="green">{t('orders.closed')}</Tag>;
  return <Tag color={o.state === 'served' ? 'blue' : o.state === 'pending' ? 'orange' : 'gold'}>{t(`orders.state.${o.state}` as MessageKey)}</Tag>;
}

function ResidentOrders() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const menu = useLoad(async () => (await must(api.GET('/api/volunteers/orders/menu'))).items, [], { initial: [] as MenuItem[] });
  const mine = useLoad(async () => (await must(api.GET('/api/volunteers/orders/mine'))).items, [], { initial: [] as Order[] });
  const [ordering, setOrdering] = useState<MenuItem | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef('');
  const [form] = Form.useForm<{ content: string; address?: string }>();

  const open = (m: MenuItem) => {
    key.current = crypto.randomUUID();
    form.resetFields();
    setOrdering(m);
  };
  const submit = async (v: { content: string; address?: string }) => {
    if (ordering === null) return;
    setBusy(true);
    try {
      const r = await must(
        api.POST('/api/volunteers/orders', {
          body: { menuItemId: ordering.id, content: v.content, ...(v.address ? { address: v.address } : {}) },
          params: { header: { 'idempotency-key': key.current } },
        }),
      );
      void message.success(t('orders.m.placed', { number: r.number }));
      setOrdering(null);
      await mine.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const rate = async (o: Order, satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied') => {
    try {
      await must(api.POST('/api/volunteers/orders/{id}/rating', { params: { path: { id: o.ticketId } }, body: { satisfaction } }));
      await mine.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Card size="small" title={t('orders.m.menu')} style={{ marginTop: 12 }}>
        {menu.error && <Alert type="error" title={menu.error} />}
        {ordering ? (
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="order-form">
            <Typography.Title level={5}>{ordering.name}</Typography.Title>
            <Typography.Paragraph type="secondary">{ordering.stationName}</Typography.Paragraph>
            <Form.Item name="content" label={t('orders.m.content')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} placeholder={t('orders.m.contentHint')} maxLength={1000} />
            </Form.Item>
            <Form.Item name="address" label={t('orders.m.address')}>
              <Input maxLength={200} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('orders.m.submit')}
              </Button>
              <Button onClick={() => setOrdering(null)}>✕</Button>
            </Space>
          </Form>
        ) : menu.data.length === 0 ? (
          <Empty description={t('orders.m.noMenu')} />
        ) : (
          <List
            dataSource={menu.data}
            renderItem={(m) => (
              <List.Item
                data-testid={`menu-${m.id}`}
                extra={
                  <Button type="primary" onClick={() => open(m)}>
                    {t('orders.m.order')}
                  </Button>
                }
              >
                <List.Item.Meta title={m.name} description={`${m.description} · ${m.stationName}`} />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('orders.m.mine')} style={{ marginTop: 12 }}>
        {mine.error && <Alert type="error" title={mine.error} />}
        {mine.data.length === 0 ? (
          <Empty description={t('orders.m.noOrders')} />
        ) : (
          <List
            dataSource={mine.data}
            renderItem={(o) => (
              <List.Item data-testid={`my-order-${o.number}`}>
                <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                  <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                    <Typography.Text strong>{o.menuItemName}</Typography.Text>
                    <StateTag o={o} />
                  </Space>
                  <Typography.Text type="secondary">
                    {o.number} · {beijingTime(o.createdAt)}
                  </Typography.Text>
                  <Typography.Text>{o.content}</Typography.Text>
                  {o.teamName && <Typography.Text>{t('orders.m.team', { name: o.teamName })}</Typography.Text>}
                  {o.servedMinutes !== null && (
                    <Typography.Text>{t('orders.m.served', { names: o.servedBy.map((s) => s.name).join('、'), minutes: o.servedMinutes })}</Typography.Text>
                  )}
                  {o.satisfaction && <Typography.Text>{t('orders.m.rated', { value: t(`orders.sat.${o.satisfaction}` as MessageKey) })}</Typography.Text>}
                  {o.mayRate && (
                    <Space wrap data-testid="rate">
                      <Typography.Text>{t('orders.m.rate')}</Typography.Text>
                      {(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((s) => (
                        <Button key={s} size="small" onClick={() => void rate(o, s)}>
                          {t(`orders.sat.${s}` as MessageKey)}
                        </Button>
                      ))}
                    </Space>
                  )}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}

function TeamOrders() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const orders = useLoad(async () => (await must(api.GET('/api/volunteers/orders/team'))).items, [], { initial: [] as Order[] });
  // The server says what the leader may do to each order (steps): the open ones are those with a step.
  const open = orders.data.filter((o) => o.steps.length > 0);
  const run = async (p: Promise<unknown>) => {
    try {
      await p;
      await orders.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card size="small" title={t('orders.m.leader')} style={{ marginTop: 12 }} data-testid="team-orders">
      {orders.error && <Alert type="error" title={orders.error} />}
      {open.length === 0 ? (
        <Empty description={t('orders.m.noTeamOrders')} />
      ) : (
        <List
          dataSource={open}
          renderItem={(o) => (
            <List.Item data-testid={`team-order-${o.number}`}>
              <Space orientation="vertical" style={{ width: '100%' }} size={6}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{o.menuItemName}</Typography.Text>
                  <StateTag o={o} />
                </Space>
                <Typography.Text type="secondary">
                  {o.number} · {o.communityName} · {t('orders.due', { at: beijingTime(o.state === 'offered' ? o.contactDueAt : o.replyDueAt) })}
                </Typography.Text>
                <Typography.Text>{o.content}</Typography.Text>
                {o.steps.includes('accept') && (
                  <Answer
                    mayDecline={o.steps.includes('decline')}
                    onAccept={() => run(must(api.POST('/api/volunteers/orders/{id}/answer', { params: { path: { id: o.ticketId } }, body: { accept: true } })))}
                    onDecline={(reason) =>
                      run(must(api.POST('/api/volunteers/orders/{id}/answer', { params: { path: { id: o.ticketId } }, body: { accept: false, reason } })))
                    }
                  />
                )}
                {o.steps.includes('record') && (
                  <ServiceRecord
                    order={o}
                    onSave={(body) => run(must(api.POST('/api/volunteers/orders/{id}/service', { params: { path: { id: o.ticketId } }, body })))}
                  />
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Answer({ mayDecline, onAccept, onDecline }: { mayDecline: boolean; onAccept(): Promise<void>; onDecline(reason: string): Promise<void> }) {
  const { t } = useI18n();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  return declining ? (
    <Space.Compact style={{ width: '100%' }}>
      <Input placeholder={t('orders.m.declineReason')} aria-label={t('orders.m.declineReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button danger disabled={reason.trim() === ''} onClick={() => void onDecline(reason.trim())}>
        {t('orders.m.decline')}
      </Button>
    </Space.Compact>
  ) : (
    <Space>
      <Button type="primary" onClick={() => void onAccept()}>
        {t('orders.m.accept')}
      </Button>
      {mayDecline && <Button onClick={() => setDeclining(true)}>{t('orders.m.decline')}</Button>}
    </Space>
  );
}

function ServiceRecord({ order, onSave }: { order: Order; onSave(body: { servedBy: number[]; minutes: number; note: string }): Promise<void> }) {
  const { t } = useI18n();
  const team = useLoad(async () => must(api.GET('/api/teams/{id}', { params: { path: { id: order.teamId! } } })), [order.teamId], {
    skip: order.teamId === null,
  });
  const [form] = Form.useForm<{ servedBy: number[]; minutes: number; note?: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="service-record"
      onFinish={(v) => void onSave({ servedBy: v.servedBy, minutes: v.minutes, note: v.note ?? '' })}
      initialValues={{ minutes: 60 }}
    >
      <Typography.Text strong>{t('orders.m.record')}</Typography.Text>
      <Form.Item name="servedBy" label={t('orders.m.servedBy')} rules={[{ required: true }]}>
        <Select mode="multiple" options={(team.data?.members ?? []).map((m) => ({ value: m.userId, label: m.name }))} />
      </Form.Item>
      <Form.Item name="minutes" label={t('orders.m.minutes')} rules={[{ required: true }]}>
        <InputNumber min={1} max={1440} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('orders.m.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('orders.m.saveRecord')}
      </Button>
    </Form>
  );
}
