/**
 * Monthly rankings (考核排名): one tab per unit type with the composite score, grade, the three rates,
 * valid callbacks and movement against last month; operational measures in an expandable row; the red
 * and black lists and the proposed focus units (治理类); the rule version each type was scored under.
 * Everything comes from GET /api/assessment/rankings — the page computes nothing.
 */
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, Card, Col, DatePicker, Descriptions, Empty, List, Row, Space, Spin, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, must } from '../../shared/api.ts';
import { hours, pct, score, unitTypeKey } from '../../shared/format.ts';
import { UNIT_TYPES, type RankedUnitType } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import type { RankingRowView, RankingsView } from './types.ts';

/** The whistle figures a ranking row carries (`whistle.summoned`, only for units summoned that month). */
interface Summoned {
  summons: number;
  reportedOnTime: number;
  onTimeRate: number | null;
  ratings: number;
  averageRating: number | null;
}
const summonedOf = (r: RankingRowView): Summoned | undefined => (r as RankingRowView & { whistle?: { summoned?: Summoned } }).whistle?.summoned;

const GRADE_COLOURS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

function Movement({ row }: { row: RankingRowView }) {
  const { t } = useI18n();
  if (row.movement === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const tip = t('centre.rankings.previousRank', { rank: row.previousRank ?? '—' });
  if (row.movement === 0)
    return (
      <Tooltip title={tip}>
        <Typography.Text type="secondary" data-testid="movement-same">
          {t('centre.rankings.same')}
        </Typography.Text>
      </Tooltip>
    );
  const up = row.movement > 0;
  return (
    <Tooltip title={tip}>
      <span style={{ color: up ? '#389e0d' : '#cf1322', fontWeight: 600 }} data-testid={up ? 'movement-up' : 'movement-down'}>
        {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {Math.abs(row.movement)}
      </span>
    </Tooltip>
  );
}

function MeasuresRow({ row }: { row: RankingRowView }) {
  const { t } = useI18n();
  const m = row.measures;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3, xl: 7 }} data-testid="ranking-measures">
      <Descriptions.Item label={t('centre.measures.dispatched')}>{row.counts.dispatched}</Descriptions.Item>
      <Descriptions.Item label={t('centre.measures.onTimeSign')}>{pct(m.onTimeSignRate)}</Descriptions.Item>
      <Descriptions.Item label={t('centre.measures.onTimeReply')}>{pct(m.onTimeReplyRate)}</Descriptions.Item>
      <Descriptions.Item label={t('centre.measures.objection')}>{pct(m.objectionRate)}</Descriptions.Item>
      <Descriptions.Item label={t('centre.measures.extension')}>{pct(m.extensionRate)}</Descriptions.Item>
      <Descriptions.Item label={t('centre.measures.repeat')}>{pct(m.repeatRate)}</Descriptions.Item>
      <Descriptions.Item label={t('centre.measures.avgHours')}>{hours(m.avgHandlingHours)}</Descriptions.Item>
    </Descriptions>
  );
}

function ListCard({ title, rows, colour, tag, testId }: { title: string; rows: RankingRowView[]; colour: string; tag: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={<span style={{ color: colour }}>{title}</span>} data-testid={testId} style={{ height: '100%' }}>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('centre.rankings.listEmpty')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => (
            <List.Item>
              <Space>
                <Tag color={tag}>{t('centre.rankings.rankN', { rank: r.rank ?? '—' })}</Tag>
                {r.unitName}
              </Space>
              <Typography.Text strong>{score(r.composite)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function TypePanel({ data, unitType }: { data: RankingsView; unitType: RankedUnitType }) {
  const { t } = useI18n();
  const group = data.groups.find((g) => g.unitType === unitType);
  const lists = data.lists.find((l) => l.unitType === unitType);
  const focus = data.focusUnits.filter((f) => f.unitType === unitType);
  if (group === undefined) return <Empty description={t('centre.rankings.noUnits')} />;
  const columns: ColumnsType<RankingRowView> = [
    {
      title: t('centre.rankings.rank'),
      dataIndex: 'rank',
      width: 70,
      render: (v: number | null) => (v === null ? <Tag>{t('centre.rankings.unranked')}</Tag> : <b>{v}</b>),
    },
    { title: t('centre.rankings.unit'), dataIndex: 'unitName' },
    { title: t('centre.rankings.composite'), dataIndex: 'composite', align: 'right', render: (v: number | null) => <b>{score(v)}</b> },
    {
      title: t('centre.rankings.grade'),
      dataIndex: 'grade',
      align: 'center',
      render: (g: string | null) => (g === null ? '—' : <Tag color={GRADE_COLOURS[g] ?? 'default'}>{g}</Tag>),
    },
    { title: t('centre.rates.response'), dataIndex: 'responseRate', align: 'right', render: pct },
    { title: t('centre.rates.resolution'), dataIndex: 'resolutionRate', align: 'right', render: pct },
    { title: t('centre.rates.satisfaction'), dataIndex: 'satisfactionRate', align: 'right', render: pct },
    { title: t('centre.rankings.validCallbacks'), key: 'valid', align: 'right', render: (_, r) => r.counts.validCallbacks },
    { title: t('centre.rankings.movement'), key: 'movement', align: 'center', render: (_, r) => <Movement row={r} /> },
  ];
  // 双考核: a department's report-in timeliness and the streets' rating of it (whistles of the month).
  if (unitType === 'department' || unitType === 'enterprise')
    columns.splice(
      -1,
      0,
      {
        title: t('whistle.rankOnTime'),
        key: 'whistleOnTime',
        align: 'right',
        render: (_, r) => <span data-testid={`whistle-ontime-rate-${r.unitId}`}>{pct(summonedOf(r)?.onTimeRate ?? null)}</span>,
      },
      {
        title: t('whistle.rankRating'),
        key: 'whistleRating',
        align: 'right',
        render: (_, r) => {
          const s = summonedOf(r);
          return <span data-testid={`whistle-rating-${r.unitId}`}>{s?.averageRating == null ? '—' : `${s.averageRating.toFixed(1)} (${s.ratings})`}</span>;
        },
      },
    );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Tag color="geekblue" data-testid={`rule-version-${unitType}`}>
          {t('centre.rankings.ruleVersion', { version: group.ruleVersion })}
        </Tag>
        <Typography.Text type="secondary">{t('centre.rankings.rankedCount', { ranked: group.rankedCount, total: group.rows.length })}</Typography.Text>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <ListCard title={t('centre.rankings.redList')} rows={lists?.red ?? []} colour="#c41d1d" tag="red" testId="red-list" />
        </Col>
        <Col xs={24} md={8}>
          <ListCard title={t('centre.rankings.blackList')} rows={lists?.black ?? []} colour="#262626" tag="default" testId="black-list" />
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('centre.rankings.focus')} data-testid="focus-units" style={{ height: '100%' }}>
            {focus.length === 0 ? (
              <Typography.Text type="secondary">{t('centre.rankings.focusNone')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={focus}
                renderItem={(f) => (
                  <List.Item>
                    <span>{f.unitName}</span>
                    <Tag color="volcano">{t('centre.rankings.focusMonths', { n: f.consecutiveMonths })}</Tag>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Table<RankingRowView>
        data-testid={`ranking-table-${unitType}`}
        rowKey="unitId"
        size="middle"
        columns={columns}
        dataSource={group.rows}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <MeasuresRow row={r} /> }}
      />
    </Space>
  );
}

export default function RankingsPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const [tab, setTab] = useState<RankedUnitType>('street');
  const { data, loading, error } = useLoad(
    async () => must(api.GET('/api/assessment/rankings', { params: { query: { month: month.format('YYYY-MM') } } })),
    [month],
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('centre.rankings.title')}
        </Typography.Title>
        <Space>
          <Typography.Text>{t('centre.rankings.month')}</Typography.Text>
          <DatePicker
            picker="month"
            allowClear={false}
            value={month}
            onChange={(d) => d && setMonth(d.startOf('month'))}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            data-testid="rankings-month"
          />
        </Space>
      </Space>
      <Typography.Text type="secondary">{t('centre.rankings.note')}</Typography.Text>
      {error && !loading && <Alert type="error" showIcon message={t('common.error')} description={error} />}
      <Spin spinning={loading}>
        {data && (
          <Tabs
            data-testid="rankings-tabs"
            activeKey={tab}
            onChange={(k) => setTab(k as RankedUnitType)}
            items={UNIT_TYPES.map((ut) => {
              const g = data.groups.find((x) => x.unitType === ut);
              return {
                key: ut,
                label: (
                  <span data-testid={`rankings-tab-${ut}`}>
                    {t(unitTypeKey(ut))}
                    {g ? ` (${g.rankedCount})` : ''}
                  </span>
                ),
                children: <TypePanel data={data} unitType={ut} />,
              };
            })}
          />
        )}
      </Spin>
    </Space>
  );
}
