/**
 * 双报到 workbench: a community's report-ins (members masked) and whom it may register, its needs with
 * claims (confirm or send back), resources, attendance on report-in days and the year's evaluations. The
 * community's own worker manages; street and district workers read a community of their scope.
 */
import { Alert, App as AntApp, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import RecordPhotos from '../../shared/RecordPhotos.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { servicePhotoUrl } from './photos.ts';

type Need = ApiJson<'/api/party/reportin/needs'>['needs'][number];
const CATEGORIES = ['elderly', 'children', 'environment', 'safety', 'culture', 'health', 'mediation', 'other'] as const;
const GRADES = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;

export default function ReportInPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [community, setCommunity] = useState<string | undefined>(undefined);
  const [asked, setAsked] = useState('');
  const q = community === undefined ? {} : { community };
  const list = useLoad(() => must(api.GET('/api/party/reportin/community', { params: { query: q } })), [community]);
  const needs = useLoad(() => must(api.GET('/api/party/reportin/needs', { params: { query: q } })), [community]);
  const resources = useLoad(() => must(api.GET('/api/party/reportin/resources', { params: { query: q } })), [community]);
  const [day, setDay] = useState<string | undefined>(undefined);
  const att = useLoad(() => must(api.GET('/api/party/reportin/attendance', { params: { query: { ...q, ...(day ? { day } : {}) } } })), [community, day]);
  const year = new Date().getFullYear() - 1;
  const evals = useLoad(() => must(api.GET('/api/party/reportin/evaluations', { params: { query: { year } } })), []);
  const manage = list.data?.manage ?? false;
  const run = async (f: () => Promise<unknown>, reload: () => void) => {
    try {
      await f();
      message.success(t('ri.done'));
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const [present, setPresent] = useState<number[] | null>(null);
  const [form] = Form.useForm();

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('ri.title')}>
        <Space wrap>
          <span data-testid="ri-community-name">{list.data?.communityName ?? '—'}</span>
          <Input.Search
            placeholder={t('ri.communityCode')}
            value={asked}
            onChange={(e) => setAsked(e.target.value)}
            onSearch={(v) => setCommunity(v.trim() === '' ? undefined : v.trim())}
            style={{ width: 260 }}
            data-testid="ri-community"
          />
        </Space>
        {list.error && <Alert type="warning" showIcon title={list.error} style={{ marginTop: 8 }} />}
      </Card>
      <Tabs
        items={[
          {
            key: 'reported',
            label: t('ri.tab.reported'),
            children: (
              <>
                <Table
                  size="small"
                  rowKey="id"
                  data-testid="ri-reported"
                  dataSource={list.data?.reportIns ?? []}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    {
                      title: t('ri.kind'),
                      dataIndex: 'kind',
                      render: (k: string) => <Tag>{t(k === 'member' ? 'ri.kind.member' : 'ri.kind.organisation')}</Tag>,
                    },
                    { title: t('ri.name'), dataIndex: 'name' },
                    { title: t('ri.workUnit'), dataIndex: 'workUnit', render: (w: string | null) => w ?? '—' },
                    { title: t('ri.reportedOn'), dataIndex: 'reportedOn' },
                  ]}
                />
                {manage && (
                  <Card size="small" title={t('ri.candidates')}>
                    <Space wrap>
                      {list.data?.candidates.members.map((m) => (
                        <Button
                          key={m.memberId}
                          size="small"
                          onClick={() => void run(() => must(api.POST('/api/party/reportin/members', { body: { memberId: m.memberId } })), list.reload)}
                        >
                          {t('ri.register')} {m.name}
                          {m.inService ? ` · ${t('ri.inService')}` : ''}
                        </Button>
                      ))}
                      {list.data?.candidates.organisations.map((o) => (
                        <Button
                          key={o.organisationId}
                          size="small"
                          onClick={() =>
                            void run(() => must(api.POST('/api/party/reportin/organisations', { body: { organisationId: o.organisationId } })), list.reload)
                          }
                        >
                          {t('ri.register')} {o.name}
                        </Button>
                      ))}
                    </Space>
                  </Card>
                )}
              </>
            ),
          },
          {
            key: 'needs',
            label: t('ri.tab.needs'),
            children: (
              <>
                {manage && (
                  <Card size="small" title={t('ri.publish')} style={{ marginBottom: 8 }}>
                    <Form
                      form={form}
                      layout="inline"
                      initialValues={{ category: 'elderly', peopleWanted: 2 }}
                      onFinish={(v: {
                        title: string;
                        category: (typeof CATEGORIES)[number];
                        peopleWanted: number;
                        neededOn: { format(f: string): string };
                        place?: string;
                      }) =>
                        void run(
                          () =>
                            must(
                              api.POST('/api/party/reportin/needs', {
                                body: {
                                  title: v.title,
                                  description: '',
                                  category: v.category,
                                  peopleWanted: v.peopleWanted,
                                  neededOn: v.neededOn.format('YYYY-MM-DD'),
                                  timeText: '',
                                  place: v.place ?? '',
                                },
                              }),
                            ),
                          () => {
                            form.resetFields();
                            needs.reload();
                          },
                        )
                      }
                    >
                      <Form.Item name="title" rules={[{ required: true, min: 2 }]}>
                        <Input placeholder={t('ri.needTitle')} data-testid="ri-need-title" />
                      </Form.Item>
                      <Form.Item name="category">
                        <Select style={{ width: 120 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`ri.category.${c}`) }))} />
                      </Form.Item>
                      <Form.Item name="peopleWanted">
                        <InputNumber min={1} max={200} />
                      </Form.Item>
                      <Form.Item name="neededOn" rules={[{ required: true }]}>
                        <DatePicker data-testid="ri-need-date" />
                      </Form.Item>
                      <Form.Item name="place">
                        <Input placeholder={t('ri.place')} />
                      </Form.Item>
                      <Button htmlType="submit" type="primary" data-testid="ri-need-publish">
                        {t('ri.publish')}
                      </Button>
                    </Form>
                  </Card>
                )}
                <Table<Need>
                  size="small"
                  rowKey="id"
                  data-testid="ri-needs"
                  dataSource={needs.data?.needs ?? []}
                  expandable={{
                    rowExpandable: (n) => n.claims.length > 0,
                    expandedRowRender: (n) => (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={n.claims}
                        columns={[
                          { title: t('ri.claimant'), dataIndex: 'claimantName' },
                          { title: t('ri.state'), dataIndex: 'state', render: (s: string) => <Tag>{t(`ri.claim.${s}` as 'ri.claim.claimed')}</Tag> },
                          { title: t('ri.summary'), dataIndex: 'summary', render: (s: string | null) => s ?? '—' },
                          { title: t('ri.minutes'), dataIndex: 'minutes', render: (m: number | null) => m ?? '—' },
                          {
                            title: t('ri.photos'),
                            render: (_: unknown, c) => (
                              <RecordPhotos ids={c.photoIds} url={(p) => servicePhotoUrl(c.id, p)} data-testid={`ri-photos-${c.id}`} />
                            ),
                          },
                          {
                            title: '',
                            render: (_: unknown, c) =>
                              manage &&
                              c.state === 'done' && (
                                <Space>
                                  <Button
                                    size="small"
                                    type="primary"
                                    data-testid={`ri-confirm-${c.id}`}
                                    onClick={() =>
                                      void run(
                                        () => must(api.POST('/api/party/reportin/claims/{id}/confirm', { params: { path: { id: c.id } } })),
                                        needs.reload,
                                      )
                                    }
                                  >
                                    {t('ri.confirm')}
                                  </Button>
                                  <Button
                                    size="small"
                                    onClick={() =>
                                      void run(
                                        () =>
                                          must(
                                            api.POST('/api/party/reportin/claims/{id}/send-back', {
                                              params: { path: { id: c.id } },
                                              body: { reason: t('ri.sendBackReason') },
                                            }),
                                          ),
                                        needs.reload,
                                      )
                                    }
                                  >
                                    {t('ri.sendBack')}
                                  </Button>
                                </Space>
                              ),
                          },
                        ]}
                      />
                    ),
                  }}
                  columns={[
                    { title: t('ri.needOn'), dataIndex: 'neededOn' },
                    { title: t('ri.needTitle'), dataIndex: 'title' },
                    { title: t('ri.category'), dataIndex: 'category', render: (c: string) => t(`ri.category.${c}` as 'ri.category.other') },
                    { title: t('ri.people'), render: (_: unknown, n) => `${n.claimedCount}/${n.peopleWanted}` },
                    { title: t('ri.state'), dataIndex: 'state', render: (s: string) => <Tag>{t(`ri.need.${s}` as 'ri.need.open')}</Tag> },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'resources',
            label: t('ri.tab.resources'),
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={resources.data?.resources ?? []}
                columns={[
                  { title: t('ri.resource'), dataIndex: 'title' },
                  { title: t('ri.kind.organisation'), dataIndex: 'organisationName' },
                  { title: t('ri.category'), dataIndex: 'category', render: (c: string) => t(`ri.category.${c}` as 'ri.category.other') },
                  { title: t('ri.description'), dataIndex: 'description' },
                ]}
              />
            ),
          },
          {
            key: 'attendance',
            label: t('ri.tab.attendance'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select
                  style={{ width: 220 }}
                  value={att.data?.day}
                  onChange={(d: string) => {
                    setDay(d);
                    setPresent(null);
                  }}
                  options={(att.data?.days ?? []).map((d) => ({ value: d.day, label: `${d.day}${d.present === null ? '' : ` (${d.present}/${d.total})`}` }))}
                />
                <Checkbox.Group
                  disabled={!manage}
                  value={present ?? (att.data?.members ?? []).filter((m) => m.present === true).map((m) => m.memberId)}
                  onChange={(v) => setPresent(v as number[])}
                  options={(att.data?.members ?? []).map((m) => ({ value: m.memberId, label: m.name }))}
                />
                {manage && att.data && (
                  <Button
                    type="primary"
                    onClick={() =>
                      void run(
                        () =>
                          must(
                            api.PUT('/api/party/reportin/attendance', {
                              body: { day: att.data!.day, present: present ?? att.data!.members.filter((m) => m.present === true).map((m) => m.memberId) },
                            }),
                          ),
                        att.reload,
                      )
                    }
                  >
                    {t('ri.saveAttendance')}
                  </Button>
                )}
              </Space>
            ),
          },
          {
            key: 'evaluations',
            label: t('ri.tab.evaluations', { year }),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                {manage && (
                  <Space wrap>
                    {(list.data?.reportIns ?? [])
                      .filter((r) => !(evals.data?.evaluations ?? []).some((e) => (e.memberId ?? e.organisationId) === (r.memberId ?? r.organisationId)))
                      .slice(0, 20)
                      .map((r) => (
                        <Select
                          key={r.id}
                          placeholder={`${r.name} ${t('ri.evaluate')}`}
                          style={{ width: 200 }}
                          options={GRADES.map((g) => ({ value: g, label: t(`ri.grade.${g}`) }))}
                          onChange={(grade: (typeof GRADES)[number]) =>
                            void run(
                              () =>
                                must(
                                  api.PUT('/api/party/reportin/evaluations', {
                                    body: {
                                      year,
                                      grade,
                                      comment: '',
                                      ...(r.memberId !== null ? { memberId: r.memberId } : { organisationId: r.organisationId! }),
                                    },
                                  }),
                                ),
                              evals.reload,
                            )
                          }
                        />
                      ))}
                  </Space>
                )}
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={evals.data?.evaluations ?? []}
                  columns={[
                    { title: t('ri.name'), dataIndex: 'name' },
                    { title: t('ri.branch'), dataIndex: 'branchName' },
                    { title: t('ri.evaluatedBy'), dataIndex: 'communityName' },
                    { title: t('ri.grade'), dataIndex: 'grade', render: (g: string) => <Tag>{t(`ri.grade.${g}` as 'ri.grade.qualified')}</Tag> },
                    { title: t('ri.comment'), dataIndex: 'comment' },
                  ]}
                />
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
