/**
 * 组织生活 (a branch's calendar): the month calendar with the branch's meetings by kind, where the branch
 * stands against 三会一课 and 主题党日 this year (held / due per kind, the overdue list); the secretary (or a
 * party worker for a branch whose secretary holds no account) plans a meeting, records it held with
 * minutes and the attendance checklist of the expected members (masked), or cancels it with a reason.
 * A party worker opens a branch from the compliance page (`?organisationId=`).
 */
import { Alert, App as AntApp, Badge, Button, Calendar, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { pct } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { KIND_COLOURS, MEETING_KINDS } from './meeting-kinds.ts';

type Calendar = ApiJson<'/api/party/meetings'>;
type Meeting = Calendar['meetings'][number];
type Kind = Meeting['kind'];
type Detail = ApiJson<'/api/party/meetings/{id}'>;
type Status = 'present' | 'absent' | 'excused';

/** A `datetime-local` value (Beijing time) as an ISO instant. */
const fromLocal = (v: string) => `${v.length === 16 ? `${v}:00` : v}+08:00`;
/** An ISO instant as a `datetime-local` value in Beijing time. */
const toLocal = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
const dayOf = (m: Meeting) => toLocal(m.heldAt ?? m.startsAt).slice(0, 10);

export default function MeetingsPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const organisationId = params.get('organisationId') ? Number(params.get('organisationId')) : undefined;
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const year = month.year();
  const cal = useLoad(
    () => must(api.GET('/api/party/meetings', { params: { query: { year, ...(organisationId ? { organisationId } : {}) } } })),
    [year, organisationId],
  );
  const [planning, setPlanning] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const d = cal.data;
  const byDay = new Map<string, Meeting[]>();
  for (const m of d?.meetings ?? []) byDay.set(dayOf(m), [...(byDay.get(dayOf(m)) ?? []), m]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="mt-page">
      {cal.error && <Alert type={organisationId ? 'error' : 'info'} showIcon title={organisationId ? cal.error : `${cal.error} ${t('mt.pickBranch')}`} />}
      {d && (
        <Card
          size="small"
          title={t('mt.calendar', { name: d.organisation.name })}
          extra={
            d.manage && (
              <Button type="primary" data-testid="mt-plan" onClick={() => setPlanning(true)}>
                {t('mt.plan')}
              </Button>
            )
          }
        >
          <Space wrap data-testid="mt-obligations">
            {d.obligations.map((o) => (
              <Tag key={o.kind} color={o.overdue.length > 0 ? 'error' : o.applies ? 'success' : 'default'}>
                {t(`mt.kind.${o.kind}`)}（{t(`mt.frequency.${o.frequency}`)}）：
                {o.applies ? t('mt.heldOfDue', { held: o.held, due: o.requiredSoFar }) : t('mt.notApplicable')}
              </Tag>
            ))}
          </Space>
          <div style={{ marginTop: 8 }} data-testid="mt-overdue">
            {d.overdue.length === 0 ? (
              <Typography.Text type="success">{t('mt.noOverdue')}</Typography.Text>
            ) : (
              <Alert type="warning" showIcon title={`${t('mt.overdue')}（${d.overdue.length}）`} description={d.overdue.map((o) => o.words).join('；')} />
            )}
          </div>
        </Card>
      )}
      {d && (
        <Card size="small" data-testid="mt-calendar">
          <Calendar
            value={month}
            onPanelChange={(v) => setMonth(v)}
            onSelect={(v) => setMonth(v)}
            cellRender={(current, info) => {
              if (info.type !== 'date') return info.originNode;
              const list = byDay.get(current.format('YYYY-MM-DD')) ?? [];
              return (
                <div>
                  {list.map((m) => (
                    <div key={m.id}>
                      <Badge
                        color={m.state === 'cancelled' ? 'gray' : KIND_COLOURS[m.kind]}
                        text={
                          <a
                            data-testid={`mt-event-${m.id}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              setOpen(m.id);
                            }}
                            style={{ textDecoration: m.state === 'cancelled' ? 'line-through' : undefined }}
                          >
                            {t(`mt.kind.${m.kind}`)}
                            {m.state === 'held' ? ' ✓' : ''}
                          </a>
                        }
                      />
                    </div>
                  ))}
                </div>
              );
            }}
          />
        </Card>
      )}
      {planning && d && (
        <PlanDialog
          organisationId={d.organisation.id}
          onClose={(id) => {
            setPlanning(false);
            void cal.reload();
            if (id !== undefined) setOpen(id);
          }}
        />
      )}
      {open !== null && <MeetingDialog id={open} onClose={() => setOpen(null)} onChanged={() => void cal.reload()} />}
    </Space>
  );
}

function PlanDialog({ organisationId, onClose }: { organisationId: number; onClose(id?: number): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ kind: Kind; title: string; startsAt: string; place: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const m = await must(
        api.POST('/api/party/meetings', { body: { organisationId, kind: v.kind, title: v.title, startsAt: fromLocal(v.startsAt), place: v.place } }),
      );
      message.success(t('mt.saved'));
      onClose(m.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('mt.plan')}
      onCancel={() => onClose()}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'mt-plan-ok' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'theme_day', place: '支部活动室', startsAt: toLocal(new Date().toISOString()).slice(0, 11) + '19:00' }}
      >
        <Form.Item name="kind" label={t('mt.kind')} rules={[{ required: true }]}>
          <Select data-testid="mt-plan-kind" options={MEETING_KINDS.map((k) => ({ value: k, label: t(`mt.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('mt.title')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input data-testid="mt-plan-title" />
        </Form.Item>
        <Form.Item name="startsAt" label={t('mt.startsAt')} rules={[{ required: true }]}>
          <Input type="datetime-local" data-testid="mt-plan-starts" />
        </Form.Item>
        <Form.Item name="place" label={t('mt.place')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="mt-plan-place" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MeetingDialog({ id, onClose, onChanged }: { id: number; onClose(): void; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const detail = useLoad(() => must(api.GET('/api/party/meetings/{id}', { params: { path: { id } } })), [id]);
  const m = detail.data;
  return (
    <Modal open width={820} title={m ? `${m.kindLabel} · ${m.title}` : ''} onCancel={onClose} footer={null} data-testid="mt-dialog">
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {m && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('mt.kind')}>
              <Tag color={KIND_COLOURS[m.kind]}>{t(`mt.kind.${m.kind}`)}</Tag>
              <Tag data-testid="mt-state">{t(`mt.state.${m.state}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('mt.startsAt')}>{toLocal(m.startsAt).replace('T', ' ')}</Descriptions.Item>
            <Descriptions.Item label={t('mt.place')}>{m.place}</Descriptions.Item>
            <Descriptions.Item label={t('mt.heldAt')}>{m.heldAt ? toLocal(m.heldAt).replace('T', ' ') : '—'}</Descriptions.Item>
            {m.attendance && (
              <Descriptions.Item label={t('mt.rate')} span={2}>
                <span data-testid="mt-rate">
                  {pct(m.attendance.rate)} · {t('mt.counts', { present: m.attendance.present, absent: m.attendance.absent, excused: m.attendance.excused })}
                </span>
              </Descriptions.Item>
            )}
            {m.minutes && (
              <Descriptions.Item label={t('mt.minutes')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.minutes}</Typography.Paragraph>
              </Descriptions.Item>
            )}
            {m.cancelReason && (
              <Descriptions.Item label={t('mt.cancelReason')} span={2}>
                {m.cancelReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          {m.manage ? (
            <RecordForm
              m={m}
              onDone={() => {
                message.success(t('mt.saved'));
                void detail.reload();
                onChanged();
              }}
            />
          ) : (
            m.attendees.length > 0 && (
              <Table
                size="small"
                rowKey="memberId"
                pagination={false}
                dataSource={m.attendees}
                columns={[
                  { title: t('mt.attendees'), dataIndex: 'name' },
                  { title: '', dataIndex: 'postLabels', render: (p: string[]) => p.join('、') },
                  { title: t('mt.attendance'), dataIndex: 'status', render: (s: Status | null) => (s ? t(`mt.att.${s}`) : '—') },
                  { title: t('mt.reason'), dataIndex: 'reason' },
                ]}
              />
            )
          )}
        </Space>
      )}
    </Modal>
  );
}

function RecordForm({ m, onDone }: { m: Detail; onDone(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [statuses, setStatuses] = useState<Record<number, Status>>(() =>
    Object.fromEntries(m.attendees.map((a) => [a.memberId, (a.status ?? 'present') as Status])),
  );
  const [reasons, setReasons] = useState<Record<number, string>>(() => Object.fromEntries(m.attendees.map((a) => [a.memberId, a.reason ?? ''])));
  const [minutes, setMinutes] = useState(m.minutes ?? '');
  const past = new Date(m.startsAt).getTime() <= Date.now();
  const [heldAt, setHeldAt] = useState(toLocal(m.heldAt ?? (past ? m.startsAt : new Date().toISOString())));
  const [cancelReason, setCancelReason] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await f();
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const record = () =>
    run(() =>
      must(
        api.POST('/api/party/meetings/{id}/record', {
          params: { path: { id: m.id } },
          body: {
            heldAt: fromLocal(heldAt),
            minutes,
            present: m.attendees.filter((a) => statuses[a.memberId] === 'present').map((a) => a.memberId),
            excused: m.attendees
              .filter((a) => statuses[a.memberId] === 'excused')
              .map((a) => ({ memberId: a.memberId, reason: reasons[a.memberId] || '请假' })),
          },
        }),
      ),
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="vertical">
        <Form.Item label={t('mt.heldAt')}>
          <Input type="datetime-local" value={heldAt} onChange={(e) => setHeldAt(e.target.value)} data-testid="mt-record-held-at" />
        </Form.Item>
        <Form.Item label={t('mt.minutes')} required>
          <Input.TextArea rows={4} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="mt-record-minutes" />
        </Form.Item>
      </Form>
      <Table
        size="small"
        rowKey="memberId"
        pagination={false}
        data-testid="mt-attendance"
        title={() => `${t('mt.attendance')}（${t('mt.attendees')} ${m.attendees.length}）`}
        dataSource={m.attendees}
        columns={[
          { title: t('mt.attendees'), dataIndex: 'name' },
          { title: '', dataIndex: 'postLabels', render: (p: string[]) => p.join('、') },
          {
            title: t('mt.attendance'),
            key: 'status',
            render: (_: unknown, a) => (
              <Radio.Group
                data-testid={`mt-att-${a.memberId}`}
                value={statuses[a.memberId]}
                onChange={(e) => setStatuses({ ...statuses, [a.memberId]: e.target.value as Status })}
                options={(['present', 'absent', 'excused'] as const).map((s) => ({ value: s, label: t(`mt.att.${s}`) }))}
              />
            ),
          },
          {
            title: t('mt.reason'),
            key: 'reason',
            render: (_: unknown, a) =>
              statuses[a.memberId] === 'excused' && (
                <Input
                  size="small"
                  value={reasons[a.memberId]}
                  onChange={(e) => setReasons({ ...reasons, [a.memberId]: e.target.value })}
                  data-testid={`mt-reason-${a.memberId}`}
                />
              ),
          },
        ]}
      />
      <Space wrap>
        <Button type="primary" loading={busy} disabled={minutes.trim().length < 2} onClick={() => void record()} data-testid="mt-record-ok">
          {m.state === 'held' ? t('mt.recordAgain') : t('mt.record')}
        </Button>
        {m.actions.includes('cancel') && (
          <>
            <Input placeholder={t('mt.cancelReason')} value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} style={{ width: 240 }} />
            <Button
              danger
              disabled={cancelReason.trim().length < 2}
              loading={busy}
              data-testid="mt-cancel"
              onClick={() =>
                void run(() => must(api.POST('/api/party/meetings/{id}/cancel', { params: { path: { id: m.id } }, body: { reason: cancelReason } })))
              }
            >
              {t('mt.cancel')}
            </Button>
          </>
        )}
      </Space>
    </Space>
  );
}
