/**
 * 双报到总览 (the organisation department's page): a month's figures per street and community of the
 * worker's scope (reported, active, needs by state), the open needs with room left (unclaimed first), and
 * the branches that fell a star in the month's year (from the star rating, rating.service.ts `fellAStarIn`).
 */
import { Alert, Card, DatePicker, Input, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

export default function ReportInOverviewPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [street, setStreet] = useState<string | undefined>(undefined);
  const ov = useLoad(() => must(api.GET('/api/party/reportin/overview', { params: { query: { month, ...(street ? { street } : {}) } } })), [month, street]);
  const d = ov.data;
  const figures = [
    { title: t('ri.reportedMembers'), dataIndex: 'reportedMembers' },
    { title: t('ri.reportedOrganisations'), dataIndex: 'reportedOrganisations' },
    { title: t('ri.activeMembers'), dataIndex: 'activeMembers' },
    { title: t('ri.activeOrganisations'), dataIndex: 'activeOrganisations' },
    { title: t('ri.need.open'), dataIndex: 'needsOpen' },
    { title: t('ri.unclaimed'), dataIndex: 'needsUnclaimed' },
    { title: t('ri.need.claimed'), dataIndex: 'needsClaimed' },
    { title: t('ri.need.done'), dataIndex: 'needsDone' },
    { title: t('ri.need.confirmed'), dataIndex: 'needsConfirmed' },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('ri.overview')}>
        <Space wrap>
          <DatePicker picker="month" value={dayjs(`${month}-01`)} onChange={(v) => v && setMonth(v.format('YYYY-MM'))} allowClear={false} />
          <Input.Search
            placeholder={t('ri.streetCode')}
            allowClear
            onSearch={(v) => setStreet(v.trim() === '' ? undefined : v.trim())}
            style={{ width: 220 }}
          />
        </Space>
        {ov.error && <Alert type="error" showIcon title={ov.error} style={{ marginTop: 8 }} />}
        {d && (
          <Space wrap style={{ marginTop: 12 }} data-testid="ri-totals">
            <Statistic title={t('ri.reportedMembers')} value={d.totals.reportedMembers} />
            <Statistic title={t('ri.activeMembers')} value={d.totals.activeMembers} />
            <Statistic title={t('ri.reportedOrganisations')} value={d.totals.reportedOrganisations} />
            <Statistic title={t('ri.need.confirmed')} value={d.totals.needsConfirmed} />
            <Statistic title={t('ri.unclaimed')} value={d.totals.needsUnclaimed} />
          </Space>
        )}
      </Card>
      <Card size="small" title={t('ri.byStreet')}>
        <Table
          size="small"
          rowKey="streetCode"
          pagination={false}
          dataSource={d?.streets ?? []}
          columns={[{ title: t('ri.street'), dataIndex: 'streetName' }, ...figures]}
        />
      </Card>
      <Card size="small" title={t('ri.byCommunity')}>
        <Table
          size="small"
          rowKey="communityCode"
          data-testid="ri-overview-communities"
          dataSource={(d?.communities ?? []).filter((c) => c.reportedMembers + c.reportedOrganisations + c.claims > 0)}
          columns={[{ title: t('ri.community'), dataIndex: 'communityName' }, ...figures]}
        />
      </Card>
      <Card size="small" title={t('ri.unclaimedNeeds', { n: d?.unclaimed.total ?? 0 })}>
        <Table
          size="small"
          rowKey="id"
          data-testid="ri-unclaimed"
          dataSource={d?.unclaimed.needs ?? []}
          columns={[
            { title: t('ri.community'), dataIndex: 'communityName' },
            { title: t('ri.needOn'), dataIndex: 'neededOn' },
            { title: t('ri.needTitle'), dataIndex: 'title' },
            { title: t('ri.people'), render: (_: unknown, n) => `${n.claimedCount}/${n.peopleWanted}` },
          ]}
        />
      </Card>
      <Card size="small" title={t('ri.fellAStar')} data-testid="ri-fell-a-star">
        {d?.fellAStar == null ? (
          <Tag>{t('ri.fellAStarNoCycle')}</Tag>
        ) : (
          <>
            <Tag color={d.fellAStar.final ? 'green' : 'gold'}>
              {t(d.fellAStar.final ? 'ri.fellAStarFinal' : 'ri.fellAStarReview', { year: d.fellAStar.year })}
            </Tag>
            <Table
              size="small"
              rowKey="organisationId"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={d.fellAStar.branches}
              columns={[
                { title: t('ri.street'), render: (_: unknown, b) => b.streetName ?? t('ri.districtLevel') },
                { title: t('ri.fellBranch'), dataIndex: 'organisationName' },
                { title: t('ri.stars'), render: (_: unknown, b) => `${'★'.repeat(b.previousStars)} → ${'★'.repeat(b.stars)}` },
              ]}
            />
          </>
        )}
      </Card>
    </Space>
  );
}
