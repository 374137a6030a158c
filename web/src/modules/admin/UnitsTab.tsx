/** Units: the list with type, place and supervising unit; create a unit; rename, move, activate or deactivate it. */
import { App, Button, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, errorMessage, must, type ApiError } from '../../shared/api.ts';
import { unitTypeKey } from '../../shared/format.ts';
import type { Division, Unit } from '../../shared/reference.ts';
import { useI18n } from '../../shell/i18n.tsx';

type NewType = 'street' | 'department' | 'enterprise';
interface CreateForm {
  unitType: NewType;
  code: string;
  name: string;
  nameEn: string;
  divisionCode?: string;
  parentId?: number;
}

const TYPE_COLOURS: Record<string, string> = {
  district: 'purple',
  centre: 'magenta',
  street: 'blue',
  department: 'cyan',
  enterprise: 'gold',
  station: 'green',
};

function CreateUnitModal({ open, units, streets, onClose, onDone }: { open: boolean; units: Unit[]; streets: Division[]; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('unitType', form);
  const governed = new Set(units.filter((u) => u.unitType === 'street' && u.active).map((u) => u.divisionCode));
  const fallback = units.find((u) => u.isFallback);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await must(
        api.POST('/api/admin/units', {
          body: {
            code: v.code.trim().toUpperCase(),
            name: v.name,
            nameEn: v.nameEn ?? '',
            unitType: v.unitType,
            divisionCode: v.unitType === 'street' ? (v.divisionCode ?? null) : null,
            parentId: v.parentId ?? null,
          },
        }),
      );
      message.success(t('centre.units.created', { name: v.name }));
      onDone();
    } catch (e) {
      const code = (e as Partial<ApiError>).error?.code;
      if (code === 'ADMIN.UNIT_CODE_TAKEN') form.setFields([{ name: 'code', errors: [t('centre.units.codeTaken')] }]);
      else message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('centre.units.create')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ unitType: 'department', parentId: fallback?.id, nameEn: '' }}>
        <Form.Item name="unitType" label={t('centre.units.type')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['street', 'department', 'enterprise'] as const).map((v) => ({ value: v, label: t(unitTypeKey(v)) }))}
            onChange={(e) => form.setFieldValue('parentId', e.target.value === 'enterprise' ? undefined : fallback?.id)}
          />
        </Form.Item>
        {type === 'street' && (
          <Form.Item name="divisionCode" label={t('centre.units.division')} rules={[{ required: true }]} extra={t('centre.units.divisionHint')}>
            <Select
              showSearch
              optionFilterProp="label"
              onChange={(code: string) => {
                const s = streets.find((d) => d.code === code);
                form.setFieldsValue({ code: `ST-${code}`, name: s?.name ?? '' });
              }}
              options={streets.map((s) => ({ value: s.code, label: `${s.name} ${s.code}`, disabled: governed.has(s.code) }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="code"
          label={t('centre.units.code')}
          extra={t('centre.units.codeHint')}
          rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9-]{1,39}$/, message: t('centre.units.codeHint') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t('centre.units.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('centre.units.nameEn')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="parentId" label={t('centre.units.parent')} extra={t('centre.units.parentHint')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={units.filter((u) => u.unitType !== 'centre' && u.unitType !== 'station').map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditUnitModal({ unit, units, onClose, onDone }: { unit: Unit | null; units: Unit[]; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; nameEn: string; parentId?: number }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (unit === null) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await must(
        api.PATCH('/api/admin/units/{id}', { params: { path: { id: unit.id } }, body: { name: v.name, nameEn: v.nameEn ?? '', parentId: v.parentId ?? null } }),
      );
      message.success(t('centre.saved'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={unit !== null}
      title={t('centre.units.edit', { name: unit?.name ?? '' })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {unit && (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ name: unit.name, nameEn: unit.nameEn, parentId: unit.parentId ?? undefined }}>
          <Form.Item name="name" label={t('centre.units.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('centre.units.nameEn')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="parentId" label={t('centre.units.parent')} extra={t('centre.units.parentHint')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={units
                .filter((u) => u.id !== unit.id && u.unitType !== 'centre' && (u.unitType !== 'station') === (unit.unitType !== 'station'))
                .map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

export default function UnitsTab({ units, divisions, reload }: { units: Unit[]; divisions: Division[]; reload(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [type, setType] = useState<string>('all');
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const placeName = useMemo(() => new Map(divisions.map((d) => [d.code, d.name])), [divisions]);
  const streets = useMemo(() => divisions.filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code)), [divisions]);

  const setActive = async (u: Unit, active: boolean) => {
    try {
      await must(api.PATCH('/api/admin/units/{id}', { params: { path: { id: u.id } }, body: { active } }));
      message.success(active ? t('centre.units.activated', { name: u.name }) : t('centre.units.deactivated', { name: u.name }));
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<Unit> = [
    { title: t('centre.units.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t('centre.units.name'),
      dataIndex: 'name',
      render: (v: string, u) => (
        <Space>
          {v}
          {u.isFallback && <Tag color="purple">{t('centre.units.fallback')}</Tag>}
        </Space>
      ),
    },
    { title: t('centre.units.type'), dataIndex: 'unitType', render: (v: string) => <Tag color={TYPE_COLOURS[v]}>{t(unitTypeKey(v))}</Tag> },
    { title: t('centre.units.division'), dataIndex: 'divisionCode', render: (v: string | null) => (v === null ? '—' : (placeName.get(v) ?? v)) },
    { title: t('centre.units.parent'), dataIndex: 'parentId', render: (v: number | null) => (v === null ? '—' : (byId.get(v)?.name ?? v)) },
    {
      title: t('centre.status'),
      dataIndex: 'active',
      render: (a: boolean, u) => {
        const locked = u.isFallback || u.unitType === 'centre';
        return (
          <Tooltip title={locked ? t('centre.units.required') : undefined}>
            <Switch
              checked={a}
              disabled={locked}
              checkedChildren={t('centre.active')}
              unCheckedChildren={t('centre.inactive')}
              onChange={(v) => setActive(u, v)}
              data-testid={`unit-active-${u.code}`}
            />
          </Tooltip>
        );
      },
    },
    {
      title: t('centre.actions'),
      key: 'edit',
      render: (_, u) => (
        <Button size="small" onClick={() => setEditing(u)}>
          {t('centre.edit')}
        </Button>
      ),
    },
  ];

  const types = ['all', 'district', 'centre', 'street', 'department', 'enterprise', 'station'];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="units-create">
          {t('centre.units.create')}
        </Button>
        <Radio.Group
          value={type}
          onChange={(e) => setType(e.target.value as string)}
          optionType="button"
          options={types.map((v) => ({ value: v, label: v === 'all' ? t('centre.all') : t(unitTypeKey(v)) }))}
        />
        <Typography.Text type="secondary">{t('centre.units.note')}</Typography.Text>
      </Space>
      <Table<Unit>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={type === 'all' ? units.filter((u) => u.unitType !== 'station') : units.filter((u) => u.unitType === type)}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="units-table"
      />
      <CreateUnitModal
        open={creating}
        units={units}
        streets={streets}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          reload();
        }}
      />
      <EditUnitModal
        unit={editing}
        units={units}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          reload();
        }}
      />
    </Space>
  );
}
