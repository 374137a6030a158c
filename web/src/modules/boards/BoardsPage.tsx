/**
 * 楼门公示 /boards (admins, the command centre, street staff): the building units of a community with
 * their door-board content, and a print-friendly A4 sheet of their QR codes (12 per page) to stick on
 * the doors. The community and the print view live in the URL (?community=…&print=1).
 */
import { PrinterOutlined, QrcodeOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { boardQrSrc } from './BoardPage.tsx';

type Building = paths['/api/buildings']['get']['responses'][200]['content']['application/json']['items'][number];
interface Division {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

const PER_PAGE = 12;
const shortName = (committee: string) => committee.replace(/村民委员会$|村委会$/, '村').replace(/居民委员会$|居委会$/, '');

const PRINT_CSS = `
.boards-sheet { display: flex; flex-direction: column; gap: 16px; }
.boards-page { background: #fff; width: 210mm; min-height: 297mm; box-sizing: border-box; padding: 10mm; margin: 0 auto;
  display: grid; grid-template-columns: repeat(3, 1fr); grid-template-rows: repeat(4, 1fr); gap: 4mm; box-shadow: 0 1px 6px rgba(0,0,0,.15); }
.boards-cell { border: 1px dashed #bbb; border-radius: 2mm; display: flex; flex-direction: column; align-items: center; justify-content: center;
  text-align: center; padding: 2mm; break-inside: avoid; }
.boards-cell img { width: 42mm; height: 42mm; }
.boards-cell .b-name { font-size: 13pt; font-weight: 600; margin-top: 1mm; }
.boards-cell .b-community { font-size: 10pt; color: #555; }
.boards-cell .b-scan { font-size: 9pt; color: #c41d1d; }
@media print {
  @page { size: A4; margin: 0; }
  body { background: #fff !important; }
  .ant-layout-header, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; margin: 0 !important; background: #fff !important; }
  .boards-sheet { gap: 0; }
  .boards-page { box-shadow: none; margin: 0; height: 297mm; break-after: page; }
  .boards-page:last-child { break-after: auto; }
}`;

export default function BoardsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [divisions, setDivisions] = useState<Division[]>([]);
  const [myStreet, setMyStreet] = useState<string | null | undefined>(undefined);
  const [setupError, setSetupError] = useState<string | null>(null);
  const community = params.get('community');
  const printing = params.get('print') === '1';

  const seesAll = me !== null && (me.isCentre || me.roles.includes('admin'));
  useEffect(() => {
    void Promise.all([must(api.GET('/api/divisions')), must(api.GET('/api/units'))])
      .then(([d, u]) => {
        setDivisions(d.items as Division[]);
        const unit = u.items.find((x) => x.id === me?.unitId);
        setMyStreet(unit?.unitType === 'street' ? unit.divisionCode : null);
      })
      .catch((e: unknown) => setSetupError(errorMessage(e)));
  }, [me?.unitId]);

  const streets = useMemo(() => new Map(divisions.filter((d) => d.level === 'street').map((d) => [d.code, d.name])), [divisions]);
  const communities = useMemo(
    () =>
      divisions
        .filter((d) => d.level === 'community' && (seesAll || (myStreet != null && d.parentCode === myStreet)))
        .sort((a, b) => a.code.localeCompare(b.code)),
    [divisions, seesAll, myStreet],
  );
  const options = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const c of communities) {
      const key = c.parentCode ?? '';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push({ value: c.code, label: shortName(c.name) });
    }
    return [...groups].map(([street, opts]) => ({ label: streets.get(street) ?? street, title: street, options: opts }));
  }, [communities, streets]);
  const current = communities.find((c) => c.code === community);

  // Street staff start at their street's first community.
  useEffect(() => {
    if (community === null && communities.length > 0 && !seesAll) setParams({ community: communities[0]!.code }, { replace: true });
  }, [community, communities, seesAll, setParams]);

  const buildings = useLoad(async () => (await must(api.GET('/api/buildings', { params: { query: { communityCode: community! } } }))).items, [community], {
    skip: community === null,
  });
  const { loading } = buildings;
  /** No list after a failed load (not the previous community's). */
  const items = buildings.error === null ? (buildings.data ?? null) : null;
  // A load hides the last error until it is over.
  const error = (loading ? null : buildings.error) ?? setupError;

  if (myStreet === null && !seesAll) return <Alert type="info" showIcon title={t('board.staff.notAllowed')} />;

  const communityName = current ? shortName(current.name) : '';

  if (printing && items) {
    const pages: Building[][] = [];
    for (let i = 0; i < items.length; i += PER_PAGE) pages.push(items.slice(i, i + PER_PAGE));
    return (
      <div data-testid="boards-sheet">
        <style>{PRINT_CSS}</style>
        <Space className="no-print" style={{ marginBottom: 16 }} wrap>
          <Button icon={<RollbackOutlined />} onClick={() => setParams({ community: community! })}>
            {t('board.staff.back')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="boards-print-now">
            {t('board.staff.printNow')}
          </Button>
          <Typography.Text type="secondary">{t('board.staff.sheetTitle', { community: communityName })}</Typography.Text>
        </Space>
        <div className="boards-sheet">
          {pages.map((page, i) => (
            <div className="boards-page" key={i}>
              {page.map((b) => (
                <div className="boards-cell" key={b.code} data-testid="boards-print-cell">
                  <img src={boardQrSrc(b.code)} alt={b.code} />
                  <div className="b-name">{b.name}</div>
                  <div className="b-community">{communityName}</div>
                  <div className="b-scan">{t('board.staff.scan')}</div>
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
    );
  }

  return (
    <Card
      title={t('nav.boards')}
      extra={
        <Button
          type="primary"
          icon={<QrcodeOutlined />}
          disabled={!items || items.length === 0}
          onClick={() => setParams({ community: community!, print: '1' })}
          data-testid="boards-print"
        >
          {t('board.staff.print')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('board.staff.community')}</Typography.Text>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 280 }}
            placeholder={t('board.staff.communityPlaceholder')}
            value={community ?? undefined}
            options={options}
            onChange={(v: string) => setParams({ community: v })}
            data-testid="boards-community"
          />
          {items ? <Typography.Text type="secondary">{t('board.staff.count', { count: items.length })}</Typography.Text> : null}
        </Space>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {items && items.length === 0 && !loading ? <Alert type="info" showIcon title={t('board.staff.empty')} /> : null}
        <Table<Building>
          rowKey="code"
          size="middle"
          loading={loading}
          dataSource={items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="boards-table"
          columns={[
            { title: t('board.staff.code'), dataIndex: 'code', width: 200 },
            { title: t('board.staff.name'), dataIndex: 'name' },
            { title: t('board.staff.address'), dataIndex: 'address' },
            { title: t('board.staff.grid'), dataIndex: 'gridCode', render: (v: string | null) => v ?? '—' },
            {
              title: t('board.staff.responsible'),
              render: (_: unknown, b) => (
                <Space size={4} wrap>
                  {b.responsiblePersons.map((p, i) => (
                    <Tag key={i}>
                      {p.role} {p.name}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('board.staff.party'), render: (_: unknown, b) => b.partyMemberHouseholds.join('、') || '—' },
            {
              title: '',
              render: (_: unknown, b) => (
                <a href={`/m/board/${encodeURIComponent(b.code)}`} target="_blank" rel="noreferrer">
                  {t('board.staff.open')}
                </a>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
