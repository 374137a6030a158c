/**
 * 文明积分银行 (staff): the catalogue and its stock (restocked by the centre's supervisors and admins),
 * the earning rules with their versions, the audit, the good-conduct form for a street's workers, and
 * the hand-out desk where a redemption point's staff give the item against the holder's pickup code.
 * Each tab shows by the rule its route enforces (useSession().may).
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Popover, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { beijingTime } from '../../shared/format.ts';

type Item = ApiJson<'/api/points/items'>['items'][number];
type Rule = ApiJson<'/api/points/rules'>['items'][number];

function Restock({ item, onDone }: { item: Item; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [delta, setDelta] = useState<number | null>(10);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!delta) return;
    setBusy(true);
    try {
      await must(api.POST('/api/points/items/{id}/stock', { params: { path: { id: item.id } }, body: { delta } }));
      message.success(t('points.restocked'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <InputNumber aria-label={t('points.restock.prompt')} value={delta} onChange={setDelta} min={-1_000_000} max={1_000_000} />
      <Button type="primary" loading={busy} onClick={() => void save()}>
        {t('points.restock')}
      </Button>
    </Space>
  );
}

function Catalogue() {
  const { t } = useI18n();
  const { may } = useSession();
  const manage = may('points.catalogueManage');
  const items = useLoad(async () => (await must(api.GET('/api/points/items', { params: { query: { withdrawn: true } } }))).items, [], {
    initial: [] as Item[],
  });
  const partners = useLoad(async () => (await must(api.GET('/api/points/partners'))).items, [], { initial: [] });
  const partnerName = useMemo(() => new Map(partners.data.map((p) => [p.id, p.name])), [partners.data]);
  return (
    <>
      {items.error && <Alert type="error" showIcon title={items.error} />}
      <Table<Item>
        rowKey="id"
        size="small"
        loading={items.loading}
        dataSource={items.data}
        pagination={false}
        columns={[
          { title: t('points.col.item'), dataIndex: 'name' },
          { title: t('points.col.partner'), render: (_, r) => partnerName.get(r.partnerId) ?? r.partnerId },
          { title: t('points.col.cost'), dataIndex: 'cost', align: 'right' },
          { title: t('points.col.stock'), align: 'right', render: (_, r) => (r.stock === 0 ? <Tag color="red">0</Tag> : r.stock) },
          {
            title: t('points.col.status'),
            render: (_, r) => (r.active ? <Tag color="green">{t('points.item.active')}</Tag> : <Tag>{t('points.item.withdrawn')}</Tag>),
          },
          ...(manage
            ? [
                {
                  title: t('points.col.actions'),
                  render: (_: unknown, r: Item) => (
                    <Popover trigger="click" title={t('points.restock.prompt')} content={<Restock item={r} onDone={() => void items.reload()} />}>
                      <Button size="small">{t('points.restock')}</Button>
                    </Popover>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function Rules() {
  const { t } = useI18n();
  const rules = useLoad(async () => (await must(api.GET('/api/points/rules'))).items, [], { initial: [] as Rule[] });
  return (
    <>
      {rules.error && <Alert type="error" showIcon title={rules.error} />}
      <Table<Rule>
        rowKey="id"
        size="small"
        loading={rules.loading}
        dataSource={rules.data}
        pagination={false}
        columns={[
          { title: t('points.rule.code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t('points.rule.name'), dataIndex: 'name' },
          { title: t('points.rule.kind'), render: (_, r) => t(`points.rule.kind.${r.kind}`) },
          { title: t('points.rule.points'), dataIndex: 'pointsPerUnit', align: 'right' },
          { title: t('points.rule.cap'), align: 'right', render: (_, r) => r.dailyCap ?? t('points.rule.noCap') },
          { title: t('points.rule.from'), dataIndex: 'effectiveFrom' },
        ]}
      />
    </>
  );
}

function Audit() {
  const { t } = useI18n();
  const audit = useLoad(() => must(api.GET('/api/points/audit')), []);
  const a = audit.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={() => void audit.reload()} loading={audit.loading}>
        {t('points.audit.run')}
      </Button>
      {audit.error && <Alert type="error" showIcon title={audit.error} />}
      {a && (
        <>
          <Alert type={a.anomalies === 0 ? 'success' : 'error'} showIcon title={a.anomalies === 0 ? t('points.audit.ok') : t('points.audit.bad')} />
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('points.audit.accounts')}>{a.accounts}</Descriptions.Item>
            <Descriptions.Item label={t('points.audit.transactions')}>{a.transactions}</Descriptions.Item>
            <Descriptions.Item label={t('points.audit.circulating')}>{a.issuer.circulating}</Descriptions.Item>
            <Descriptions.Item label={t('points.audit.issuer')}>{a.issuer.issuerBalance}</Descriptions.Item>
            <Descriptions.Item label={t('points.audit.anomalies')}>{a.anomalies}</Descriptions.Item>
          </Descriptions>
          {a.anomalies > 0 && (
            <pre data-testid="points-audit-findings">
              {JSON.stringify({ mismatched: a.mismatched, negative: a.negative, unbalanced: a.unbalanced }, null, 2)}
            </pre>
          )}
        </>
      )}
    </Space>
  );
}

interface ConductValues {
  holderUsername: string;
  ruleCode: string;
  communityCode: string;
  note?: string;
}

function ConductForm() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const ref = useReference();
  const [form] = Form.useForm<ConductValues>();
  const [busy, setBusy] = useState(false);
  const rules = useLoad(async () => (await must(api.GET('/api/points/rules'))).items.filter((r) => r.kind === 'conduct'), [], { initial: [] as Rule[] });
  const ruleOptions = [...new Map(rules.data.map((r) => [r.code, r.name])).entries()].map(([value, label]) => ({ value, label }));
  const communities = ref.divisions.filter((d) => d.level === 'community').map((d) => ({ value: d.code, label: d.name }));
  const submit = async (v: ConductValues) => {
    setBusy(true);
    try {
      const r = await must(
        api.POST('/api/points/conduct-awards', {
          body: { ...v, note: v.note ?? '', checkKey: `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}` },
        }),
      );
      message.success(r.replayed ? t('points.conduct.replayed') : t('points.conduct.done', { points: r.points, balance: r.balance }));
      form.resetFields(['holderUsername', 'note']);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('points.conduct.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 480 }} onFinish={(v) => void submit(v)} initialValues={{ ruleCode: 'conduct.waste_sorting' }}>
        <Form.Item name="holderUsername" label={t('points.conduct.holder')} rules={[{ required: true, max: 64 }]}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="ruleCode" label={t('points.conduct.rule')} rules={[{ required: true }]}>
          <Select options={ruleOptions} loading={rules.loading} />
        </Form.Item>
        <Form.Item name="communityCode" label={t('points.conduct.community')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={communities} loading={ref.loading} />
        </Form.Item>
        <Form.Item name="note" label={t('points.conduct.note')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('points.conduct.submit')}
        </Button>
      </Form>
    </Card>
  );
}

type PartnerRedemption = ApiJson<'/api/points/redemptions'>['items'][number];

function HandOut() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  // The last hand-out's outcome stays on the desk until the next one (a toast is easy to miss at a counter).
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const pending = useLoad(async () => (await must(api.GET('/api/points/redemptions', { params: { query: { status: 'pending' } } }))).items, [], {
    initial: [] as PartnerRedemption[],
  });
  const submit = async () => {
    setBusy(true);
    try {
      const r = await must(api.POST('/api/points/redemptions/collect', { body: { pickupCode: code.trim().toUpperCase() } }));
      setOutcome({ ok: true, text: t('points.handOut.done', { item: r.itemName, quantity: r.quantity }) });
      setCode('');
      void pending.reload();
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ maxWidth: 420 }}>
        <Input
          aria-label={t('points.handOut.code')}
          placeholder={t('points.handOut.code')}
          value={code}
          maxLength={10}
          onChange={(e) => setCode(e.target.value)}
          onPressEnter={() => void submit()}
          data-testid="pickup-input"
        />
        <Button type="primary" loading={busy} disabled={!/^[0-9A-Za-z]{10}$/.test(code.trim())} onClick={() => void submit()}>
          {t('points.handOut.submit')}
        </Button>
      </Space.Compact>
      {outcome && <Alert type={outcome.ok ? 'success' : 'error'} showIcon title={outcome.text} data-testid="handout-result" />}
      {pending.error && <Alert type="error" showIcon title={pending.error} />}
      <Table<PartnerRedemption>
        rowKey="id"
        size="small"
        title={() => t('points.handOut.pending')}
        data-testid="handout-pending"
        loading={pending.loading}
        dataSource={pending.data}
        pagination={false}
        columns={[
          { title: t('points.col.item'), render: (_, r) => `${r.itemName} ×${r.quantity}` },
          { title: t('points.handOut.holder'), dataIndex: 'holderName' },
          { title: t('points.col.cost'), dataIndex: 'points', align: 'right' },
          { title: t('points.handOut.time'), render: (_, r) => beijingTime(r.createdAt) },
        ]}
      />
    </Space>
  );
}

export default function PointsBankPage() {
  const { t } = useI18n();
  const { may } = useSession();
  const tabs = [
    { key: 'catalogue', label: t('points.tab.catalogue'), children: <Catalogue />, show: may('points.catalogueRead') },
    { key: 'rules', label: t('points.tab.rules'), children: <Rules />, show: may('points.rulesRead') },
    { key: 'audit', label: t('points.tab.audit'), children: <Audit />, show: may('points.audit') },
    { key: 'handOut', label: t('points.tab.handOut'), children: <HandOut />, show: may('points.handOut') },
    { key: 'conduct', label: t('points.tab.conduct'), children: <ConductForm />, show: may('points.awardConduct') },
  ].filter((x) => x.show);
  return (
    <Card title={t('points.title')}>
      <Typography.Paragraph type="secondary">{t('points.subtitle')}</Typography.Paragraph>
      <Tabs items={tabs.map(({ key, label, children }) => ({ key, label, children }))} />
    </Card>
  );
}
