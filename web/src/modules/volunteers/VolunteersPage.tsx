/**
 * 志愿者 (station staff): the volunteers of the user's station and the stations below it, masked,
 * filtered by station, skill and service area, a page at a time from the server (a district has tens of
 * thousands). The staff of the volunteer's own station may show a volunteer's identity, giving a
 * reason that the server records.
 */
import { Alert, Button, Cascader, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { placeOptions, useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { myStations, skillKey, SKILLS, type Skill, type Volunteer } from './common.ts';

export default function VolunteersPage() {
  const { t } = useI18n();
  const { me, may } = useSession();
  const ref = useReference();
  const stations = useMemo(() => myStations(ref.units, me?.unitId ?? 0), [ref.units, me]);
  const places = useMemo(() => placeOptions(ref.divisions), [ref.divisions]);
  const [stationId, setStationId] = useState<number | undefined>();
  const [skill, setSkill] = useState<Skill | undefined>();
  const [area, setArea] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [revealing, setRevealing] = useState<Volunteer | null>(null);
  const list = useLoad(
    () =>
      must(
        api.GET('/api/volunteers', {
          params: { query: { page, pageSize, ...(stationId ? { stationId } : {}), ...(skill ? { skill } : {}), ...(area ? { area } : {}) } },
        }),
      ),
    [page, pageSize, stationId, skill, area],
  );
  const stationName = (id: number) => ref.units.find((u) => u.id === id)?.name ?? String(id);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="volunteers-page">
      <Space wrap>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('volunteer.allStations')}
          style={{ minWidth: 260 }}
          value={stationId}
          onChange={(v) => {
            setStationId(v);
            setPage(1);
          }}
          options={stations.map((s) => ({ value: s.id, label: s.name }))}
          data-testid="volunteers-station"
        />
        <Select
          allowClear
          placeholder={t('volunteer.skill')}
          style={{ minWidth: 140 }}
          value={skill}
          onChange={(v) => {
            setSkill(v);
            setPage(1);
          }}
          options={SKILLS.map((s) => ({ value: s, label: t(skillKey(s)) }))}
          data-testid="volunteers-skill"
        />
        <Cascader
          changeOnSelect
          showSearch
          placeholder={t('volunteer.area')}
          style={{ minWidth: 240 }}
          options={places}
          onChange={(v) => {
            setArea(v?.length ? String(v[v.length - 1]) : undefined);
            setPage(1);
          }}
        />
        <Typography.Text type="secondary">{t('volunteer.masked')}</Typography.Text>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Volunteer>
        rowKey="userId"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('volunteer.total', { n }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          {
            title: t('volunteer.name'),
            dataIndex: 'realName',
            render: (v: string, r) => (
              <Space size={4}>
                {v}
                {!r.active && <Tag>{t('volunteer.unclaimed')}</Tag>}
              </Space>
            ),
          },
          { title: t('volunteer.idNumber'), dataIndex: 'idNumber', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('volunteer.phone'), dataIndex: 'phone' },
          { title: t('volunteer.community'), dataIndex: 'communityName' },
          { title: t('volunteer.station'), dataIndex: 'stationUnitId', render: stationName },
          {
            title: t('volunteer.skills'),
            dataIndex: 'skills',
            render: (v: string[]) => v.map((s) => <Tag key={s}>{t(skillKey(s))}</Tag>),
          },
          {
            title: t('volunteer.consent'),
            dataIndex: 'consentPublicName',
            render: (v: boolean) => (v ? <Tag color="green">{t('volunteer.consentYes')}</Tag> : <Tag>{t('volunteer.consentNo')}</Tag>),
          },
          { title: t('volunteer.source'), dataIndex: 'source', render: (v: string) => t(`volunteer.source.${v}` as 'volunteer.source.self') },
          ...(may('volunteers.reveal')
            ? [
                {
                  title: '',
                  key: 'reveal',
                  render: (_: unknown, r: Volunteer) =>
                    r.stationUnitId === me?.unitId ? (
                      <Button size="small" onClick={() => setRevealing(r)} data-testid={`reveal-${r.userId}`}>
                        {t('volunteer.reveal')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
        data-testid="volunteers-table"
      />
      <RevealModal volunteer={revealing} onClose={() => setRevealing(null)} />
    </Space>
  );
}

function RevealModal({ volunteer, onClose }: { volunteer: Volunteer | null; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [shown, setShown] = useState<{ realName: string; idNumber: string; phone: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setShown(null);
    setError(null);
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={volunteer !== null}
      title={t('volunteer.reveal')}
      onCancel={close}
      onOk={async () => {
        if (shown !== null || volunteer === null) return close();
        const { reason } = await form.validateFields();
        try {
          setShown(await must(api.POST('/api/volunteers/{userId}/reveal', { params: { path: { userId: volunteer.userId } }, body: { reason } })));
        } catch (e) {
          setError(errorMessage(e));
        }
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {shown === null ? (
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('volunteer.revealReason')} rules={[{ required: true, min: 2, whitespace: true }]}>
            <Input maxLength={200} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      ) : (
        <Space orientation="vertical" data-testid="revealed">
          <Typography.Text type="secondary">{t('volunteer.revealed')}</Typography.Text>
          <Typography.Text strong>{shown.realName}</Typography.Text>
          <Typography.Text code>{shown.idNumber}</Typography.Text>
          <Typography.Text>{shown.phone}</Typography.Text>
        </Space>
      )}
    </Modal>
  );
}
