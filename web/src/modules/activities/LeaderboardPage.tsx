/**
 * 志愿排行 (all staff): volunteers by hours of a month or a year (named only with the volunteer's
 * consent), the organising units by hours, and a team tab: teams by their members' hours and by the
 * points their members earned (a member counts for every team they belong to).
 */
import { Alert, Card, Col, DatePicker, Row, Segmented, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Board = ApiJson<'/api/activities/leaderboard'>;
type TeamHours = ApiJson<'/api/activities/leaderboard/teams'>['teams'][number];
type TeamPoints = ApiJson<'/api/points/leaderboard/teams'>['items'][number];

function VolunteerBoards({ period }: { period: string }) {
  const { t } = useI18n();
  const { data, loading, error } = useLoad(async () => must(api.GET('/api/activities/leaderboard', { params: { query: { period } } })), [period]);
  return (
    <>
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
    </>
  );
}

function TeamBoards({ kind, period }: { kind: 'month' | 'year'; period: string }) {
  const { t } = useI18n();
  const { data, loading, error } = useLoad(async () => {
    const [hours, points] = await Promise.all([
      must(api.GET('/api/activities/leaderboard/teams', { params: { query: { period } } })),
      must(api.GET('/api/points/leaderboard/teams', { params: { query: { period: kind, at: period, limit: 50 } } })),
    ]);
    return { hours: hours.teams, points: points.items };
  }, [kind, period]);
  const teamName = (name: string, yours: boolean) => (
    <Space size={4}>
      {name}
      {yours && <Tag color="red">{t('act.board.yourTeam')}</Tag>}
    </Space>
  );
  return (
    <>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Alert type="info" showIcon title={t('act.board.teamRule')} style={{ marginBottom: 12 }} />
      <Row gutter={16}>
        <Col xs={24} md={12} data-testid="team-hours">
          <Table<TeamHours>
            rowKey="teamId"
            size="small"
            loading={loading}
            dataSource={data?.hours ?? []}
            pagination={false}
            title={() => t('act.board.teamsByHours')}
            columns={[
              { title: '#', dataIndex: 'rank', width: 50 },
              { title: t('act.board.team'), dataIndex: 'name', render: (n: string, r) => teamName(n, r.yours) },
              { title: t('act.board.station'), dataIndex: 'stationName' },
              { title: t('act.board.hours'), dataIndex: 'hours', render: (h: number) => h.toFixed(1) },
              { title: t('act.board.activeMembers'), key: 'members', render: (_: unknown, r) => `${r.activeMembers} / ${r.members}` },
            ]}
          />
        </Col>
        <Col xs={24} md={12} data-testid="team-points">
          <Table<TeamPoints>
            rowKey="teamId"
            size="small"
            loading={loading}
            dataSource={data?.points ?? []}
            pagination={false}
            title={() => t('act.board.teamsByPoints')}
            columns={[
              { title: '#', dataIndex: 'rank', width: 50 },
              { title: t('act.board.team'), dataIndex: 'name', render: (n: string, r) => teamName(n, r.yours) },
              { title: t('act.board.points'), dataIndex: 'points' },
              { title: t('act.board.memberCount'), dataIndex: 'members' },
            ]}
          />
        </Col>
      </Row>
    </>
  );
}

export default function LeaderboardPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<'month' | 'year'>('month');
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [tab, setTab] = useState<'volunteers' | 'teams'>('volunteers');
  const period = kind === 'month' ? date.format('YYYY-MM') : date.format('YYYY');
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
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'volunteers' | 'teams')}
        items={[
          { key: 'volunteers', label: t('act.board.tabVolunteers'), children: <VolunteerBoards period={period} /> },
          { key: 'teams', label: t('act.board.tabTeams'), children: <TeamBoards kind={kind} period={period} /> },
        ]}
      />
    </Card>
  );
}
