/**
 * 场次名单 (organisers): a session's sign-ups in order with their check-ins, computed and recorded
 * hours; confirming the hours of everybody checked in; recording a walk-in's or a paper record's hours
 * (coordinators); the records of the session.
 */
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage, must } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { hours, signupKey, type SessionList } from './common.ts';

type Entry = SessionList['items'][number];
type HourRecord = SessionList['records'][number];

function ManualHours({ sessionId, open, onClose, onSaved }: { sessionId: number; open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ userId: number; minutes: number; source: 'walk_in' | 'paper'; reason: string }>();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const search = async (q: string) => {
    if (q.trim() === '') return;
    const r = await must(api.GET('/api/activities/volunteers', { params: { query: { q } } })).catch(() => ({ items: [] }));
    setOptions(r.items.map((v) => ({ value: v.id, label: `${v.displayName}（${v.username}）` })));
  };
  return (
    <Modal
      open={open}
      title={t('act.hours.manual')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'manual-ok' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ source: 'walk_in', minutes: 60 }}
        onFinish={async (v) => {
          try {
            await must(api.POST('/api/activities/sessions/{sessionId}/manual-hours', { params: { path: { sessionId } }, body: v }));
            message.success(t('act.hours.manualDone'));
            onSaved();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <Form.Item name="userId" label={t('act.hours.volunteer')} rules={[{ required: true }]}>
          <Select showSearch={{ filterOption: false, onSearch: (q) => void search(q) }} placeholder={t('act.hours.volunteerSearch')} options={options} />
        </Form.Item>
        <Form.Item name="minutes" label={t('act.hours.minutes')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1440} />
        </Form.Item>
        <Form.Item name="source" label={t('act.hours.source')}>
          <Select options={(['walk_in', 'paper'] as const).map((s) => ({ value: s, label: t(`act.hours.source.${s}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('act.hours.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A figure in minutes and a reason, asked in a modal: adjusting one volunteer's confirmation, or correcting a record. */
function MinutesDialog({
  title,
  initial,
  onClose,
  onSubmit,
}: {
  title: string | null;
  initial: number;
  onClose(): void;
  onSubmit(v: { minutes: number; reason: string }): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ minutes: number; reason: string }>();
  return (
    <Modal open={title !== null} title={title} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ minutes: initial }} onFinish={onSubmit}>
        <Form.Item name="minutes" label={t('act.hours.newMinutes')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1440} />
        </Form.Item>
        <Form.Item name="reason" label={t('act.hours.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function SessionPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { may } = useSession();
  const sessionId = Number(useParams().sessionId);
  const [manual, setManual] = useState(false);
  const [adjusting, setAdjusting] = useState<Entry | null>(null);
  const [correcting, setCorrecting] = useState<HourRecord | null>(null);
  const { data, loading, error, reload } = useLoad(
    async () => must(api.GET('/api/activities/sessions/{sessionId}/signups', { params: { path: { sessionId } } })),
    [sessionId],
  );
  const ended = data !== undefined && Date.parse(data.session.endsAt) <= Date.now();
  const confirmAll = async () => {
    try {
      const r = await must(api.POST('/api/activities/sessions/{sessionId}/hours', { params: { path: { sessionId } }, body: {} }));
      message.success(t('act.hours.confirmed', { n: r.recorded.length }));
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={data ? `${data.activityTitle} · ${formatTime(data.session.startsAt)} – ${formatTime(data.session.endsAt).slice(11)}` : t('nav.activitySession')}
        extra={
          <Space>
            <Link to={`/activities/sessions/${sessionId}/qr`}>{t('act.session.qr')}</Link>
            <Button onClick={confirmAll} disabled={!ended} data-testid="confirm-all">
              {t('act.hours.confirmAll')}
            </Button>
            {may('activities.coordinate') && (
              <Button onClick={() => setManual(true)} disabled={!ended}>
                {t('act.hours.manual')}
              </Button>
            )}
          </Space>
        }
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        <Table<Entry>
          rowKey="userId"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('act.list.empty') }}
          columns={[
            { title: '#', dataIndex: 'position', width: 60 },
            { title: t('act.list.name'), dataIndex: 'displayName' },
            {
              title: t('act.list.status'),
              dataIndex: 'status',
              render: (v: string) => <Tag color={v === 'signed_up' ? 'green' : v === 'waiting' ? 'orange' : 'default'}>{t(signupKey(v))}</Tag>,
            },
            { title: t('act.list.checkIn'), dataIndex: 'checkedInAt', render: (v: string | null) => formatTime(v) },
            { title: t('act.list.checkOut'), dataIndex: 'checkedOutAt', render: (v: string | null) => formatTime(v) },
            { title: t('act.list.distance'), dataIndex: 'checkInDistanceM', render: (v: number | null) => (v === null ? '—' : `${v} m`) },
            { title: t('act.list.computed'), dataIndex: 'computedMinutes', render: (v: number | null) => hours(v) },
            { title: t('act.list.recorded'), dataIndex: 'recordedMinutes', render: (v: number | null) => hours(v) },
            {
              key: 'adjust',
              render: (_, e) =>
                ended && e.checkedInAt !== null && e.recordedMinutes === null ? (
                  <Button size="small" onClick={() => setAdjusting(e)}>
                    {t('act.hours.adjust')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title={t('act.hours.records')} size="small">
        <Table<HourRecord>
          rowKey="id"
          size="small"
          dataSource={data?.records ?? []}
          pagination={false}
          columns={[
            { title: t('act.list.name'), dataIndex: 'displayName' },
            { title: t('act.hours.kind'), dataIndex: 'kind', render: (k: string) => t(`act.hours.kind.${k}` as MessageKey) },
            { title: t('act.list.recorded'), dataIndex: 'hours', render: (h: number) => h.toFixed(1) },
            {
              title: t('act.hours.reason'),
              render: (_, r) => (
                <Typography.Text type="secondary">
                  {r.noCheckOut ? `${t('act.hours.noCheckOut')} ` : ''}
                  {r.reason}
                </Typography.Text>
              ),
            },
            { title: '', dataIndex: 'recordedAt', render: (v: string) => formatTime(v) },
            {
              key: 'correct',
              render: (_, r) =>
                may('activities.coordinate') && r.kind !== 'correction' ? (
                  <Button size="small" onClick={() => setCorrecting(r)}>
                    {t('act.hours.correct')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <MinutesDialog
        title={adjusting ? t('act.hours.adjustTitle', { name: adjusting.displayName }) : null}
        initial={adjusting?.computedMinutes ?? 0}
        onClose={() => setAdjusting(null)}
        onSubmit={async (v) => {
          try {
            const body = { items: [{ userId: adjusting!.userId, minutes: v.minutes, reason: v.reason }] };
            const r = await must(api.POST('/api/activities/sessions/{sessionId}/hours', { params: { path: { sessionId } }, body }));
            message.success(t('act.hours.confirmed', { n: r.recorded.length }));
            setAdjusting(null);
            await reload();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      />
      <MinutesDialog
        title={correcting ? t('act.hours.correctTitle') : null}
        initial={correcting ? (data?.items.find((e) => e.userId === correcting.userId)?.recordedMinutes ?? correcting.minutes) : 0}
        onClose={() => setCorrecting(null)}
        onSubmit={async (v) => {
          try {
            await must(api.POST('/api/activities/hours/{recordId}/corrections', { params: { path: { recordId: correcting!.id } }, body: v }));
            message.success(t('act.hours.corrected'));
            setCorrecting(null);
            await reload();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      />
      <ManualHours
        sessionId={sessionId}
        open={manual}
        onClose={() => setManual(false)}
        onSaved={() => {
          setManual(false);
          void reload();
        }}
      />
    </Space>
  );
}
