/**
 * 吹哨报到: whistles the user's unit blew or is summoned to (all for the centre). A street blows a
 * whistle here; a row expands to the report-ins, where a department reports in and the street rates.
 */
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, must } from '../api.ts';
import type { paths } from '../api-types';
import WhistleDetail from '../components/whistle/WhistleDetail.tsx';
import { useReference } from '../components/ticket/reference.ts';
import { useI18n } from '../i18n.tsx';
import { useSession } from '../session.tsx';

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

export default function WhistlePage() {
  const { t } = useI18n();
  const { me } = useSession();
  const ref = useReference();
  const [items, setItems] = useState<Item[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form] = Form.useForm<BlowForm>();

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

  const blow = async (v: BlowForm) => {
    try {
      const r = await must(api.POST('/api/whistles', { body: { ...v, emergency: v.emergency ?? false } }));
      setNotice(t('whistle.blown', { number: r.number }));
      setError(null);
      form.resetFields();
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const summonable = ref.units.filter((u) => u.unitType === 'department' || u.unitType === 'enterprise');
  const isStreet = me?.unitType === 'street';

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" title={error} closable onClose={() => setError(null)} />}
      {notice && <Alert type="success" title={notice} closable onClose={() => setNotice(null)} />}
      {isStreet && (
        <Card title={t('whistle.blow')} size="small">
          <Form form={form} layout="vertical" initialValues={{ reportLimitMinutes: 240 }} onFinish={(v) => void blow(v)}>
            <Form.Item name="title" label={t('whistle.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="content" label={t('whistle.content')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="place" label={t('whistle.place')} rules={[{ required: true, whitespace: true, max: 300 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="departmentUnitIds" label={t('whistle.departments')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" optionFilterProp="label" options={summonable.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
            <Space>
              <Form.Item name="reportLimitMinutes" label={t('whistle.limit')} rules={[{ required: true }]}>
                <InputNumber min={5} max={10080} />
              </Form.Item>
              <Form.Item name="sourceTicketId" label={t('whistle.source')}>
                <InputNumber min={1} />
              </Form.Item>
              <Form.Item name="emergency" valuePropName="checked" label=" ">
                <Checkbox>{t('whistle.emergency')}</Checkbox>
              </Form.Item>
            </Space>
            <Button type="primary" htmlType="submit">
              {t('whistle.submit')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<Item>
        rowKey="ticketId"
        size="small"
        dataSource={items}
        expandable={{ expandedRowRender: (r) => <WhistleDetail id={r.ticketId} onChanged={() => void load()} /> }}
        columns={[
          { title: t('whistle.number'), dataIndex: 'number' },
          { title: t('whistle.title'), dataIndex: 'title' },
          { title: t('whistle.street'), dataIndex: 'streetName' },
          { title: t('whistle.place'), dataIndex: 'place' },
          { title: t('whistle.created'), render: (_, r) => new Date(r.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
          { title: t('whistle.state'), render: (_, r) => (r.closedAt ? t('whistle.closed') : r.state) },
        ]}
      />
    </Space>
  );
}
