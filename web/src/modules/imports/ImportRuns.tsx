/**
 * 导入记录: past import runs of the district (web and command line, dry runs included), newest first,
 * paged on the server; a row opens its stored row report.
 */
import { Alert, Button, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import type { paths } from '../../api-types';
import { api, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import ImportReport from './ImportReport.tsx';

type Run = paths['/api/imports']['get']['responses'][200]['content']['application/json']['items'][number];
type RunDetail = paths['/api/imports/{id}']['get']['responses'][200]['content']['application/json'];

const RUN_COLOURS: Record<Run['status'], string> = { committed: 'green', dry_run: 'blue', rejected: 'orange', failed: 'red' };
const PAGE = 20;
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });

export function RunStatusTag({ status }: { status: Run['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={RUN_COLOURS[status]} data-testid="imports-run-status" data-status={status}>
      {t(`imports.runStatus.${status}` as MessageKey)}
    </Tag>
  );
}

function RunReport({ id }: { id: number }) {
  const { data: run, error } = useLoad((): Promise<RunDetail> => must(api.GET('/api/imports/{id}', { params: { path: { id } } })), [id]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (run === undefined) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="imports-run-detail">
      <Space wrap>
        <RunStatusTag status={run.status} />
        <Typography.Text>{run.fileName || '—'}</Typography.Text>
        {run.mapping ? <Tag>{run.mapping}</Tag> : null}
        <Typography.Text type="secondary">
          {run.startedBy.displayName}（{run.startedBy.username}） · {when(run.startedAt)}
        </Typography.Text>
      </Space>
      <ImportReport counts={run} rows={run.rows} outcome={null} encoding={run.encoding} omitted={run.reportOmitted} written={run.status === 'committed'} />
    </Space>
  );
}

/** `reloadKey` changes when the page has run an import, so the list shows it. */
export default function ImportRuns({ reloadKey }: { reloadKey: number }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const {
    data: { items, total },
    loading,
    error,
  } = useLoad(
    async () => {
      const r = await must(api.GET('/api/imports', { params: { query: { limit: PAGE, offset: (page - 1) * PAGE } } }));
      return { items: r.items, total: r.total };
    },
    [page, reloadKey],
    { initial: { items: [] as Run[], total: 0 } },
  );

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Run>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        data-testid="imports-runs"
        pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage }}
        onRow={(r) => ({ 'data-testid': `imports-run-${r.id}`, onClick: () => setOpen(r.id), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: t('imports.runs.when'), render: (_, r) => when(r.startedAt) },
          {
            title: t('imports.runs.kind'),
            render: (_, r) => (r.mapping ? `${t(`imports.kind.${r.kind}` as MessageKey)} · ${r.mapping}` : t(`imports.kind.${r.kind}` as MessageKey)),
          },
          { title: t('imports.runs.fileName'), dataIndex: 'fileName', render: (v: string) => v || '—' },
          { title: t('imports.runs.status'), render: (_, r) => <RunStatusTag status={r.status} /> },
          {
            title: t('imports.runs.counts'),
            render: (_, r) => (
              <span data-testid="imports-run-counts">
                {r.accepted} / {r.rejected} / {r.duplicates} / {r.total}
              </span>
            ),
          },
          { title: t('imports.runs.who'), render: (_, r) => r.startedBy.displayName },
          {
            title: '',
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => setOpen(r.id)}>
                {t('imports.runs.open')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={open !== null}
        width={960}
        footer={null}
        destroyOnHidden
        onCancel={() => setOpen(null)}
        title={open === null ? '' : t('imports.runs.detail', { id: open })}
      >
        {open !== null && <RunReport id={open} />}
      </Modal>
    </>
  );
}
