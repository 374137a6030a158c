/**
 * 党建品牌 (the district's organisers): a programme's applications with the preliminary review (pass, or
 * reject with a reason), opening round 1 with its experts, and one table per round — every application
 * with its branch, each expert's completion, the mean, the rank (tie marked) and an advance choice —
 * from which the round is closed, the chosen advance to the next round with the same experts, or are
 * published as the programme's brands.
 */
import { Alert, App as AntApp, Button, Checkbox, Input, Modal, Select, Space, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Detail = ApiJson<'/api/party/brand-programmes/{id}'>;
type Application = Detail['applications'][number];
type RoundTable = ApiJson<'/api/party/brand-rounds/{id}'>;

export default function BrandsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const programmes = useLoad(() => must(api.GET('/api/party/brand-programmes')), []);
  const [programmeId, setProgrammeId] = useState<number | undefined>();
  useEffect(() => {
    if (programmeId === undefined && programmes.data?.items[0]) setProgrammeId(programmes.data.items[0].id);
  }, [programmes.data, programmeId]);
  const detail = useLoad(() => must(api.GET('/api/party/brand-programmes/{id}', { params: { path: { id: programmeId! } } })), [programmeId], {
    skip: programmeId === undefined,
  });
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const [reason, setReason] = useState('');
  const [experts, setExperts] = useState('');
  const [trimmed, setTrimmed] = useState(true);
  const [tab, setTab] = useState<string>('applications');
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      message.success(t('pr.saved'));
      await detail.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const d = detail.data;
  const review = (a: Application, decision: 'pass' | 'reject', why?: string) =>
    act(() =>
      must(api.POST('/api/party/brand-applications/{id}/preliminary', { params: { path: { id: a.id } }, body: { decision, ...(why ? { reason: why } : {}) } })),
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="brands-page">
      <Space wrap>
        {t('pb.programme')}
        <Select
          style={{ minWidth: 320 }}
          value={programmeId}
          onChange={setProgrammeId}
          options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title}（${t(`pb.pstatus.${p.status}`)}）` }))}
        />
      </Space>
      {(detail.error ?? programmes.error) && <Alert type="error" showIcon title={detail.error ?? programmes.error} />}
      {d && (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'applications',
              label: `${t('pb.applications')} · ${d.applications.length}`,
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {d.programme.status === 'applying' && (
                    <Space wrap>
                      <Input style={{ width: 320 }} placeholder={t('pb.experts')} value={experts} onChange={(e) => setExperts(e.target.value)} />
                      <Switch checked={trimmed} onChange={setTrimmed} /> {t('pb.trimmed')}
                      <Button
                        type="primary"
                        onClick={() =>
                          act(() =>
                            must(
                              api.POST('/api/party/brand-programmes/{id}/rounds', {
                                params: { path: { id: d.programme.id } },
                                body: {
                                  expertUserIds: experts
                                    .split(/[,，\s]+/)
                                    .filter(Boolean)
                                    .map(Number),
                                  trimmed,
                                },
                              }),
                            ),
                          )
                        }
                      >
                        {t('pb.openRound')}
                      </Button>
                    </Space>
                  )}
                  <Table<Application>
                    rowKey="id"
                    size="small"
                    dataSource={d.applications}
                    pagination={{ pageSize: 100, showSizeChanger: false }}
                    columns={[
                      { title: t('pb.applicant'), dataIndex: 'organisationName' },
                      { title: t('pb.title'), dataIndex: 'title' },
                      { title: t('pb.summary'), dataIndex: 'summary', ellipsis: true },
                      {
                        title: t('pb.status'),
                        render: (_, a) => (
                          <Space>
                            <Tag color={a.status === 'rejected' ? 'red' : a.status === 'passed' ? 'green' : 'default'}>{t(`pb.status.${a.status}`)}</Tag>
                            {a.reviewReason && <Typography.Text type="secondary">{a.reviewReason}</Typography.Text>}
                            {a.chosen && <Tag color="gold">#{a.finalRank}</Tag>}
                          </Space>
                        ),
                      },
                      {
                        title: '',
                        render: (_, a) =>
                          a.status === 'submitted' && d.programme.status === 'applying' ? (
                            <Space>
                              <Button size="small" onClick={() => review(a, 'pass')}>
                                {t('pb.pass')}
                              </Button>
                              <Button size="small" danger onClick={() => setRejecting(a)}>
                                {t('pb.reject')}
                              </Button>
                            </Space>
                          ) : null,
                      },
                    ]}
                  />
                </Space>
              ),
            },
            ...d.rounds.map((r) => ({
              key: `round-${r.id}`,
              label: `${t('pb.round', { n: String(r.number) })} · ${r.entries}`,
              children: <Round id={r.id} onChanged={() => void detail.reload()} />,
            })),
          ]}
        />
      )}
      <Modal
        open={rejecting !== null}
        title={t('pb.reject')}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          await review(rejecting!, 'reject', reason);
          setRejecting(null);
          setReason('');
        }}
      >
        <Input.TextArea placeholder={t('pb.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}

type TableRow = RoundTable['rows'][number];

function Round({ id, onChanged }: { id: number; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const table = useLoad(() => must(api.GET('/api/party/brand-rounds/{id}', { params: { path: { id } } })), [id]);
  const [chosen, setChosen] = useState<number[]>([]);
  const d = table.data;
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      message.success(t('pr.saved'));
      setChosen([]);
      await table.reload();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  if (!d) return table.error ? <Alert type="error" showIcon title={table.error} /> : null;
  const open = d.round.latest && d.programme.status === 'scoring';
  const path = { params: { path: { id } } };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`round-${d.round.number}`}>
      <Space wrap>
        {d.experts.map((e) => (
          <Tag key={e.userId} color={e.done === e.of ? 'green' : 'orange'}>
            {e.name} {t('pb.progress', { done: String(e.done), of: String(e.of) })}
          </Tag>
        ))}
        {d.round.trimmed && <Tag>{t('pb.trimmed')}</Tag>}
      </Space>
      {open && (
        <Space wrap>
          {d.round.status === 'scoring' && (
            <Button onClick={() => act(() => must(api.POST('/api/party/brand-rounds/{id}/close', path)))} data-testid="round-close">
              {t('pb.close')}
            </Button>
          )}
          {d.round.status === 'closed' && (
            <>
              <Typography.Text data-testid="round-chosen">{t('pb.chosenCount', { n: String(chosen.length) })}</Typography.Text>
              <Button
                disabled={chosen.length === 0}
                onClick={() =>
                  act(() =>
                    must(
                      api.POST('/api/party/brand-rounds/{id}/advance', {
                        ...path,
                        body: { applicationIds: chosen, expertUserIds: d.experts.map((e) => e.userId), trimmed: d.round.trimmed },
                      }),
                    ),
                  )
                }
                data-testid="round-advance"
              >
                {t('pb.advanceChosen')}
              </Button>
              <Button
                type="primary"
                disabled={chosen.length === 0}
                onClick={() =>
                  act(() =>
                    must(api.POST('/api/party/brand-programmes/{id}/publish', { params: { path: { id: d.programme.id } }, body: { applicationIds: chosen } })),
                  )
                }
                data-testid="round-publish"
              >
                {t('pb.publishChosen')}
              </Button>
            </>
          )}
        </Space>
      )}
      <Table<TableRow>
        rowKey="applicationId"
        size="small"
        dataSource={d.rows}
        pagination={false}
        scroll={{ y: 560 }}
        columns={[
          {
            title: t('pb.rank'),
            dataIndex: 'rank',
            width: 70,
            render: (r: number | null, row) => (row.tied ? <Tooltip title={t('pb.tied')}>{r}=</Tooltip> : r),
          },
          { title: t('pb.label'), dataIndex: 'label', width: 90 },
          { title: t('pb.applicant'), dataIndex: 'organisationName' },
          { title: t('pb.title'), dataIndex: 'title' },
          {
            title: t('pb.done'),
            render: (_, row) => (
              <span data-testid="round-done">
                {row.expertsDone.map((done, i) => (
                  <Tag key={i} color={done ? 'green' : 'default'} style={{ marginInlineEnd: 2 }}>
                    {done ? '✓' : '·'}
                  </Tag>
                ))}
              </span>
            ),
          },
          { title: t('pb.mean'), dataIndex: 'mean', width: 90 },
          {
            title: t('pb.advance'),
            width: 80,
            render: (_, row) =>
              open && d.round.status === 'closed' ? (
                <Checkbox
                  checked={chosen.includes(row.applicationId)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, row.applicationId] : chosen.filter((x) => x !== row.applicationId))}
                  data-testid={`round-pick-${row.rank}`}
                />
              ) : row.advanced ? (
                <Tag color={row.chosen ? 'gold' : 'blue'}>✓</Tag>
              ) : null,
          },
        ]}
        data-testid="round-table"
      />
    </Space>
  );
}
