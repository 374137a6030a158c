/**
 * 吹哨报到: whistles the user's unit blew or is summoned to (all for the centre). A street blows a
 * whistle here — from scratch or from a ticket (`?source=<ticket id>`, the ticket page's 吹哨 button,
 * which pre-fills the matter from the ticket); a row expands to the report-ins, where a department
 * reports in and the street rates. `?id=<whistle id>` opens that whistle.
 */
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useReference } from '../../shared/reference.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import WhistleDetail from './WhistleDetail.tsx';

type Item = paths['/api/whistles']['get']['responses'][200]['content']['application/json']['items'][number];

interface BlowForm {
  title: string;
  content: string;
  place: string;
  departmentUnitIds: number[];
  reportLimitMinutes: number;
  emergency?: boolean;
  sourceTicketId?: number;
}

const positiveId = (s: string | null) => {
  const n = Number(s);
  return s !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
};

export default function WhistlePage() {
  const { t } = useI18n();
  const { me, may } = useSession();
  const ref = useReference();
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<Item[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [source, setSource] = useState<{ id: number; number: string } | null>(null);
  const [expanded, setExpanded] = useState<number[]>(() => {
    const id = positiveId(params.get('id'));
    return id === null ? [] : [id];
  });
  const [form] = Form.useForm<BlowForm>();
  const sourceParam = positiveId(params.get('source'));

  const load = useCallback(async () => {
    try {
      setItems((await must(api.GET('/api/whistles', { params: { query: { limit: 100 } } }))).items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  // From a ticket: the matter, the situation and the place start as the ticket's.
  useEffect(() => {
    if (sourceParam === null) return;
    let live = true;
    must(api.GET('/api/tickets/{id}', { params: { path: { id: sourceParam } } }))
      .then((tk) => {
        if (!live) return;
        setSource({ id: tk.id, number: tk.number });
        form.setFieldsValue({
          sourceTicketId: tk.id,
          title: tk.title.slice(0, 100),
          content: tk.content.slice(0, 4000),
          place: [tk.street?.name, tk.community?.name, tk.address].filter(Boolean).join(' ').slice(0, 300),
        });
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [sourceParam, form]);

  const blow = async (v: BlowForm) => {
    setBusy(true);
    try {
      const r = await must(api.POST('/api/whistles', { body: { ...v, emergency: v.emergency ?? false } }));
      setNotice(t('whistle.blown', { number: r.number }));
      setError(null);
      form.resetFields();
      setSource(null);
      setExpanded([r.ticketId]);
      setParams({ id: String(r.ticketId) }, { replace: true });
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const summonable = ref.units.filter((u) => u.active && (u.unitType === 'department' || u.unitType === 'enterprise'));
  const isStreet = me?.unitType === 'street' && may('whistles.blow');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="whistle-page">
      {error && <Alert type="error" title={error} closable={{ onClose: () => setError(null) }} data-testid="whistle-error" />}
      {notice && <Alert type="success" title={notice} closable={{ onClose: () => setNotice(null) }} data-testid="whistle-notice" />}
      {isStreet && (
        <Card title={t('whistle.blow')} size="small" data-testid="whistle-form">
          <Form form={form} layout="vertical" initialValues={{ reportLimitMinutes: 240 }} onFinish={(v) => void blow(v)}>
            {source && (
              <Form.Item label={t('whistle.sourceTicket')}>
                <Link to={`/tickets/${source.id}`} data-testid="whistle-form-source">
                  {source.number}
                </Link>
              </Form.Item>
            )}
            <Form.Item name="title" label={t('whistle.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input data-testid="whistle-title" />
            </Form.Item>
            <Form.Item name="content" label={t('whistle.content')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
              <Input.TextArea rows={3} data-testid="whistle-content" />
            </Form.Item>
            <Form.Item name="place" label={t('whistle.place')} rules={[{ required: true, whitespace: true, max: 300 }]}>
              <Input data-testid="whistle-place" />
            </Form.Item>
            <Form.Item name="departmentUnitIds" label={t('whistle.departments')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                options={summonable.map((u) => ({ value: u.id, label: u.name }))}
                data-testid="whistle-departments"
              />
            </Form.Item>
            <Space wrap>
              <Form.Item name="reportLimitMinutes" label={t('whistle.limit')} rules={[{ required: true }]}>
                <InputNumber min={5} max={10080} data-testid="whistle-limit" />
              </Form.Item>
              <Form.Item name="sourceTicketId" label={t('whistle.source')} hidden={source !== null}>
                <InputNumber min={1} data-testid="whistle-source-id" />
              </Form.Item>
              <Form.Item name="emergency" valuePropName="checked" label=" ">
                <Checkbox>{t('whistle.emergency')}</Checkbox>
              </Form.Item>
            </Space>
            <Form.Item style={{ marginBottom: 0 }}>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="whistle-submit">
                {t('whistle.submit')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Table<Item>
        rowKey="ticketId"
        size="small"
        dataSource={items}
        data-testid="whistle-list"
        onRow={(r) => ({ 'data-testid': `whistle-row-${r.number}` }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys.map(Number)),
          expandedRowRender: (r) => <WhistleDetail id={r.ticketId} onChanged={() => void load()} />,
        }}
        columns={[
          { title: t('whistle.number'), dataIndex: 'number' },
          { title: t('whistle.title'), dataIndex: 'title' },
          { title: t('whistle.street'), dataIndex: 'streetName' },
          { title: t('whistle.place'), dataIndex: 'place' },
          { title: t('whistle.created'), render: (_, r) => new Date(r.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
          {
            title: t('whistle.state'),
            render: (_, r) =>
              r.closedAt ? (
                <Tag color="green" data-testid={`whistle-state-${r.number}`} data-state="closed">
                  {t('whistle.closed')}
                </Tag>
              ) : (
                <Tag color="blue" data-testid={`whistle-state-${r.number}`} data-state={r.state}>
                  {t('whistle.inProgress')}
                </Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}
