/** Time-limit classes: sign-for, first-contact and reply limits in natural hours or working days; edit or add a class. */
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import type { TimeLimitView } from './types.ts';

interface LimitClass {
  code: string;
  sign: TimeLimitView;
  contact: TimeLimitView;
  reply: TimeLimitView;
}
type Stage = 'sign' | 'contact' | 'reply';
const STAGES: Stage[] = ['sign', 'contact', 'reply'];
/** Classes the seed data ships, whose names the catalogue knows (GET /api/time-limits gives codes only). */
const KNOWN = new Set(['emergency', 'utility', 'general', 'complex']);

interface EditForm {
  code: string;
  name: string;
  nameEn: string;
  sign: TimeLimitView;
  contact: TimeLimitView;
  reply: TimeLimitView;
}

export default function TimeLimitsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<LimitClass | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<EditForm>();
  const className = (code: string) => (KNOWN.has(code) ? t(`centre.limits.class.${code}` as MessageKey) : code);
  const classNameEn = (code: string) => (KNOWN.has(code) ? t(`centre.limits.classEn.${code}` as MessageKey) : '');
  const show = (l: TimeLimitView) => t(l.unit === 'natural_hours' ? 'centre.limits.hours' : 'centre.limits.workingDays', { n: l.amount });

  const {
    data: items,
    loading,
    reload,
  } = useLoad(async () => (await must(api.GET('/api/time-limits'))).items, [], {
    initial: [],
    onError: (m) => message.error(m),
  });

  const open = (c: LimitClass | 'new') => {
    setEditing(c);
    const base =
      c === 'new'
        ? { code: '', sign: { amount: 2, unit: 'natural_hours' }, contact: { amount: 1, unit: 'working_days' }, reply: { amount: 7, unit: 'working_days' } }
        : c;
    form.setFieldsValue({ ...(base as LimitClass), name: c === 'new' ? '' : className(c.code), nameEn: c === 'new' ? '' : classNameEn(c.code) });
  };

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await must(
        api.PUT('/api/admin/time-limits/{code}', {
          params: { path: { code: v.code } },
          body: { name: v.name, nameEn: v.nameEn ?? '', sign: v.sign, contact: v.contact, reply: v.reply },
        }),
      );
      message.success(t('centre.saved'));
      setEditing(null);
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const columns: ColumnsType<LimitClass> = [
    { title: t('centre.limits.code'), dataIndex: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
    { title: t('centre.limits.name'), dataIndex: 'code', key: 'name', render: className },
    ...STAGES.map((s) => ({ title: t(`centre.limits.${s}` as MessageKey), dataIndex: s, render: show })),
    {
      title: t('centre.actions'),
      key: 'edit',
      render: (_: unknown, c: LimitClass) => (
        <Button size="small" onClick={() => open(c)} data-testid={`limit-edit-${c.code}`}>
          {t('centre.edit')}
        </Button>
      ),
    },
  ];

  const unitOptions = [
    { value: 'natural_hours', label: t('centre.limits.unitHours') },
    { value: 'working_days', label: t('centre.limits.unitDays') },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('centre.limits.note')} />
      <Button type="primary" onClick={() => open('new')}>
        {t('centre.limits.add')}
      </Button>
      <Table<LimitClass> rowKey="code" size="small" loading={loading} columns={columns} dataSource={items} pagination={false} data-testid="limits-table" />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('centre.limits.add') : t('centre.limits.edit', { name: editing ? className(editing.code) : '' })}
        onCancel={() => setEditing(null)}
        onOk={save}
        confirmLoading={saving}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        width={560}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="code"
            label={t('centre.limits.code')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,19}$/, message: t('centre.limits.codeHint') }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="name" label={t('centre.limits.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="nameEn" label={t('centre.limits.nameEn')} rules={[{ max: 60 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          {STAGES.map((s) => (
            <Form.Item key={s} label={t(`centre.limits.${s}` as MessageKey)} required>
              <Space.Compact>
                <Form.Item name={[s, 'amount']} noStyle rules={[{ required: true, type: 'number', min: 0.01 }]}>
                  <InputNumber min={0.01} max={10000} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[s, 'unit']} noStyle rules={[{ required: true }]}>
                  <Select options={unitOptions} style={{ width: 140 }} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Space>
  );
}
