/**
 * 志愿活动 (organisers): the activities the user's units organise, drafts included, with their sessions'
 * counts, links to each session's list and check-in code, publishing and cancelling, and a form for a
 * new activity with its sessions.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, must } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { ACTIVITY_TYPES, stateKey, typeKey, type Activity } from './common.ts';

interface FormValues {
  title: string;
  activityType: Activity['activityType'];
  description?: string;
  venueName: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  sessions: { time: [Dayjs, Dayjs]; capacity: number }[];
  publish: boolean;
}

function NewActivity({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const save = async (v: FormValues) => {
    setSaving(true);
    try {
      await must(
        api.POST('/api/activities', {
          body: {
            title: v.title,
            activityType: v.activityType,
            description: v.description ?? '',
            venueName: v.venueName,
            address: v.address ?? '',
            latitude: v.latitude ?? null,
            longitude: v.longitude ?? null,
            sessions: v.sessions.map((s) => ({ startsAt: s.time[0].toISOString(), endsAt: s.time[1].toISOString(), capacity: s.capacity })),
            publish: v.publish,
          },
        }),
      );
      message.success(t('act.created'));
      form.resetFields();
      onSaved();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('act.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ activityType: 'community_service', sessions: [{ capacity: 20 }], publish: true }}>
        <Form.Item name="title" label={t('act.field.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="act-title" />
        </Form.Item>
        <Form.Item name="activityType" label={t('act.field.type')} rules={[{ required: true }]}>
          <Select options={ACTIVITY_TYPES.map((x) => ({ value: x, label: t(typeKey(x)) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('act.field.description')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="venueName" label={t('act.field.venue')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="act-venue" />
          </Form.Item>
          <Form.Item name="address" label={t('act.field.address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="latitude" label={t('act.field.latitude')}>
            <InputNumber min={-90} max={90} step={0.0001} />
          </Form.Item>
          <Form.Item name="longitude" label={t('act.field.longitude')}>
            <InputNumber min={-180} max={180} step={0.0001} />
          </Form.Item>
        </Space>
        <Form.List name="sessions">
          {(fields, { add, remove }) => (
            <Form.Item label={t('act.field.sessions')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'time']} rules={[{ required: true }]}>
                    <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="act-session-time" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'capacity']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={10000} addonAfter={t('act.field.capacity')} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>−</Button>}
                </Space>
              ))}
              <Button onClick={() => add({ capacity: 20 })} icon={<PlusOutlined />}>
                {t('act.field.addSession')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="publish" valuePropName="checked">
          <Checkbox>{t('act.field.publishNow')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ActivitiesPage() {
  const { t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const { data, loading, error, reload } = useLoad(async () => (await must(api.GET('/api/activities', { params: { query: { organised: true } } }))).items, [], {
    initial: [] as Activity[],
  });
  const act = async (p: Promise<unknown>, done: string) => {
    try {
      await p;
      message.success(done);
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const cancel = (a: Activity) => {
    let reason = '';
    modal.confirm({
      title: `${t('act.cancel')}：${a.title}`,
      content: <Input placeholder={t('act.cancelReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => act(must(api.POST('/api/activities/{id}/cancel', { params: { path: { id: a.id } }, body: { reason: reason || '—' } })), t('act.cancelled')),
    });
  };
  return (
    <Card
      title={t('act.title')}
      extra={
        <Space>
          <Link to="/activities/leaderboard">{t('nav.activityBoard')}</Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="act-new">
            {t('act.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('act.subtitle')}</Typography.Paragraph>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Table<Activity>
        rowKey="id"
        loading={loading}
        dataSource={data}
        pagination={false}
        columns={[
          { title: t('act.col.title'), dataIndex: 'title', render: (v: string, a) => <span data-testid={`act-row-${a.id}`}>{v}</span> },
          { title: t('act.col.type'), dataIndex: 'activityType', render: (v: string) => t(typeKey(v)) },
          { title: t('act.col.venue'), dataIndex: 'venueName' },
          {
            title: t('act.col.state'),
            dataIndex: 'state',
            render: (v: string) => <Tag color={v === 'published' ? 'green' : v === 'draft' ? 'default' : 'red'}>{t(stateKey(v))}</Tag>,
          },
          {
            title: t('act.col.sessions'),
            render: (_, a) => (
              <Space direction="vertical" size={2}>
                {a.sessions.map((s) => (
                  <Space key={s.id} wrap>
                    <span>
                      {formatTime(s.startsAt)} – {formatTime(s.endsAt).slice(11)}
                    </span>
                    <Typography.Text type="secondary">
                      {t('act.session.count', { signedUp: s.signedUp, capacity: s.capacity, waiting: s.waiting })}
                    </Typography.Text>
                    <Link to={`/activities/sessions/${s.id}`}>{t('act.session.list')}</Link>
                    {a.state === 'published' && (
                      <Link to={`/activities/sessions/${s.id}/qr`} data-testid={`act-qr-${s.id}`}>
                        {t('act.session.qr')}
                      </Link>
                    )}
                  </Space>
                ))}
              </Space>
            ),
          },
          {
            key: 'actions',
            render: (_, a) => (
              <Space>
                {a.state === 'draft' && (
                  <Button
                    size="small"
                    onClick={() => act(must(api.POST('/api/activities/{id}/publish', { params: { path: { id: a.id } } })), t('act.published'))}
                  >
                    {t('act.publish')}
                  </Button>
                )}
                {a.state !== 'cancelled' && (
                  <Button size="small" danger onClick={() => cancel(a)}>
                    {t('act.cancel')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <NewActivity
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          void reload();
        }}
      />
    </Card>
  );
}
