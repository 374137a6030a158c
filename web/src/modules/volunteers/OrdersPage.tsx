/**
 * 点单派单 (station staff): the orders of the user's stations by state; an order's drawer shows the
 * suggested teams (skills, area, load) with a dispatch button each, and every earlier offer with the
 * team's answer (declines with their reasons); the service menu (add, withdraw); the monthly ranking of
 * stations and teams by satisfaction, timeliness and volume.
 */
import { Alert, App as AntApp, Button, Drawer, Form, Input, List, Select, Space, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ApiJson } from '../../shared/api.ts';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { myStations, skillKey, SKILLS, type Skill } from './common.ts';
import { beijingTime } from '../../shared/format.ts';

type Order = ApiJson<'/api/volunteers/orders'>['items'][number];
type MenuItem = ApiJson<'/api/volunteers/menu'>['items'][number];
type OrderState = Order['state'];
const STATES: readonly OrderState[] = ['pending', 'offered', 'accepted', 'served'];

export default function OrdersPage() {
  const { t } = useI18n();
  return (
    <Tabs
      data-testid="orders-page"
      items={[
        { key: 'orders', label: t('orders.w.orders'), children: <Orders /> },
        { key: 'menu', label: t('orders.w.menu'), children: <Menu /> },
        { key: 'ranking', label: t('orders.w.ranking'), children: <Ranking /> },
      ]}
    />
  );
}

function Orders() {
  const { t } = useI18n();
  const [state, setState] = useState<OrderState | undefined>();
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useLoad(async () => (await must(api.GET('/api/volunteers/orders', { params: { query: state ? { state } : {} } }))).items, [state], {
    initial: [] as Order[],
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('orders.w.all')}
        style={{ minWidth: 140 }}
        value={state}
        onChange={setState}
        options={STATES.map((s) => ({ value: s, label: t(`orders.state.${s}` as MessageKey) }))}
      />
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Order>
        rowKey="ticketId"
        size="small"
        loading={list.loading}
        dataSource={list.data}
        onRow={(r) => ({ onClick: () => setOpenId(r.ticketId), style: { cursor: 'pointer' } })}
        data-testid="orders-table"
        columns={[
          { title: t('orders.w.number'), dataIndex: 'number' },
          { title: t('orders.w.item'), dataIndex: 'menuItemName' },
          { title: t('orders.w.community'), dataIndex: 'communityName' },
          { title: t('orders.w.createdAt'), dataIndex: 'createdAt', render: (v: string) => beijingTime(v) },
          {
            title: t('orders.w.state'),
            render: (_: unknown, o: Order) => (
              <Space size={4}>
                <Tag color={o.closed ? 'green' : o.state === 'pending' ? 'orange' : 'blue'}>
                  {o.closed ? t('orders.closed') : t(`orders.state.${o.state}` as MessageKey)}
                </Tag>
                {o.teamName && <span>{o.teamName}</span>}
                {o.assignments.some((a) => a.answer === 'declined') && <Tag color="red">{t('orders.w.declinedBefore')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <OrderDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => void list.reload()} />
    </Space>
  );
}

function OrderDrawer({ id, onClose, onChanged }: { id: number | null; onClose(): void; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const order = useLoad(() => must(api.GET('/api/volunteers/orders/{id}', { params: { path: { id: id! } } })), [id], { skip: id === null });
  const sugg = useLoad(async () => (await must(api.GET('/api/volunteers/orders/{id}/suggestions', { params: { path: { id: id! } } }))).items, [id], {
    skip: id === null,
  });
  const o = order.data;
  const dispatch = async (teamId: number) => {
    try {
      await must(api.POST('/api/volunteers/orders/{id}/dispatch', { params: { path: { id: id! } }, body: { teamId } }));
      await Promise.all([order.reload(), sugg.reload()]);
      onChanged();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} title={o ? `${o.number} ${o.menuItemName}` : ''} size="large" destroyOnHidden>
      {order.error && <Alert type="error" title={order.error} />}
      {o && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="order-drawer">
          <Typography.Paragraph>{o.content}</Typography.Paragraph>
          <Typography.Text type="secondary">
            {o.stationName} · {o.communityName} · {t(`orders.state.${o.state}` as MessageKey)} · {t('orders.due', { at: beijingTime(o.replyDueAt) })}
          </Typography.Text>
          {o.steps.includes('dispatch') && (
            <List
              header={<Typography.Text strong>{t('orders.w.suggestions')}</Typography.Text>}
              dataSource={sugg.data ?? []}
              data-testid="suggestions"
              renderItem={(s) => (
                <List.Item
                  extra={
                    <Button type="primary" size="small" onClick={() => void dispatch(s.teamId)} data-testid={`dispatch-${s.teamId}`}>
                      {t('orders.w.dispatch')}
                    </Button>
                  }
                >
                  <Space wrap>
                    <Typography.Text strong>{s.name}</Typography.Text>
                    <Tag color={s.skillsCovered ? 'green' : 'default'}>{t('orders.w.skills', { n: s.skillsMatched })}</Tag>
                    <Tag>{t(`orders.w.area.${s.areaMatch}` as MessageKey)}</Tag>
                    <Tag>{t('orders.w.load', { n: s.load })}</Tag>
                    {s.declined && <Tag color="red">{t('orders.w.declinedBefore')}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          )}
          {o.assignments.length > 0 && (
            <>
              <Typography.Text strong>{t('orders.w.history')}</Typography.Text>
              <Timeline
                data-testid="assignments"
                items={o.assignments.map((a) => ({
                  color: a.answer === 'declined' ? 'red' : a.answer === 'accepted' ? 'green' : 'blue',
                  content: `${beijingTime(a.assignedAt)} ${a.teamName} · ${
                    a.answer === 'declined'
                      ? t('orders.w.declined', { reason: a.reason ?? '' })
                      : a.answer === 'accepted'
                        ? t('orders.w.acceptedBy')
                        : t('orders.w.waiting')
                  }`,
                }))}
              />
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}

interface NewItem {
  stationUnitId: number;
  name: string;
  description?: string;
  skills?: Skill[];
  timeLimitClass: string;
}

function Menu() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { me } = useSession();
  const ref = useReference();
  const stations = useMemo(() => myStations(ref.units, me?.unitId ?? 0), [ref.units, me]);
  const classes = useLoad(() => must(api.GET('/api/time-limits')), []);
  const list = useLoad(async () => (await must(api.GET('/api/volunteers/menu'))).items, [], { initial: [] as MenuItem[] });
  const [form] = Form.useForm<NewItem>();
  const add = async (v: NewItem) => {
    try {
      await must(api.POST('/api/volunteers/menu', { body: { ...v, skills: v.skills ?? [] } }));
      form.resetFields();
      await list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  const toggle = async (m: MenuItem, active: boolean) => {
    try {
      await must(api.PATCH('/api/volunteers/menu/{id}', { params: { path: { id: m.id } }, body: { active } }));
      await list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => void add(v)}
        initialValues={{ stationUnitId: me?.unitId, timeLimitClass: 'general' }}
        data-testid="menu-form"
      >
        <Form.Item name="stationUnitId" label={t('orders.w.station')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 200 }} options={stations.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="name" label={t('orders.w.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="description" label={t('orders.w.description')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="skills" label={t('orders.w.skillsNeeded')}>
          <Select mode="multiple" style={{ minWidth: 160 }} options={SKILLS.map((s) => ({ value: s, label: t(skillKey(s)) }))} />
        </Form.Item>
        <Form.Item name="timeLimitClass" label={t('orders.w.timeLimit')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 140 }} options={(classes.data?.items ?? []).map((c) => ({ value: c.code, label: c.code }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('orders.w.addItem')}
        </Button>
      </Form>
      {list.error && <Alert type="error" title={list.error} />}
      <Table<MenuItem>
        rowKey="id"
        size="small"
        dataSource={list.data}
        data-testid="menu-table"
        columns={[
          { title: t('orders.w.name'), dataIndex: 'name' },
          { title: t('orders.w.station'), dataIndex: 'stationName' },
          { title: t('orders.w.skillsNeeded'), dataIndex: 'skills', render: (v: string[]) => v.map((s) => <Tag key={s}>{t(skillKey(s))}</Tag>) },
          { title: t('orders.w.timeLimit'), dataIndex: 'timeLimitClass' },
          { title: t('orders.w.active'), render: (_: unknown, m: MenuItem) => <Switch checked={m.active} onChange={(v) => void toggle(m, v)} /> },
        ]}
      />
    </Space>
  );
}

type RankingRow = ApiJson<'/api/volunteers/orders/ranking'>['stations'][number];

function Ranking() {
  const { t } = useI18n();
  const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(`${thisMonth}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - i);
    return d.toISOString().slice(0, 7);
  });
  const [month, setMonth] = useState(thisMonth);
  const r = useLoad(() => must(api.GET('/api/volunteers/orders/ranking', { params: { query: { month } } })), [month]);
  const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
  const columns = [
    { title: t('orders.w.rank'), dataIndex: 'rank' },
    { title: t('orders.w.name'), dataIndex: 'name' },
    { title: t('orders.w.volume'), dataIndex: 'orders' },
    { title: t('orders.w.timeliness'), dataIndex: 'timelinessRate', render: pct },
    { title: t('orders.w.satisfaction'), dataIndex: 'satisfactionRate', render: pct },
    { title: t('orders.w.score'), dataIndex: 'score' },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="orders-ranking">
      <Select value={month} onChange={setMonth} options={months.map((m) => ({ value: m, label: m }))} aria-label={t('orders.w.month')} style={{ width: 140 }} />
      {r.error && <Alert type="error" title={r.error} />}
      <Typography.Title level={5}>{t('orders.w.stations')}</Typography.Title>
      <Table<RankingRow> rowKey="key" size="small" pagination={false} dataSource={r.data?.stations ?? []} columns={columns} />
      <Typography.Title level={5}>{t('orders.w.teams')}</Typography.Title>
      <Table<RankingRow> rowKey="key" size="small" pagination={false} dataSource={r.data?.teams ?? []} columns={columns} />
    </Space>
  );
}
