/**
 * 党员包户 workbench: a community's building units (from the door boards) with their households, the member
 * who looks after each (masked; change it), the household's account (masked), the model household of each
 * unit and the model building of the area; register doors from the board; a household's visits (with the
 * tickets of problems found) and sorting checks; the month's figures, and per community for workers of a
 * street or the district (pick a community there).
 */
import { Alert, App as AntApp, Button, Card, Col, Drawer, Input, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import RecordPhotos from '../../shared/RecordPhotos.tsx';
import { useI18n } from '../../shell/i18n.tsx';
import { visitPhotoUrl } from './photos.ts';

type Community = ApiJson<'/api/party/households'>;
type Building = Community['buildings'][number];
type Household = Building['households'][number];
type Figures = Community['figures'];

function FigureCards({ f }: { f: Figures }) {
  const { t } = useI18n();
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  return (
    <Row gutter={[12, 12]} data-testid="hh-figures">
      <Col xs={12} md={4}>
        <Statistic title={t('hh.households')} value={f.households} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('hh.coverage')} value={pct(f.coverage)} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('hh.models')} value={`${f.modelHouseholds} / ${f.modelBuildings}`} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('hh.visited')} value={`${f.visitedThisMonth} / ${f.visitsThisMonth}`} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('hh.goodRate')} value={`${pct(f.goodRate)} (${f.checksThisMonth})`} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title={t('hh.problems')} value={f.problemsThisMonth} />
      </Col>
    </Row>
  );
}

function Records({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const r = useLoad(() => must(api.GET('/api/party/households/{id}/records', { params: { path: { id } } })), [id]);
  const d = r.data;
  return (
    <Drawer open width={560} onClose={onClose} title={d ? `${d.household.buildingName} ${d.household.room}` : t('hh.records')}>
      {r.error && <Alert type="error" showIcon title={r.error} />}
      {d && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="hh-records">
          <Typography.Text type="secondary">
            {t('hh.carers')}：{d.carers.map((c) => `${c.name}（${c.since.slice(0, 10)}–${c.until?.slice(0, 10) ?? t('hh.now')}）`).join('；') || '—'}
          </Typography.Text>
          <Table
            size="small"
            rowKey="id"
            title={() => t('hh.visits')}
            dataSource={d.visits}
            pagination={false}
            columns={[
              { title: t('hh.day'), dataIndex: 'visitedOn', width: 100 },
              { title: t('hh.by'), dataIndex: 'by', width: 80 },
              { title: t('hh.notes'), dataIndex: 'notes' },
              {
                title: t('hh.problem'),
                key: 'p',
                render: (_: unknown, v) =>
                  v.problem ? `${v.problem}（${v.ticketNumber ?? ''} ${v.ticketState ? t(`hh.ticket.${v.ticketState}` as 'hh.ticket.accepted') : ''}）` : '—',
              },
              {
                title: t('hh.photos'),
                key: 'photos',
                width: 120,
                render: (_: unknown, v) => <RecordPhotos ids={v.photoIds} url={(p) => visitPhotoUrl(v.id, p)} data-testid={`hh-visit-photos-${v.id}`} />,
              },
            ]}
          />
          <Table
            size="small"
            rowKey="id"
            title={() => t('hh.checks')}
            dataSource={d.checks}
            pagination={false}
            columns={[
              { title: t('hh.day'), dataIndex: 'checkedOn', width: 100 },
              {
                title: t('hh.result'),
                dataIndex: 'result',
                render: (v: 'good' | 'poor') => <Tag color={v === 'good' ? 'green' : 'orange'}>{t(`hh.result.${v}`)}</Tag>,
              },
              { title: t('hh.points'), dataIndex: 'points', render: (p: number, c) => (c.noPoints ? <span title={c.noPoints}>0 *</span> : p) },
              { title: t('hh.by'), dataIndex: 'by' },
              { title: t('hh.note'), dataIndex: 'note' },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

export default function HouseholdsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [community, setCommunity] = useState<string | undefined>(undefined);
  const [asked, setAsked] = useState('');
  const list = useLoad(() => must(api.GET('/api/party/households', { params: { query: community === undefined ? {} : { community } } })), [community]);
  const overview = useLoad(() => must(api.GET('/api/party/households/overview')), []);
  const [records, setRecords] = useState<number | null>(null);
  const [adding, setAdding] = useState<{ building: Building; rooms: string } | null>(null);
  const [retiring, setRetiring] = useState<{ id: number; reason: string } | null>(null);
  const d = list.data;
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      message.success(t('hh.saved'));
      list.reload();
      overview.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const change = (id: number, body: { carerMemberId?: number | null; holderPhone?: string | null; leadsBuilding?: boolean }) =>
    run(() => must(api.PATCH('/api/party/households/{id}', { params: { path: { id } }, body })));

  const memberOptions = (d?.members ?? []).map((m) => ({ value: m.memberId, label: `${m.name}（${t('hh.caring', { n: m.cared })}）` }));
  const columns = [
    { title: t('hh.room'), dataIndex: 'room', width: 110 },
    {
      title: t('hh.carer'),
      key: 'carer',
      width: 220,
      render: (_: unknown, h: Household) => (
        <Select
          size="small"
          style={{ width: 200 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('hh.noCarer')}
          value={h.carer?.memberId}
          options={
            memberOptions.some((o) => o.value === h.carer?.memberId) || !h.carer
              ? memberOptions
              : [{ value: h.carer.memberId, label: h.carer.name }, ...memberOptions]
          }
          onChange={(v: number | undefined) => void change(h.id, { carerMemberId: v ?? null })}
          data-testid={`hh-carer-${h.id}`}
        />
      ),
    },
    {
      title: t('hh.holder'),
      key: 'holder',
      width: 160,
      render: (_: unknown, h: Household) =>
        h.holder ?? (
          <Input.Search
            size="small"
            placeholder={t('hh.holderPhone')}
            enterButton={t('hh.link')}
            onSearch={(v) => v.trim() && void change(h.id, { holderPhone: v.trim() })}
            data-testid={`hh-holder-${h.id}`}
          />
        ),
    },
    {
      title: t('hh.model'),
      key: 'model',
      width: 110,
      render: (_: unknown, h: Household) =>
        h.leadsBuilding ? (
          <Tag color="red">{t('hh.modelHousehold')}</Tag>
        ) : (
          <Button size="small" onClick={() => void change(h.id, { leadsBuilding: true })} data-testid={`hh-model-${h.id}`}>
            {t('hh.makeModel')}
          </Button>
        ),
    },
    { title: t('hh.lastVisit'), dataIndex: 'lastVisitOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('hh.lastCheck'),
      key: 'check',
      width: 140,
      render: (_: unknown, h: Household) => (h.lastCheckOn ? `${h.lastCheckOn} ${h.lastCheckResult ? t(`hh.result.${h.lastCheckResult}`) : ''}` : '—'),
    },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, h: Household) => (
        <Space>
          <Button size="small" type="link" onClick={() => setRecords(h.id)} data-testid={`hh-records-${h.id}`}>
            {t('hh.records')}
          </Button>
          <Button size="small" type="link" danger onClick={() => setRetiring({ id: h.id, reason: '' })}>
            {t('hh.retire')}
          </Button>
        </Space>
      ),
    },
  ];

  const buildingsTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {d && <FigureCards f={d.figures} />}
      {d?.buildings.length === 0 && <Alert type="info" showIcon title={t('hh.noBuildings')} />}
      {d?.buildings.map((b) => {
        const missing = b.partyMemberHouseholds.filter((r) => !b.households.some((h) => h.room === r));
        return (
          <Card
            key={b.id}
            size="small"
            data-testid={`hh-building-${b.code}`}
            title={
              <Space>
                <span>{b.name}</span>
                <Typography.Text type="secondary">{b.address}</Typography.Text>
                {b.modelArea && <Tag color="volcano">{t('hh.modelBuilding', { area: b.modelArea })}</Tag>}
              </Space>
            }
            extra={
              <Space>
                <Button
                  size="small"
                  onClick={() =>
                    void run(() =>
                      must(
                        api.PUT('/api/party/households/buildings/{code}/model', {
                          params: { path: { code: b.code } },
                          body: { area: b.modelArea ? null : '' },
                        }),
                      ),
                    )
                  }
                >
                  {b.modelArea ? t('hh.unmarkBuilding') : t('hh.markBuilding')}
                </Button>
                <Button size="small" type="primary" onClick={() => setAdding({ building: b, rooms: missing.join('\n') })} data-testid={`hh-add-${b.code}`}>
                  {t('hh.add')}
                </Button>
              </Space>
            }
          >
            <Table size="small" rowKey="id" dataSource={b.households} columns={columns} pagination={false} />
          </Card>
        );
      })}
    </Space>
  );

  const overviewTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {overview.data && <FigureCards f={overview.data.total} />}
      <Table
        size="small"
        rowKey="communityCode"
        data-testid="hh-overview"
        dataSource={overview.data?.rows ?? []}
        pagination={{ pageSize: 30 }}
        columns={[
          { title: t('hh.street'), dataIndex: 'streetName' },
          {
            title: t('hh.community'),
            key: 'c',
            render: (_: unknown, r) => (
              <Button type="link" size="small" onClick={() => setCommunity(r.communityCode)}>
                {r.communityName}
              </Button>
            ),
          },
          { title: t('hh.households'), dataIndex: 'households' },
          { title: t('hh.coverage'), dataIndex: 'coverage', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
          { title: t('hh.visitedShort'), dataIndex: 'visitedThisMonth' },
          { title: t('hh.checksShort'), dataIndex: 'checksThisMonth' },
          { title: t('hh.goodRate'), dataIndex: 'goodRate', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
          { title: t('hh.problems'), dataIndex: 'problemsThisMonth' },
        ]}
      />
    </Space>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('hh.title')}>
        <Space wrap>
          <span data-testid="hh-community-name">{d?.communityName ?? '—'}</span>
          <Input.Search
            placeholder={t('hh.communityCode')}
            value={asked}
            onChange={(e) => setAsked(e.target.value)}
            onSearch={(v) => setCommunity(v.trim() === '' ? undefined : v.trim())}
            style={{ width: 260 }}
            data-testid="hh-community"
          />
          <Typography.Text type="secondary">{t('hh.chain')}</Typography.Text>
        </Space>
        {list.error && <Alert type="warning" showIcon title={list.error} style={{ marginTop: 8 }} />}
      </Card>
      <Tabs
        items={[
          { key: 'buildings', label: t('hh.tab.buildings'), children: buildingsTab },
          { key: 'overview', label: t('hh.tab.overview'), children: overviewTab },
        ]}
      />
      {records !== null && <Records id={records} onClose={() => setRecords(null)} />}
      <Modal
        open={adding !== null}
        title={adding ? t('hh.addTo', { name: adding.building.name }) : ''}
        okText={t('hh.add')}
        onCancel={() => setAdding(null)}
        onOk={() =>
          adding &&
          void run(() =>
            must(
              api.POST('/api/party/households', {
                body: {
                  buildingCode: adding.building.code,
                  rooms: adding.rooms
                    .split(/[\n,，、]/)
                    .map((r) => r.trim())
                    .filter((r) => r !== ''),
                },
              }),
            ),
          ).then((ok) => ok && setAdding(null))
        }
      >
        <Typography.Paragraph type="secondary">{t('hh.addHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={6}
          value={adding?.rooms ?? ''}
          onChange={(e) => adding && setAdding({ ...adding, rooms: e.target.value })}
          data-testid="hh-rooms"
        />
      </Modal>
      <Modal
        open={retiring !== null}
        title={t('hh.retire')}
        onCancel={() => setRetiring(null)}
        onOk={() =>
          retiring &&
          void run(() =>
            must(api.POST('/api/party/households/{id}/retire', { params: { path: { id: retiring.id } }, body: { reason: retiring.reason } })),
          ).then((ok) => ok && setRetiring(null))
        }
      >
        <Input
          placeholder={t('hh.retireReason')}
          value={retiring?.reason ?? ''}
          onChange={(e) => retiring && setRetiring({ ...retiring, reason: e.target.value })}
        />
      </Modal>
    </Space>
  );
}
