/** /m/hours: the volunteer's service hours of a year, by month and record by record, and the certificate (PDF). */
import { Alert, Button, Card, Empty, List, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import MobileShell from './MobileShell.tsx';

export default function MobileHoursPage() {
  const { t } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const { data, error } = useLoad(async () => must(api.GET('/api/activities/my/hours', { params: { query: { year } } })), [year]);
  return (
    <MobileShell title={t('m.hours.title')}>
      {error && <Alert type="error" title={error} />}
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Select
            value={year}
            onChange={setYear}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: `${y}` }))}
            aria-label={t('m.hours.year')}
          />
          <Statistic title={t('m.hours.total')} value={data?.totalHours ?? 0} precision={1} valueStyle={{ fontSize: 36 }} />
        </Space>
        <Button type="primary" block style={{ marginTop: 12 }} href={`/api/activities/my/certificate.pdf?year=${year}`} data-testid="certificate">
          {t('m.hours.certificate')}
        </Button>
      </Card>
      {data && data.byMonth.length > 0 && (
        <Card size="small" title={t('m.hours.byMonth')} style={{ marginTop: 12 }}>
          <Space wrap>
            {data.byMonth.map((m) => (
              <Tag key={m.month}>
                {m.month}：{m.hours.toFixed(1)}
              </Tag>
            ))}
          </Space>
        </Card>
      )}
      <Card size="small" style={{ marginTop: 12 }}>
        {data && data.records.length === 0 ? (
          <Empty description={t('m.hours.empty')} />
        ) : (
          <List
            size="small"
            dataSource={data?.records ?? []}
            renderItem={(r) => (
              <List.Item extra={<Typography.Text strong>{r.hours.toFixed(1)}</Typography.Text>}>
                <List.Item.Meta title={r.activityTitle} description={`${r.servedOn} · ${r.organiserName} · ${t(`act.hours.kind.${r.kind}` as MessageKey)}`} />
              </List.Item>
            )}
          />
        )}
      </Card>
    </MobileShell>
  );
}
