/**
 * 督办中心: the command centre's queues — overdue tickets to supervise, objections, extension requests
 * and assessment appeals to decide, unsatisfied callbacks to redo or close, tickets not yet dispatched —
 * with their counts, and the decisions taken in place through the workflow actions.
 */
import { Alert, Badge, Button, Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, must } from '../../../shared/api.ts';
import { useReference } from '../../../shared/reference.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../../shell/i18n.tsx';
import type { CentreQueue, QueueSummary } from './common.tsx';
import QueueTable, { QUEUE_DECISIONS } from './QueueTable.tsx';

const QUEUES = Object.keys(QUEUE_DECISIONS) as CentreQueue[];
const BADGE_COLOURS: Partial<Record<CentreQueue, string>> = { overdue: 'red', objections: 'purple', unsatisfied: 'volcano' };

export default function CentrePage() {
  const { t } = useI18n();
  const ref = useReference();
  const [params, setParams] = useSearchParams();
  const queue = (QUEUES as string[]).includes(params.get('queue') ?? '') ? (params.get('queue') as CentreQueue) : 'overdue';
  const [tick, setTick] = useState(0);
  const { data: counts, error, reload: loadCounts } = useLoad(async () => (await must(api.GET('/api/queues'))).items, [tick], { initial: [] as QueueSummary });

  const count = (name: string) => counts.find((c) => c.name === name)?.count ?? 0;
  const callbacks = count('callback');

  return (
    <div data-testid="centre-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('work.centre.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('work.centre.subtitle')}</Typography.Paragraph>
        </div>
        <Space>
          {callbacks > 0 ? (
            <Link to="/callback" data-testid="centre-to-callback">
              {t('work.centre.toCallback', { n: callbacks })}
            </Link>
          ) : null}
          <Button onClick={() => setTick((n) => n + 1)} data-testid="centre-refresh">
            {t('work.refresh')}
          </Button>
        </Space>
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card>
        <Tabs
          activeKey={queue}
          onChange={(k) => setParams({ queue: k }, { replace: true })}
          items={QUEUES.map((name) => ({
            key: name,
            label: (
              <span data-testid={`centre-tab-${name}`} data-count={count(name)}>
                {t(`work.queue.${name}` as MessageKey)} <Badge count={count(name)} showZero overflowCount={9999} color={BADGE_COLOURS[name] ?? 'blue'} />
              </span>
            ),
          }))}
        />
        <Typography.Paragraph type="secondary" data-testid="centre-queue-hint">
          {t(`work.queueHint.${queue}` as MessageKey)}
        </Typography.Paragraph>
        <QueueTable key={`${queue}-${tick}`} name={queue} units={ref.units} onChanged={() => void loadCounts()} />
      </Card>
    </div>
  );
}
