/**
 * 台账管理: the district's ledgers with their rules in words and their live counts (tickets, open,
 * overdue — as far as the viewer may see), and 新建台账 for the centre's supervisors and admins.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { rulesSummary, type Ledger, type LedgerStatus } from './common.ts';
import LedgerForm from './LedgerForm.tsx';
import { useLabels } from '../../shared/labels.ts';

/** A ledger's live counts, fetched per row (GET /api/ledgers/{id} counts what the viewer may see). */
function useStatuses(ledgers: Ledger[]): Map<number, LedgerStatus | 'error'> {
  const [statuses, setStatuses] = useState(new Map<number, LedgerStatus | 'error'>());
  useEffect(() => {
    let live = true;
    setStatuses(new Map());
    for (const l of ledgers)
      must(api.GET('/api/ledgers/{id}', { params: { path: { id: l.id } } }))
        .then((d) => live && setStatuses((m) => new Map(m).set(l.id, d.status)))
        .catch(() => live && setStatuses((m) => new Map(m).set(l.id, 'error')));
    return () => {
      live = false;
    };
  }, [ledgers]);
  return statuses;
}

export default function LedgersPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const { may } = useSession();
  const navigate = useNavigate();
  const ref = useReference();
  const labels = useLabels();
  const [creating, setCreating] = useState(false);
  const { data: ledgers, loading, error, reload } = useLoad(async () => (await must(api.GET('/api/ledgers'))).items, [], { initial: [] as Ledger[] });
  const statuses = useStatuses(ledgers);
  const canEdit = may('ledgers.edit');

  const count = (id: number, pick: (s: LedgerStatus) => number, testId: string, colour?: string) => {
    const s = statuses.get(id);
    if (s === undefined) return <Typography.Text type="secondary">…</Typography.Text>;
    if (s === 'error') return <Typography.Text type="secondary">—</Typography.Text>;
    const n = pick(s);
    return (
      <span data-testid={testId} data-count={n}>
        {colour && n > 0 ? <Tag color={colour}>{n}</Tag> : n}
      </span>
    );
  };

  return (
    <div data-testid="ledgers-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('ledger.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('ledger.subtitle')}</Typography.Paragraph>
        </div>
        <Space>
          <Button onClick={() => void reload()} data-testid="ledgers-refresh">
            {t('ledger.refresh')}
          </Button>
          {canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ledger-new">
              {t('ledger.new')}
            </Button>
          ) : null}
        </Space>
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card>
        <Table<Ledger>
          rowKey="id"
          loading={loading}
          dataSource={ledgers}
          data-testid="ledgers-table"
          locale={{ emptyText: t('ledger.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('ledger.col.name'),
              key: 'name',
              render: (_, l) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/ledgers/${l.id}`} data-testid={`ledger-link-${l.id}`}>
                    {l.name}
                  </Link>
                  {l.description ? <Typography.Text type="secondary">{l.description}</Typography.Text> : null}
                </Space>
              ),
            },
            {
              title: t('ledger.col.rules'),
              key: 'rules',
              render: (_, l) => (
                <Space direction="vertical" size={0} data-testid={`ledger-rules-${l.id}`}>
                  {rulesSummary(l.rules, t, ref, lang, labels).map((line) => (
                    <Typography.Text key={line}>{line}</Typography.Text>
                  ))}
                </Space>
              ),
            },
            { title: t('ledger.col.total'), key: 'total', width: 90, render: (_, l) => count(l.id, (s) => s.total, `ledger-total-${l.id}`) },
            { title: t('ledger.col.open'), key: 'open', width: 90, render: (_, l) => count(l.id, (s) => s.total - s.closed, `ledger-open-${l.id}`, 'blue') },
            { title: t('ledger.col.overdue'), key: 'overdue', width: 90, render: (_, l) => count(l.id, (s) => s.overdue, `ledger-overdue-${l.id}`, 'red') },
            { title: t('ledger.col.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>
      <LedgerForm
        open={creating}
        reference={ref}
        onClose={() => setCreating(false)}
        onCreated={(l) => {
          setCreating(false);
          void message.success(t('ledger.created'));
          void navigate(`/ledgers/${l.id}`);
        }}
      />
    </div>
  );
}
