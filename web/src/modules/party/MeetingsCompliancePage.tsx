/**
 * 组织生活落实情况 (party workers): per branch in scope (or one street), this year's held meetings by kind
 * against what is due so far (三会一课: 支委会、党小组会 monthly, 党员大会、党课 quarterly; 主题党日 monthly),
 * the branches with something overdue first, and the overdue list in words. A branch opens its calendar.
 */
import { Alert, Card, DatePicker, Input, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { MEETING_KINDS } from './meeting-kinds.ts';

type Compliance = ApiJson<'/api/party/meetings/compliance'>;
type Branch = Compliance['branches'][number];

export default function MeetingsCompliancePage() {
  const { t } = useI18n();
  const [year, setYear] = useState(dayjs().year());
  const [street, setStreet] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const c = useLoad(() => must(api.GET('/api/party/meetings/compliance', { params: { query: { year, ...(street ? { street } : {}) } } })), [year, street]);
  const d = c.data;
  const rows = [...(d?.branches ?? [])]
    .filter((b) => search === '' || b.name.includes(search) || b.code.includes(search))
    .sort((a, b) => b.overdueCount - a.overdueCount || a.code.localeCompare(b.code));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('nav.partyMeetingsCompliance')} extra={d && t('mt.asOf', { day: d.asOf })}>
        <Space wrap>
          <DatePicker picker="year" value={dayjs(`${year}-01-01`)} onChange={(v) => v && setYear(v.year())} allowClear={false} />
          <Input.Search
            placeholder={t('mt.streetCode')}
            allowClear
            onSearch={(v) => setStreet(v.trim() === '' ? undefined : v.trim())}
            style={{ width: 220 }}
          />
          <Input
            placeholder={t('mt.search')}
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value.trim())}
            style={{ width: 220 }}
            data-testid="mt-c-search"
          />
        </Space>
        {c.error && <Alert type="error" showIcon title={c.error} style={{ marginTop: 8 }} />}
        {d && (
          <Space wrap style={{ marginTop: 12 }} data-testid="mt-totals">
            <Statistic title={t('mt.branches')} value={d.totals.branches} />
            <Statistic title={t('mt.compliant')} value={d.totals.compliant} />
            <Statistic title={t('mt.overdueTotal')} value={d.totals.overdue} />
            {d.totals.byKind.map((k) => (
              <Statistic key={k.kind} title={t(`mt.kind.${k.kind}`)} value={k.held} suffix={k.overdueBranches > 0 ? `（${k.overdueBranches}）` : undefined} />
            ))}
          </Space>
        )}
      </Card>
      <Card size="small">
        <Table<Branch>
          size="small"
          rowKey="organisationId"
          data-testid="mt-compliance"
          loading={c.loading}
          dataSource={rows}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            {
              title: t('mt.branch'),
              dataIndex: 'name',
              render: (name: string, b) => <Link to={`/party-meetings?organisationId=${b.organisationId}`}>{name}</Link>,
            },
            { title: t('mt.street'), dataIndex: 'streetName', render: (s: string | null, b) => [s, b.communityName].filter(Boolean).join(' · ') || '—' },
            ...MEETING_KINDS.map((kind) => ({
              title: t(`mt.kind.${kind}`),
              key: kind,
              render: (_: unknown, b: Branch) => {
                const k = b.kinds.find((x) => x.kind === kind)!;
                if (!k.applies) return <Tag>—</Tag>;
                return (
                  <Tag color={k.overdue.length > 0 ? 'error' : 'success'} data-testid={`mt-c-${b.organisationId}-${kind}`} title={k.overdue.join('、')}>
                    {k.held}/{k.requiredSoFar}
                  </Tag>
                );
              },
            })),
            {
              title: t('mt.overdueCount'),
              dataIndex: 'overdueCount',
              render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : <Tag color="success">0</Tag>),
            },
          ]}
        />
      </Card>
      {d && d.overdue.length > 0 && (
        <Card size="small" title={t('mt.overdueList')}>
          <Table
            size="small"
            rowKey={(o) => `${o.organisationId}-${o.kind}-${o.period}`}
            data-testid="mt-overdue-list"
            dataSource={d.overdue}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: t('mt.branch'), dataIndex: 'name' },
              { title: t('mt.overdue'), dataIndex: 'words' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
