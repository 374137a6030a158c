/**
 * 台账详情: the ledger's rules, its live counts (total, open, overdue, closed, satisfied — scoped to what
 * the viewer may see), the daily/weekly/monthly summaries as a chart, and its items with hand additions,
 * removals, Excel export and import.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Spin, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, must } from '../../shared/api.ts';
import { useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { rulesSummary, type LedgerDetail } from './common.ts';
import LedgerItems from './LedgerItems.tsx';
import LedgerSummaryChart from './LedgerSummaryChart.tsx';
import { useLabels } from '../../shared/labels.ts';

export default function LedgerDetailPage() {
  const { t, lang } = useI18n();
  const { may } = useSession();
  const ref = useReference();
  const labels = useLabels();
  const id = Number(useParams().id);
  /** Bumped after a change, so counts, summaries and items reload. */
  const [reload, setReload] = useState(0);
  const canEdit = may('ledgers.edit');
  const {
    data: ledger,
    error,
    reload: load,
  } = useLoad((): Promise<LedgerDetail> => must(api.GET('/api/ledgers/{id}', { params: { path: { id } } })), [id, reload]);

  if (!Number.isSafeInteger(id) || id < 1) return <Alert type="error" showIcon title={t('common.notFound')} />;
  if (ledger === undefined)
    return error ? <Alert type="error" showIcon title={error} action={<Button onClick={() => void load()}>{t('common.retry')}</Button>} /> : <Spin />;

  const s = ledger.status;
  const stats: { key: MessageKey; value: number; testId: string; colour?: string }[] = [
    { key: 'ledger.stat.total', value: s.total, testId: 'ledger-stat-total' },
    { key: 'ledger.stat.open', value: s.total - s.closed, testId: 'ledger-stat-open', colour: '#1677ff' },
    { key: 'ledger.stat.overdue', value: s.overdue, testId: 'ledger-stat-overdue', colour: s.overdue > 0 ? '#c41d1d' : undefined },
    { key: 'ledger.stat.closed', value: s.closed, testId: 'ledger-stat-closed', colour: '#52c41a' },
    { key: 'ledger.stat.satisfied', value: s.satisfied, testId: 'ledger-stat-satisfied' },
  ];

  return (
    <div data-testid="ledger-detail-page">
      <Link to="/ledgers">
        <ArrowLeftOutlined /> {t('ledger.back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 8 }} data-testid="ledger-name">
        {ledger.name}
      </Typography.Title>
      {ledger.description ? <Typography.Paragraph type="secondary">{ledger.description}</Typography.Paragraph> : null}
      <Space wrap size={[16, 4]} style={{ marginBottom: 16 }} data-testid="ledger-rules">
        {rulesSummary(ledger.rules, t, ref, lang, labels).map((line) => (
          <Typography.Text key={line} type="secondary">
            {line}
          </Typography.Text>
        ))}
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {stats.map((x) => (
          <Col key={x.key} xs={12} md={8} lg={4}>
            <Card size="small" data-testid={x.testId} data-value={x.value}>
              <Statistic title={t(x.key)} value={x.value} styles={{ content: x.colour ? { color: x.colour } : undefined }} />
            </Card>
          </Col>
        ))}
      </Row>
      <div style={{ marginBottom: 16 }}>
        <LedgerSummaryChart ledgerId={id} reload={reload} />
      </div>
      <LedgerItems ledgerId={id} total={s.total} canEdit={canEdit} reload={reload} onChanged={() => setReload((n) => n + 1)} />
    </div>
  );
}
