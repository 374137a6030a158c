/**
 * 志愿排行 (all staff): volunteers by hours of a month or a year (names masked until the volunteer
 * consents, which the volunteers module will record) and the organising units by hours.
 */
import { Alert, Card, Col, DatePicker, Row, Segmented, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Board = ApiJson<'/api/activities/leaderboard'>;

export default function LeaderboardPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<'month' | 'year'>('month');
  const [date, setDate] = useState<Dayjs>(dayjs());
  const period = kind === 'month' ? date.format('YYYY-MM') : date.format('YYYY');
  const { data, loading, error } = useLoad(async () => must(api.GET('/api/activities/leaderboard', { params: { query: { period } } })), [period]);
  return (
    <Card
      title={t('act.board.title')}
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
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Table<Board['volunteers'][number]>
            rowKey="rank"
            size="small"
            loading={loading}
            dataSource={data?.volunteers ?? []}
            pagination={false}
            title={() => t('act.board.volunteers')}
            columns={[
              { title: '#', dataIndex: 'rank', width: 50 },
              { title: t('act.list.name'), dataIndex: 'name' },
              { title: t('act.board.hours'), dataIndex: 'hours', render: (h: number) => h.toFixed(1) },
              { title: t('act.board.sessions'), dataIndex: 'sessions' },
            ]}
          />
        </Col>
        <Col xs={24} md={12}>
          <Table<Board['organisers'][number]>
            rowKey="unitId"
            size="small"
            loading={loading}
            dataSource={data?.organisers ?? []}
            pagination={false}
            title={() => t('act.board.organisers')}
            columns={[
              { title: '#', dataIndex: 'rank', width: 50 },
              { title: t('act.board.organiser'), dataIndex: 'name' },
              { title: t('act.board.hours'), dataIndex: 'hours', render: (h: number) => h.toFixed(1) },
              { title: t('act.board.volunteerCount'), dataIndex: 'volunteers' },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
