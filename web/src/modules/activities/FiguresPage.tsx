/**
 * 领导数据看板 (leaders of the district or a street/town, the centre's supervisors): per street of
 * the district, for a month or a year, volunteers registered and active, hours served, activities held,
 * and the service orders of the street's practice stations with their satisfaction and on-time rates.
 * A bar chart (ECharts) over the table; a street's leader sees their own street.
 */
import { Alert, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { api, must, type ApiJson } from '../../shared/api.ts';
import { EChart, type ChartOption } from '../../shared/EChart.tsx';
import { hours, pct } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Figures = ApiJson<'/api/activities/figures'>;
type Row = Figures['streets'][number];

export default function FiguresPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<'month' | 'year'>('month');
  const [date, setDate] = useState<Dayjs>(dayjs());
  const period = kind === 'month' ? date.format('YYYY-MM') : date.format('YYYY');
  const { data, loading, error } = useLoad(async () => must(api.GET('/api/activities/figures', { params: { query: { period } } })), [period]);
  const streets = useMemo(() => data?.streets ?? [], [data]);
  const nameOf = useCallback((r: Row) => (r.code === 'district' ? t('act.fig.districtLevel') : r.name), [t]);

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 96 },
      xAxis: { type: 'category', data: streets.map(nameOf), axisLabel: { rotate: 40, interval: 0 } },
      yAxis: [
        { type: 'value', name: t('act.fig.hours'), minInterval: 1 },
        { type: 'value', name: t('act.fig.count'), minInterval: 1 },
      ],
      series: [
        { type: 'bar', name: t('act.fig.hours'), data: streets.map((s) => s.hours), itemStyle: { color: '#c41d1d' } },
        { type: 'bar', name: t('act.fig.active'), yAxisIndex: 1, data: streets.map((s) => s.activeVolunteers), itemStyle: { color: '#1677ff' } },
        { type: 'bar', name: t('act.fig.orders'), yAxisIndex: 1, data: streets.map((s) => s.orders), itemStyle: { color: '#52c41a' } },
      ],
    }),
    [streets, nameOf, t],
  );

  return (
    <Card
      title={t('act.fig.title')}
      extra={
        <Space>
          <Segmented
            value={kind}
            onChange={(v) => setKind(v as 'month' | 'year')}
            options={[
              { value: 'month', label: t('act.board.month') },
              { value: 'year', label: t('act.board.year') },
            ]}
          />
          <DatePicker picker={kind} value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        </Space>
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('act.fig.note')}</Typography.Paragraph>
      <div data-testid="figures-chart">
        <EChart option={option} height={380} testId="chart-figures" />
      </div>
      <Table<Row>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={streets}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="figures-table"
        columns={[
          { title: t('act.fig.street'), key: 'name', render: (_: unknown, r) => nameOf(r), fixed: 'left' },
          { title: t('act.fig.registered'), dataIndex: 'registeredVolunteers' },
          { title: t('act.fig.active'), dataIndex: 'activeVolunteers' },
          { title: t('act.fig.hours'), dataIndex: 'hours', render: (h: number) => hours(h) },
          { title: t('act.fig.activities'), dataIndex: 'activities' },
          { title: t('act.fig.orders'), dataIndex: 'orders' },
          { title: t('act.fig.satisfaction'), dataIndex: 'satisfactionRate', render: (v: number | null) => pct(v) },
          { title: t('act.fig.onTime'), dataIndex: 'onTimeRate', render: (v: number | null) => pct(v) },
        ]}
        summary={() =>
          data ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>
                  {t('act.fig.total')} {data.total.name}
                </strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{data.total.registeredVolunteers}</Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{data.total.activeVolunteers}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{hours(data.total.hours)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>{data.total.activities}</Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{data.total.orders}</Table.Summary.Cell>
              <Table.Summary.Cell index={6}>{pct(data.total.satisfactionRate)}</Table.Summary.Cell>
              <Table.Summary.Cell index={7}>{pct(data.total.onTimeRate)}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}
