/** Users and roles: list, create (unit, roles, initial password), change roles, reset the password, deactivate. */
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import type { paths } from '../../api-types';
import { api, errorMessage, must, type ApiError } from '../../shared/api.ts';
import { unitTypeKey } from '../../shared/format.ts';
import type { Unit } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

type User = paths['/api/admin/users']['get']['responses'][200]['content']['application/json']['items'][number];
type Role = paths['/api/admin/users']['post']['requestBody']['content']['application/json']['roles'][number];

const CENTRE_ROLES: Role[] = ['operator', 'callback_agent', 'centre_supervisor', 'admin'];
const UNIT_ROLES: Role[] = ['unit_handler', 'unit_leader'];
/** A street's users may also be grid workers (网格员); the district's, a department's, a street's and a station's, party workers (党务工作者). */
const rolesFor = (unit: Unit | undefined): Role[] =>
  unit === undefined
    ? []
    : unit.unitType === 'centre'
      ? CENTRE_ROLES
      : unit.unitType === 'street'
        ? [...UNIT_ROLES, 'grid_worker', 'party_worker']
        : unit.unitType === 'enterprise'
          ? UNIT_ROLES
          : [...UNIT_ROLES, 'party_worker'];

/** The message key of a role's name (centre.role.operator …). */
const roleKey = (role: string) => `centre.role.${role}` as MessageKey;

/** At least 10 characters with letters and digits (the server checks the same). */
const strongPassword = (p: string) => p.length >= 10 && /\p{L}/u.test(p) && /\d/.test(p);

interface CreateForm {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  password: string;
}

function CreateUserModal({ open, units, onClose, onCreated }: { open: boolean; units: Unit[]; onClose(): void; onCreated(u: User): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [saving, setSaving] = useState(false);
  const unitId = Form.useWatch('unitId', form);
  const unit = units.find((u) => u.id === unitId);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const u = await must(api.POST('/api/admin/users', { body: { ...v, username: v.username.trim().toLowerCase() } }));
      message.success(t('centre.users.created', { username: u.username }));
      form.resetFields();
      onCreated(u);
    } catch (e) {
      const code = (e as Partial<ApiError>).error?.code;
      if (code === 'ADMIN.USERNAME_TAKEN') form.setFields([{ name: 'username', errors: [t('centre.users.usernameTaken')] }]);
      else if (code === 'ADMIN.WEAK_PASSWORD') form.setFields([{ name: 'password', errors: [t('centre.users.passwordRule')] }]);
      else message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('centre.users.create')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="username"
          label={t('centre.users.username')}
          extra={t('centre.users.usernameHint')}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('centre.users.usernameHint') }]}
        >
          <Input autoComplete="off" data-testid="user-form-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('centre.users.displayName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="user-form-displayName" />
        </Form.Item>
        <Form.Item name="unitId" label={t('centre.users.unit')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="user-form-unit"
            onChange={() => form.setFieldValue('roles', [])}
            options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name}（${t(unitTypeKey(u.unitType))}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('centre.users.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('centre.users.rolesRequired') }]}
          extra={unit ? undefined : t('centre.users.pickUnitFirst')}
        >
          <Checkbox.Group data-testid="user-form-roles" options={rolesFor(unit).map((r) => ({ value: r, label: t(roleKey(r)) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('centre.users.initialPassword')}
          extra={t('centre.users.passwordRule')}
          rules={[
            {
              required: true,
              validator: async (_, v: string | undefined) => (v && strongPassword(v) ? undefined : Promise.reject(new Error(t('centre.users.passwordRule')))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-form-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RolesModal({ user, units, onClose, onSaved }: { user: User | null; units: Unit[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [roles, setRoles] = useState<Role[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => setRoles((user?.roles ?? []) as Role[]), [user]);
  const unit = units.find((u) => u.id === user?.unitId);
  const save = async () => {
    if (user === null) return;
    setSaving(true);
    try {
      await must(api.PATCH('/api/admin/users/{id}', { params: { path: { id: user.id } }, body: { roles } }));
      message.success(t('centre.saved'));
      onSaved();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={user !== null}
      title={t('centre.users.editRoles', { username: user?.username ?? '' })}
      onCancel={onClose}
      onOk={save}
      okButtonProps={{ disabled: roles.length === 0, 'data-testid': 'roles-save' }}
      confirmLoading={saving}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
    >
      <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} options={rolesFor(unit).map((r) => ({ value: r, label: t(roleKey(r)) }))} />
    </Modal>
  );
}

function PasswordModal({ user, onClose, onSaved }: { user: User | null; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (user === null) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await must(api.PATCH('/api/admin/users/{id}', { params: { path: { id: user.id } }, body: { password: v.password } }));
      message.success(t('centre.users.passwordReset', { username: user.username }));
      onSaved();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={user !== null}
      title={t('centre.users.resetPassword', { username: user?.username ?? '' })}
      onCancel={onClose}
      onOk={save}
      confirmLoading={saving}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="password"
          label={t('centre.users.newPassword')}
          extra={t('centre.users.resetNote')}
          rules={[
            {
              required: true,
              validator: async (_, v: string | undefined) => (v && strongPassword(v) ? undefined : Promise.reject(new Error(t('centre.users.passwordRule')))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersTab({ units }: { units: Unit[] }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const {
    data: users,
    loading,
    reload,
  } = useLoad(async () => (await must(api.GET('/api/admin/users'))).items, [], { initial: [], onError: (m) => message.error(m) });

  const setActive = async (u: User, active: boolean) => {
    try {
      await must(api.PATCH('/api/admin/users/{id}', { params: { path: { id: u.id } }, body: { active } }));
      message.success(t('centre.saved'));
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? users.filter((u) => `${u.username} ${u.displayName} ${u.unitName}`.toLowerCase().includes(q)) : users;
  }, [users, query]);

  const columns: ColumnsType<User> = [
    { title: t('centre.users.username'), dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('centre.users.displayName'), dataIndex: 'displayName' },
    { title: t('centre.users.unit'), dataIndex: 'unitName' },
    { title: t('centre.users.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(roleKey(r))}</Tag>) },
    {
      title: t('centre.status'),
      dataIndex: 'active',
      render: (a: boolean) => (a ? <Tag color="green">{t('centre.active')}</Tag> : <Tag>{t('centre.inactive')}</Tag>),
    },
    {
      title: t('centre.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => setEditing(u)} data-testid={`user-roles-${u.username}`}>
            {t('centre.users.changeRoles')}
          </Button>
          <Button size="small" onClick={() => setResetting(u)}>
            {t('centre.users.reset')}
          </Button>
          {u.active ? (
            <Popconfirm
              title={t('centre.users.deactivateConfirm', { username: u.username })}
              onConfirm={() => setActive(u, false)}
              disabled={u.id === me?.userId}
            >
              <Button size="small" danger disabled={u.id === me?.userId}>
                {t('centre.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button size="small" onClick={() => setActive(u, true)}>
              {t('centre.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="users-create">
          {t('centre.users.create')}
        </Button>
        <Input.Search
          allowClear
          placeholder={t('centre.users.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 280 }}
          data-testid="users-search"
        />
        <Typography.Text type="secondary">{t('centre.users.count', { n: users.length })}</Typography.Text>
      </Space>
      <Table<User>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="users-table"
      />
      <CreateUserModal
        open={creating}
        units={units}
        onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          // Show the new account at once, whatever page of the list it lands on.
          setQuery(u.username);
          void reload();
        }}
      />
      <RolesModal
        user={editing}
        units={units}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void reload();
        }}
      />
      <PasswordModal user={resetting} onClose={() => setResetting(null)} onSaved={() => setResetting(null)} />
    </Space>
  );
}
