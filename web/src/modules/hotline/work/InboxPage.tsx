/**
 * 承办工单: a handling unit's inbox. Tabs by where the work stands (with counts from the server, under
 * the same filters), a server-paged table ordered by the running deadline, and bulk signing of
 * dispatched tickets — one sign request per ticket, each result shown. A row opens the ticket page.
 */
import { Alert, Badge, Button, Card, Input, Segmented, Select, Space, Table, Tabs, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { formatTime } from '../../../shared/format.ts';
import { useReference, type Category } from '../../../shared/reference.ts';
import { useLoad } from '../../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../../shell/i18n.tsx';
import { useSession } from '../../../shell/session.tsx';
import BulkSignResults, { type SignOutcome } from './BulkSignResults.tsx';
import { DueCountdown, placeOf, shortCategory, StateTag, SupervisionTag, type InboxTab, type TicketSummary } from './common.tsx';

const PAGE_SIZE = 20;

interface Filters {
  categoryId?: number;
  streetCode?: string;
  q?: string;
  mine: boolean;
}

interface TreeNode {
  value: number;
  title: string;
  selectable: boolean;
  children?: TreeNode[];
}

/** The category tree for a TreeSelect; only leaves (what tickets carry) can be picked. */
function categoryTree(categories: readonly Category[]): TreeNode[] {
  const byParent = new Map<number | null, Category[]>();
  for (const c of categories) {
    if (!c.active) continue;
    const list = byParent.get(c.parentId) ?? [];
    list.push(c);
    byParent.set(c.parentId, list);
  }
  const build = (parent: number | null): TreeNode[] =>
    (byParent.get(parent) ?? []).map((c) => ({ value: c.id, title: c.name, selectable: c.isLeaf, ...(c.isLeaf ? {} : { children: build(c.id) }) }));
  return build(null);
}

export default function InboxPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const ref = useReference();
  const [params, setParams] = useSearchParams();
  const tabKey = params.get('tab') ?? 'dispatched';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [filters, setFilters] = useState<Filters>({ mine: false });
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [signing, setSigning] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<SignOutcome[] | null>(null);

  const query = useMemo(
    () => ({
      ...(filters.categoryId ? { categoryId: filters.categoryId } : {}),
      ...(filters.streetCode ? { streetCode: filters.streetCode } : {}),
      ...(filters.q ? { q: filters.q } : {}),
      ...(filters.mine && me ? { leadUnitId: me.unitId } : {}),
    }),
    [filters, me],
  );

  // Tab counts under the current filters.
  const counts = useLoad(async () => (await must(api.GET('/api/queues/inbox', { params: { query } }))).tabs, [query], { initial: [] as InboxTab[] });
  const tabs = counts.data;
  const tab = tabs.find((x) => x.key === tabKey);

  // The page of the current tab. `tab` changes identity with every count reload; its filter is what matters.
  const list = useLoad(
    async () => {
      const r = await must(
        api.GET('/api/tickets', {
          params: {
            query: {
              ...query,
              ...(tab!.states.length ? { state: tab!.states.join(',') } : {}),
              ...(tab!.dueStatuses.length ? { dueStatus: tab!.dueStatuses.join(',') } : {}),
              sort: 'due',
              offset: (page - 1) * PAGE_SIZE,
              limit: PAGE_SIZE,
            },
          },
        }),
      );
      return { rows: r.items, total: r.total };
    },
    [query, tabKey, tab?.states.join(), tab?.dueStatuses.join(), page],
    { initial: { rows: [] as TicketSummary[], total: 0 }, skip: !tab },
  );
  const {
    data: { rows, total },
    loading,
  } = list;
  // The list's error, else the counts' (the counts' shows while there is no tab to list).
  const error = list.error ?? counts.error;
  const refresh = () => {
    void counts.reload();
    void list.reload();
  };

  const go = useCallback(
    (next: { tab?: string; page?: number }) => {
      const p = new URLSearchParams(params);
      if (next.tab !== undefined) p.set('tab', next.tab);
      p.set('page', String(next.page ?? 1));
      setParams(p, { replace: true });
      setSelected([]);
    },
    [params, setParams],
  );

  const setFilter = (f: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...f }));
    go({ page: 1 });
  };

  const bulkSign = async () => {
    const ids = [...selected];
    const results: SignOutcome[] = [];
    setSigning({ done: 0, total: ids.length });
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      const r = await api
        .POST('/api/tickets/{id}/actions/sign', { params: { path: { id } }, body: { note: '' } })
        .catch((e: unknown) => ({ error: e, data: undefined }));
      results.push({ id, number: row?.number ?? String(id), ok: r.data !== undefined, message: r.data ? null : errorMessage(r.error) });
      setSigning({ done: results.length, total: ids.length });
    }
    setSigning(null);
    setOutcomes(results);
    setSelected([]);
    refresh();
  };

  const streets = useMemo(
    () =>
      ref.divisions
        .filter((d) => d.level === 'street')
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((d) => ({ value: d.code, label: d.name })),
    [ref.divisions],
  );
  const tree = useMemo(() => categoryTree(ref.categories), [ref.categories]);

  const columns: TableColumnsType<TicketSummary> = [
    {
      title: t('work.col.number'),
      dataIndex: 'number',
      width: 180,
      render: (n: string, r) => (
        <Link to={`/tickets/${r.id}`} onClick={(e) => e.stopPropagation()} style={{ whiteSpace: 'nowrap' }} data-testid={`inbox-link-${r.id}`}>
          {n}
        </Link>
      ),
    },
    {
      title: t('work.col.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, r) => (
        <Space size={4}>
          <SupervisionTag level={r.supervisionLevel} />
          <span>{title}</span>
        </Space>
      ),
    },
    { title: t('work.col.category'), key: 'category', width: 170, ellipsis: true, render: (_, r) => shortCategory(r.category?.path) },
    { title: t('work.col.place'), key: 'place', width: 170, ellipsis: true, render: (_, r) => placeOf(r) },
    {
      title: t('work.col.acceptedAt'),
      dataIndex: 'acceptedAt',
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(v)}</span>,
    },
    {
      title: t('work.col.due'),
      key: 'due',
      width: 150,
      render: (_, r) => <DueCountdown dueAt={r.activeDueAt} dueStatus={r.dueStatus} testId={`inbox-due-${r.id}`} />,
    },
    { title: t('work.col.state'), dataIndex: 'state', width: 110, render: (s: string) => <StateTag state={s} /> },
    { title: t('work.col.leadUnit'), key: 'lead', width: 130, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '' },
  ];

  return (
    <Card data-testid="inbox-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('work.inbox.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('work.inbox.subtitle', { unit: me?.unitName ?? '' })}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          style={{ width: 240 }}
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('work.filter.category')}
          treeData={tree}
          value={filters.categoryId}
          onChange={(v) => setFilter({ categoryId: (v as number | undefined) ?? undefined })}
          data-testid="inbox-filter-category"
        />
        <Select
          style={{ width: 180 }}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('work.filter.street')}
          options={streets}
          value={filters.streetCode}
          onChange={(v) => setFilter({ streetCode: v ?? undefined })}
          data-testid="inbox-filter-street"
        />
        <Input.Search
          style={{ width: 280 }}
          allowClear
          placeholder={t('work.filter.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          data-testid="inbox-filter-q"
        />
        <Segmented
          value={filters.mine ? 'mine' : 'all'}
          options={[
            { value: 'all', label: t('work.filter.scope.all') },
            { value: 'mine', label: t('work.filter.scope.mine') },
          ]}
          onChange={(v) => setFilter({ mine: v === 'mine' })}
          data-testid="inbox-filter-scope"
        />
        <Button
          onClick={() => {
            setSearch('');
            setFilters({ mine: false });
            go({ page: 1 });
          }}
        >
          {t('work.filter.reset')}
        </Button>
        <Button onClick={refresh} data-testid="inbox-refresh">
          {t('work.refresh')}
        </Button>
      </Space>
      <Tabs
        activeKey={tabKey}
        onChange={(k) => go({ tab: k })}
        items={tabs.map((x) => ({
          key: x.key,
          label: (
            <span data-testid={`inbox-tab-${x.key}`} data-count={x.count}>
              {t(`work.inbox.tab.${x.key}` as MessageKey)}{' '}
              <Badge count={x.count} showZero overflowCount={9999} color={x.key === 'overdue' ? 'red' : x.key === 'dueSoon' ? 'gold' : 'blue'} />
            </span>
          ),
        }))}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {tabKey === 'dispatched' ? (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" disabled={selected.length === 0} loading={signing !== null} onClick={() => void bulkSign()} data-testid="inbox-bulk-sign">
            {t('work.bulkSign')}
          </Button>
          <Typography.Text type="secondary">
            {signing ? t('work.bulkSign.running', signing) : selected.length ? t('work.bulkSign.selected', { n: selected.length }) : t('work.bulkSign.hint')}
          </Typography.Text>
        </Space>
      ) : null}
      <Table<TicketSummary>
        rowKey="id"
        size="middle"
        scroll={{ x: 1200 }}
        loading={loading || ref.loading}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: t('work.empty') }}
        rowSelection={
          tabKey === 'dispatched'
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as number[]),
                getCheckboxProps: (r) => ({ 'data-testid': `inbox-select-${r.id}` }) as object,
              }
            : undefined
        }
        onRow={(r) => ({
          'data-testid': `inbox-row-${r.id}`,
          style: { cursor: 'pointer' },
          onClick: (e) => {
            if ((e.target as HTMLElement).closest('.ant-table-selection-column')) return;
            navigate(`/tickets/${r.id}`);
          },
        })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          showTotal: (n) => t('work.total', { n }),
          onChange: (p) => go({ page: p }),
        }}
      />
      <BulkSignResults outcomes={outcomes} onClose={() => setOutcomes(null)} />
    </Card>
  );
}
