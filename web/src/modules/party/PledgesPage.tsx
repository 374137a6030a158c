/**
 * 承诺践诺审核 /party-pledges: a branch's pledges of a year for its secretary (their own branch) or a party
 * worker (a branch of their scope, by id): approve or return submitted ones, accept or return fulfilment
 * entries, the year-end assessment; and the branch's pioneer posts (先锋岗): grant and end.
 */
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import RecordPhotos from '../../shared/RecordPhotos.tsx';
import { useI18n } from '../../shell/i18n.tsx';
import { fulfilmentPhotoUrl } from './photos.ts';
import { PLEDGE_CATEGORIES, STATE_COLOURS } from './MobilePledges.tsx';

type Pledge = ApiJson<'/api/party/pledges'>['pledges'][number];
const STATES = ['submitted', 'approved', 'returned'] as const;
const ASSESSMENTS = ['fulfilled', 'partly', 'not'] as const;
const POST_KINDS = ['pioneer', 'model', 'responsibility'] as const;

export default function PledgesPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [branch, setBranch] = useState<number | undefined>(undefined);
  const [asked, setAsked] = useState<number | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [state, setState] = useState<(typeof STATES)[number] | undefined>(undefined);
  const q = { ...(branch === undefined ? {} : { organisationId: branch }), year, ...(state ? { state } : {}) };
  const list = useLoad(() => must(api.GET('/api/party/pledges', { params: { query: q } })), [branch, year, state]);
  const posts = useLoad(
    () => must(api.GET('/api/party/pioneer-posts', { params: { query: branch === undefined ? {} : { organisationId: branch } } })),
    [branch],
  );
  const [returning, setReturning] = useState<{ kind: 'pledge' | 'entry'; id: number } | null>(null);
  const [reason, setReason] = useState('');
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      message.success(t('pledge.done'));
      list.reload();
      posts.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const path = (id: number) => ({ params: { path: { id } } });
  const [branchForm] = Form.useForm();

  const entries = (p: Pledge) => (
    <List
      size="small"
      dataSource={p.fulfilments}
      locale={{ emptyText: '—' }}
      renderItem={(f) => (
        <List.Item
          actions={
            p.mayReview && f.state === 'pending'
              ? [
                  <Button
                    key="a"
                    size="small"
                    type="primary"
                    data-testid={`pledge-entry-accept-${f.id}`}
                    onClick={() =>
                      void run(() => must(api.POST('/api/party/pledge-fulfilments/{id}/review', { ...path(f.id), body: { decision: 'accepted' } })))
                    }
                  >
                    {t('pledge.review.accept')}
                  </Button>,
                  <Button key="r" size="small" onClick={() => setReturning({ kind: 'entry', id: f.id })}>
                    {t('pledge.review.return')}
                  </Button>,
                ]
              : [<Tag key="s">{t(`pledge.entry.${f.state}`)}</Tag>]
          }
        >
          {f.doneOn} · {f.text} {f.hours !== null && `· ${f.hours}h`}{' '}
          {f.links.map((l) => (
            <a key={l} href={l} target="_blank" rel="noreferrer noopener">
              🔗
            </a>
          ))}{' '}
          <RecordPhotos ids={f.photoIds} url={(id) => fulfilmentPhotoUrl(f.id, id)} size={40} data-testid={`pledge-entry-photos-${f.id}`} />
        </List.Item>
      )}
    />
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('pledge.review.title')}>
        <Space wrap>
          <span data-testid="pledge-branch-name">{list.data?.organisationName ?? '—'}</span>
          <InputNumber
            placeholder={t('pledge.review.branch')}
            min={1}
            value={asked}
            onChange={(v) => setAsked(v)}
            style={{ width: 140 }}
            data-testid="pledge-branch-id"
          />
          <Button onClick={() => setBranch(asked ?? undefined)}>{t('pledge.review.load')}</Button>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => v !== null && setYear(v)} />
          <Select
            style={{ width: 140 }}
            value={state ?? 'all'}
            onChange={(v) => setState(v === 'all' ? undefined : (v as (typeof STATES)[number]))}
            options={[{ value: 'all', label: t('pledge.review.all') }, ...STATES.map((s) => ({ value: s, label: t(`pledge.state.${s}`) }))]}
          />
          {list.data && <span data-testid="pledge-counts">{t('pledge.review.counts', list.data.counts)}</span>}
        </Space>
        <div style={{ color: '#888', fontSize: 12, marginTop: 4 }}>{t('pledge.review.branchHint')}</div>
      </Card>
      {list.error && <Alert type="warning" showIcon title={list.error} />}
      {list.data && (
        <Card size="small" title={t('pledge.review.branchPledge', { name: list.data.organisationName })}>
          <Form
            form={branchForm}
            layout="inline"
            initialValues={{ category: 'serve_public' }}
            onFinish={(v: { category: (typeof PLEDGE_CATEGORIES)[number]; text: string }) =>
              void (async () => {
                const ok = await run(() =>
                  must(api.POST('/api/party/pledges', { body: { organisationId: list.data!.organisationId, year, ...v, submit: true } })),
                );
                if (ok) branchForm.resetFields();
              })()
            }
          >
            <Form.Item name="category">
              <Select style={{ width: 130 }} options={PLEDGE_CATEGORIES.map((c) => ({ value: c, label: t(`pledge.category.${c}`) }))} />
            </Form.Item>
            <Form.Item name="text" rules={[{ required: true, min: 2, max: 500 }]} style={{ minWidth: 360 }}>
              <Input placeholder={t('pledge.text')} data-testid="pledge-branch-text" />
            </Form.Item>
            <Button htmlType="submit" type="primary">
              {t('pledge.review.submitBranch')}
            </Button>
          </Form>
        </Card>
      )}
      <Tabs
        items={[
          {
            key: 'pledges',
            label: t('pledge.review.title'),
            children: (
              <Table<Pledge>
                rowKey="id"
                size="small"
                data-testid="pledge-table"
                dataSource={list.data?.pledges ?? []}
                loading={list.loading}
                expandable={{ expandedRowRender: entries, rowExpandable: (p) => p.fulfilments.length > 0 }}
                columns={[
                  {
                    title: t('pledge.review.owner'),
                    render: (_, p) => (
                      <span data-testid={`pledge-owner-${p.id}`}>
                        {p.ownerName} <Tag>{t(`pledge.review.kind.${p.ownerKind}`)}</Tag>
                      </span>
                    ),
                  },
                  { title: t('pledge.category'), render: (_, p) => t(`pledge.category.${p.category}`) },
                  { title: t('pledge.text'), dataIndex: 'text' },
                  {
                    title: t('pledge.review.state'),
                    render: (_, p) => (
                      <Space direction="vertical" size={0}>
                        <Tag color={STATE_COLOURS[p.state]} data-testid={`pledge-state-${p.id}`}>
                          {t(`pledge.state.${p.state}`)}
                        </Tag>
                        {p.assessment && <Tag color="gold">{t(`pledge.assessment.${p.assessment}`)}</Tag>}
                      </Space>
                    ),
                  },
                  {
                    title: t('pledge.review.fulfilment'),
                    render: (_, p) =>
                      `${t('pledge.counts', { accepted: p.accepted, hours: p.acceptedHours })}${p.pending > 0 ? ` · ${t('pledge.entry.pending')} ${p.pending}` : ''}`,
                  },
                  {
                    title: t('pledge.review.actions'),
                    render: (_, p) => (
                      <Space wrap>
                        {p.actions.includes('approve') && (
                          <Button
                            size="small"
                            type="primary"
                            data-testid={`pledge-approve-${p.id}`}
                            onClick={() => void run(() => must(api.POST('/api/party/pledges/{id}/approve', path(p.id))))}
                          >
                            {t('pledge.review.approve')}
                          </Button>
                        )}
                        {p.actions.includes('return') && (
                          <Button size="small" data-testid={`pledge-return-${p.id}`} onClick={() => setReturning({ kind: 'pledge', id: p.id })}>
                            {t('pledge.review.return')}
                          </Button>
                        )}
                        {p.actions.includes('assess') && (
                          <Select
                            size="small"
                            placeholder={t('pledge.review.assess')}
                            style={{ width: 120 }}
                            value={p.assessment ?? undefined}
                            onChange={(v) => void run(() => must(api.POST('/api/party/pledges/{id}/assessment', { ...path(p.id), body: { result: v } })))}
                            options={ASSESSMENTS.map((a) => ({ value: a, label: t(`pledge.assessment.${a}`) }))}
                          />
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'posts',
            label: t('pledge.review.posts'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Form
                  layout="inline"
                  onFinish={(v: { memberId: number; kind: (typeof POST_KINDS)[number]; title: string; place?: string; from: string; until?: string }) =>
                    void run(() => must(api.POST('/api/party/pioneer-posts', { body: { ...v, place: v.place ?? '', until: v.until || null } })))
                  }
                >
                  <Form.Item name="memberId" rules={[{ required: true }]}>
                    <InputNumber min={1} placeholder={t('pledge.review.memberId')} />
                  </Form.Item>
                  <Form.Item name="kind" initialValue="pioneer">
                    <Select style={{ width: 130 }} options={POST_KINDS.map((k) => ({ value: k, label: t(`pledge.postKind.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name="title" rules={[{ required: true, min: 2 }]}>
                    <Input placeholder={t('pledge.review.postTitle')} />
                  </Form.Item>
                  <Form.Item name="place">
                    <Input placeholder={t('pledge.review.place')} />
                  </Form.Item>
                  <Form.Item name="from" rules={[{ required: true }]}>
                    <Input type="date" placeholder={t('pledge.review.from')} />
                  </Form.Item>
                  <Form.Item name="until">
                    <Input type="date" placeholder={t('pledge.review.until')} />
                  </Form.Item>
                  <Button htmlType="submit" type="primary">
                    {t('pledge.review.grant')}
                  </Button>
                </Form>
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={posts.data?.posts ?? []}
                  columns={[
                    { title: t('pledge.review.owner'), dataIndex: 'memberName' },
                    { title: t('pledge.category'), render: (_, x) => t(`pledge.postKind.${x.kind}`) },
                    { title: t('pledge.review.postTitle'), dataIndex: 'title' },
                    { title: t('pledge.review.place'), dataIndex: 'place' },
                    { title: t('pledge.review.from'), render: (_, x) => t('pledge.period', { from: x.from, until: x.until ?? t('pledge.openEnded') }) },
                    {
                      title: t('pledge.review.actions'),
                      render: (_, x) =>
                        x.endedOn === null ? (
                          <Button
                            size="small"
                            onClick={() =>
                              void run(() => must(api.POST('/api/party/pioneer-posts/{id}/end', { ...path(x.id), body: { reason: '支部决定撤岗' } })))
                            }
                          >
                            {t('pledge.review.end')}
                          </Button>
                        ) : (
                          `${x.endedOn} ${x.endReason ?? ''}`
                        ),
                    },
                  ]}
                />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={returning !== null}
        title={t('pledge.review.return')}
        onCancel={() => setReturning(null)}
        okButtonProps={{ disabled: reason.trim().length < 2, 'data-testid': 'pledge-return-ok' } as never}
        onOk={() =>
          void (async () => {
            const r = returning!;
            const ok = await run(() =>
              r.kind === 'pledge'
                ? must(api.POST('/api/party/pledges/{id}/return', { ...path(r.id), body: { reason } }))
                : must(api.POST('/api/party/pledge-fulfilments/{id}/review', { ...path(r.id), body: { decision: 'returned', comment: reason } })),
            );
            if (ok) {
              setReturning(null);
              setReason('');
            }
          })()
        }
      >
        <Input.TextArea
          rows={3}
          placeholder={t('pledge.review.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="pledge-return-reason"
        />
      </Modal>
    </Space>
  );
}
