/**
 * Grids (网格): import a district's grids from CSV/Excel (with their workers by username), see each
 * grid's community and workers, add or remove grid workers. The server checks every row and refuses a
 * file with any problem, listing each with its row number.
 */
import { Alert, App, Button, Input, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { paths } from '../../api-types';
import { api, errorMessage, must, type ApiError } from '../../shared/api.ts';
import { fileToBase64 } from '../../shared/files.ts';
import type { Division, Unit } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Grid = paths['/api/grids']['get']['responses'][200]['content']['application/json']['items'][number];
type User = paths['/api/admin/users']['get']['responses'][200]['content']['application/json']['items'][number];
interface Rejected {
  rowNumber?: number;
  index: number;
  code: string;
  reason: string;
}

const MAX_FILE_BYTES = 700 * 1024;

export default function GridsTab({ divisions, units }: { divisions: Division[]; units: Unit[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [rejected, setRejected] = useState<Rejected[] | null>(null);
  const [filter, setFilter] = useState('');
  const byCode = useMemo(() => new Map(divisions.map((d) => [d.code, d])), [divisions]);
  // The street (division code) of each street unit, to offer a grid only its own street's workers.
  const streetOfUnit = useMemo(() => new Map(units.filter((u) => u.unitType === 'street').map((u) => [u.id, u.divisionCode])), [units]);

  const {
    data: { grids, users },
    loading,
    reload,
  } = useLoad(
    async () => {
      const [g, u] = await Promise.all([must(api.GET('/api/grids')), must(api.GET('/api/admin/users'))]);
      return { grids: g.items, users: u.items.filter((x) => x.active && x.roles.includes('grid_worker')) };
    },
    [],
    { initial: { grids: [] as Grid[], users: [] as User[] }, onError: (m) => message.error(m) },
  );

  const importFile = async (file: File) => {
    setRejected(null);
    if (file.size > MAX_FILE_BYTES) {
      message.error(t('grid.admin.tooLarge'));
      return;
    }
    setBusy(true);
    try {
      const fileBase64 = await fileToBase64(file);
      const r = await must(api.POST('/api/admin/grids', { body: { fileBase64 } }));
      message.success(t('grid.admin.imported', { imported: r.imported, assigned: r.assigned }));
      void reload();
    } catch (e) {
      const err = (e as Partial<ApiError>).error;
      const rows = (err?.details as { rejected?: Rejected[] } | undefined)?.rejected;
      if (err?.code === 'GRID.INVALID_ROWS' && rows) setRejected(rows);
      else message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const assign = async (grid: Grid, userId: number) => {
    try {
      await must(api.POST('/api/admin/grids/{code}/workers', { params: { path: { code: grid.code } }, body: { userIds: [userId] } }));
      void reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const unassign = async (grid: Grid, userId: number) => {
    const r = await api.DELETE('/api/admin/grids/{code}/workers/{userId}', { params: { path: { code: grid.code, userId } } });
    if (r.error) message.error(errorMessage(r.error));
    void reload();
  };

  const shown = useMemo(() => {
    const q = filter.trim();
    if (q === '') return grids;
    return grids.filter((g) => g.code.includes(q) || g.name.includes(q) || (byCode.get(g.communityCode)?.name ?? '').includes(q));
  }, [grids, filter, byCode]);

  const columns: ColumnsType<Grid> = [
    { title: t('grid.admin.code'), dataIndex: 'code', width: 180 },
    { title: t('grid.admin.name'), dataIndex: 'name', width: 140 },
    { title: t('grid.admin.community'), key: 'community', render: (_, g) => byCode.get(g.communityCode)?.name ?? g.communityCode },
    { title: t('grid.admin.street'), key: 'street', render: (_, g) => byCode.get(g.streetCode)?.name ?? g.streetCode },
    {
      title: t('grid.admin.workers'),
      key: 'workers',
      render: (_, g) => {
        const candidates = users.filter((u) => !g.workers.some((w) => w.userId === u.id) && streetOfUnit.get(u.unitId) === g.streetCode);
        return (
          <Space wrap data-testid={`grid-workers-${g.code}`}>
            {g.workers.map((w) => (
              <Popconfirm key={w.userId} title={t('grid.admin.removeConfirm', { name: w.displayName })} onConfirm={() => unassign(g, w.userId)}>
                <Tag closable onClose={(e) => e.preventDefault()} color="blue">
                  {w.displayName}（{w.username}）
                </Tag>
              </Popconfirm>
            ))}
            <Select
              size="small"
              style={{ width: 160 }}
              placeholder={t('grid.admin.assign')}
              value={null}
              notFoundContent={t('grid.admin.noWorkers')}
              options={candidates.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
              onChange={(id: number) => assign(g, id)}
              data-testid={`grid-assign-${g.code}`}
            />
          </Space>
        );
      },
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('grid.admin.hint')}</Typography.Text>
      <Space>
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(f) => (void importFile(f), false)}>
          <Button type="primary" loading={busy} data-testid="grid-import">
            {t('grid.admin.import')}
          </Button>
        </Upload>
        <Input.Search allowClear placeholder={t('grid.admin.filter')} style={{ width: 240 }} onChange={(e) => setFilter(e.target.value)} />
      </Space>
      {rejected && (
        <Alert
          type="error"
          showIcon
          data-testid="grid-import-rejected"
          message={t('grid.admin.rejected', { n: rejected.length })}
          description={
            <Table<Rejected>
              size="small"
              pagination={false}
              rowKey={(r) => `${r.rowNumber ?? r.index}-${r.reason}`}
              dataSource={rejected}
              columns={[
                { title: t('grid.admin.row'), dataIndex: 'rowNumber', width: 80 },
                { title: t('grid.admin.code'), dataIndex: 'code', width: 160 },
                { title: t('grid.admin.reason'), dataIndex: 'reason' },
              ]}
            />
          }
        />
      )}
      <Table<Grid> rowKey="code" size="small" loading={loading} columns={columns} dataSource={shown} pagination={{ pageSize: 20 }} data-testid="grid-table" />
    </Space>
  );
}
