/**
 * 志愿队伍 (station staff): the teams of the user's stations with their status, leader and size; a new
 * team (name, station, skills, areas, leader and members picked from the station's volunteers); a
 * team's drawer shows its members, adds and removes them, changes the leader and the status. Names
 * are masked unless the volunteer consented to show them.
 */
import { Alert, App as AntApp, Button, Cascader, Drawer, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { placeOptions, useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { myStations, skillKey, SKILLS, statusKey, TEAM_STATUSES, type Skill, type Team, type TeamStatus } from './common.ts';

const STATUS_COLOURS: Record<TeamStatus, string> = { active: 'green', suspended: 'orange', dissolved: 'default' };

/** A searchable pick of the volunteers of one station (masked names with the last digits of the mobile). */
function VolunteerPicker({
  stationId,
  value,
  onChange,
  multiple,
  testId,
}: {
  stationId?: number;
  value?: number | number[];
  onChange?(v: never): void;
  multiple?: boolean;
  testId: string;
}) {
  const list = useLoad(() => must(api.GET('/api/volunteers', { params: { query: { pageSize: 100, ...(stationId ? { stationId } : {}) } } })), [stationId], {
    skip: stationId === undefined,
  });
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      showSearch
      optionFilterProp="label"
      loading={list.loading}
      value={value as never}
      onChange={onChange}
      options={(list.data?.items ?? []).map((v) => ({ value: v.userId, label: `${v.realName} ${v.phone}` }))}
      data-testid={testId}
    />
  );
}

interface NewTeam {
  name: string;
  stationId: number;
  skills: Skill[];
  areas?: string[][];
  leaderUserId: number;
  memberUserIds?: number[];
}

export default function TeamsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const ref = useReference();
  const stations = useMemo(() => myStations(ref.units, me?.unitId ?? 0), [ref.units, me]);
  const places = useMemo(() => placeOptions(ref.divisions), [ref.divisions]);
  const [status, setStatus] = useState<TeamStatus | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useLoad(() => must(api.GET('/api/teams', { params: { query: { page, pageSize: 20, ...(status ? { status } : {}) } } })), [page, status]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="teams-page">
      <Space wrap>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="team-create">
          {t('volunteer.createTeam')}
        </Button>
        <Select
          allowClear
          placeholder={t('volunteer.status')}
          style={{ minWidth: 120 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={TEAM_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Team>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('volunteer.teamName'), dataIndex: 'name' },
          { title: t('volunteer.station'), dataIndex: 'stationName' },
          { title: t('volunteer.leader'), dataIndex: 'leaderName' },
          { title: t('volunteer.memberCount'), dataIndex: 'memberCount' },
          { title: t('volunteer.skills'), dataIndex: 'skills', render: (v: string[]) => v.map((s) => <Tag key={s}>{t(skillKey(s))}</Tag>) },
          { title: t('volunteer.status'), dataIndex: 'status', render: (v: TeamStatus) => <Tag color={STATUS_COLOURS[v]}>{t(statusKey(v))}</Tag> },
        ]}
        data-testid="teams-table"
      />
      <CreateTeam
        open={creating}
        stations={stations.map((s) => ({ value: s.id, label: s.name }))}
        places={places}
        onClose={(saved) => {
          setCreating(false);
          if (saved) void list.reload();
        }}
      />
      <TeamDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => void list.reload()} />
    </Space>
  );
}

function CreateTeam({
  open,
  stations,
  places,
  onClose,
}: {
  open: boolean;
  stations: { value: number; label: string }[];
  places: ReturnType<typeof placeOptions>;
  onClose(saved: boolean): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewTeam>();
  const stationId = Form.useWatch('stationId', form);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('volunteer.createTeam')}
      onCancel={() => onClose(false)}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await must(
            api.POST('/api/teams', {
              body: {
                name: v.name,
                stationId: v.stationId,
                skills: v.skills ?? [],
                areas: [...new Set((v.areas ?? []).map((p) => p[p.length - 1]!))],
                leaderUserId: v.leaderUserId,
                memberUserIds: v.memberUserIds ?? [],
              },
            }),
          );
          setError(null);
          form.resetFields();
          onClose(true);
        } catch (e) {
          setError(errorMessage(e));
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t('volunteer.teamName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="team-name" />
        </Form.Item>
        <Form.Item name="stationId" label={t('volunteer.station')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={stations} data-testid="team-station" />
        </Form.Item>
        <Form.Item name="skills" label={t('volunteer.skills')}>
          <Select mode="multiple" options={SKILLS.map((s) => ({ value: s, label: t(skillKey(s)) }))} />
        </Form.Item>
        <Form.Item name="areas" label={t('volunteer.areas')}>
          <Cascader multiple showSearch changeOnSelect options={places} />
        </Form.Item>
        <Form.Item name="leaderUserId" label={t('volunteer.leader')} rules={[{ required: true }]} extra={t('volunteer.pickVolunteers')}>
          <VolunteerPicker stationId={stationId} testId="team-leader" />
        </Form.Item>
        <Form.Item name="memberUserIds" label={t('volunteer.members')}>
          <VolunteerPicker stationId={stationId} multiple testId="team-members" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TeamDrawer({ id, onClose, onChanged }: { id: number | null; onClose(): void; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const team = useLoad(() => must(api.GET('/api/teams/{id}', { params: { path: { id: id! } } })), [id], { skip: id === null });
  const [adding, setAdding] = useState<number[]>([]);
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      message.success(t('volunteer.saved'));
      await team.reload();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const d = team.data;
  const path = { params: { path: { id: id ?? 0 } } };
  return (
    <Drawer open={id !== null} onClose={onClose} title={d?.name} width={520} destroyOnHidden>
      {team.error && <Alert type="error" showIcon title={team.error} />}
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="team-drawer">
          <Typography.Text type="secondary">{d.stationName}</Typography.Text>
          <Space wrap>
            {d.skills.map((s) => (
              <Tag key={s}>{t(skillKey(s))}</Tag>
            ))}
          </Space>
          <Space>
            {t('volunteer.status')}
            <Select
              value={d.status}
              style={{ minWidth: 120 }}
              onChange={(status: TeamStatus) => act(() => must(api.PATCH('/api/teams/{id}', { ...path, body: { status } })))}
              options={TEAM_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
            />
          </Space>
          <List
            header={<strong>{t('volunteer.members')}</strong>}
            dataSource={d.members}
            renderItem={(m) => (
              <List.Item
                actions={
                  m.leader
                    ? [
                        <Tag key="l" color="red">
                          {t('volunteer.leader')}
                        </Tag>,
                      ]
                    : [
                        <Button
                          key="lead"
                          size="small"
                          onClick={() => act(() => must(api.PATCH('/api/teams/{id}', { ...path, body: { leaderUserId: m.userId } })))}
                        >
                          {t('volunteer.makeLeader')}
                        </Button>,
                        <Button
                          key="rm"
                          size="small"
                          danger
                          onClick={() =>
                            act(() => must(api.DELETE('/api/teams/{id}/members/{userId}', { params: { path: { id: id ?? 0, userId: m.userId } } })))
                          }
                        >
                          {t('volunteer.remove')}
                        </Button>,
                      ]
                }
              >
                {m.name}
              </List.Item>
            )}
          />
          <Space.Compact style={{ width: '100%' }}>
            <div style={{ flex: 1 }}>
              <VolunteerPicker stationId={d.stationUnitId} multiple value={adding} onChange={(v: number[]) => setAdding(v)} testId="team-add-members" />
            </div>
            <Button
              type="primary"
              disabled={adding.length === 0}
              onClick={() =>
                act(async () => {
                  await must(api.POST('/api/teams/{id}/members', { ...path, body: { userIds: adding } }));
                  setAdding([]);
                })
              }
            >
              {t('volunteer.addMembers')}
            </Button>
          </Space.Compact>
        </Space>
      )}
    </Drawer>
  );
}
