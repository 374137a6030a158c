/** Categories (read-only tree) and the dispatch catalogue (category × place → unit): list, add, remove. */
import { App, Button, Card, Col, Form, Input, Popconfirm, Radio, Row, Select, Space, Table, Tag, Tree, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import type { Category, Division, Unit } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import type { CatalogEntryView } from './types.ts';

interface AddForm {
  categoryId: number;
  divisionCode: string;
  target: 'unit' | 'street';
  unitId?: number;
  coUnitIds?: number[];
  note?: string;
}

const WHOLE_DISTRICT = '';

function categoryTree(categories: Category[], label: (c: Category) => string, leafOnly: boolean): DataNode[] {
  const children = new Map<number | null, Category[]>();
  for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const build = (parent: number | null): DataNode[] =>
    (children.get(parent) ?? []).map((c) => ({
      key: c.id,
      value: c.id,
      title: label(c),
      selectable: !leafOnly || c.isLeaf,
      isLeaf: c.isLeaf,
      children: c.isLeaf ? undefined : build(c.id),
    })) as DataNode[];
  return build(null);
}

export default function CatalogTab({ units, categories, divisions }: { units: Unit[]; categories: Category[]; divisions: Division[] }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<AddForm>();
  const target = Form.useWatch('target', form);
  const name = useCallback((c: { name: string; nameEn: string }) => (lang === 'en' && c.nameEn ? c.nameEn : c.name), [lang]);
  const catById = useMemo(() => new Map(categories.map((c) => [c.id, c])), [categories]);
  const unitById = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const placeByCode = useMemo(() => new Map(divisions.map((d) => [d.code, d])), [divisions]);
  const handling = useMemo(() => units.filter((u) => u.active && u.unitType !== 'centre'), [units]);

  const {
    data: entries,
    loading,
    reload,
  } = useLoad(async () => (await must(api.GET('/api/admin/dispatch-catalog'))).items, [], {
    initial: [],
    onError: (m) => message.error(m),
  });

  const treeLabel = useCallback(
    (c: Category) => (
      <Space size={4}>
        <span style={c.active ? undefined : { textDecoration: 'line-through' }}>{name(c)}</span>
        {c.timeLimitClass && <Tag style={{ marginInlineEnd: 0 }}>{c.timeLimitClass}</Tag>}
      </Space>
    ),
    [name],
  );
  const tree = useMemo(() => categoryTree(categories, treeLabel as never, false), [categories, treeLabel]);
  const leafTree = useMemo(() => categoryTree(categories, name, true), [categories, name]);

  const placeOptions = useMemo(() => {
    const streets = divisions.filter((d) => d.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
    return [
      { value: WHOLE_DISTRICT, label: t('centre.catalog.wholeDistrict') },
      ...streets.flatMap((s) => [
        { value: s.code, label: s.name },
        ...divisions.filter((d) => d.parentCode === s.code).map((d) => ({ value: d.code, label: `${s.name} › ${d.name}` })),
      ]),
    ];
  }, [divisions, t]);

  const add = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await must(
        api.POST('/api/admin/dispatch-catalog', {
          body: {
            categoryId: v.categoryId,
            divisionCode: v.divisionCode === WHOLE_DISTRICT ? null : v.divisionCode,
            unitId: v.target === 'unit' ? (v.unitId ?? null) : null,
            unitType: v.target === 'street' ? 'street' : null,
            coUnitIds: v.coUnitIds ?? [],
            note: v.note ?? '',
          },
        }),
      );
      message.success(t('centre.saved'));
      form.resetFields();
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async (id: number) => {
    try {
      await must(api.DELETE('/api/admin/dispatch-catalog/{id}', { params: { path: { id } } }));
      message.success(t('centre.catalog.removed'));
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<CatalogEntryView> = [
    { title: t('centre.catalog.category'), dataIndex: 'categoryId', render: (id: number) => catById.get(id)?.path ?? id },
    {
      title: t('centre.catalog.place'),
      dataIndex: 'divisionCode',
      render: (c: string | null) => (c === null ? t('centre.catalog.wholeDistrict') : (placeByCode.get(c)?.name ?? c)),
    },
    {
      title: t('centre.catalog.unit'),
      key: 'unit',
      render: (_, e) =>
        e.unitType === 'street' ? <Tag color="blue">{t('centre.catalog.streetOfPlace')}</Tag> : (unitById.get(e.unitId ?? 0)?.name ?? e.unitId),
    },
    {
      title: t('centre.catalog.coUnits'),
      dataIndex: 'coUnitIds',
      render: (ids: number[]) => (ids.length ? ids.map((id) => unitById.get(id)?.name ?? id).join('、') : '—'),
    },
    { title: t('centre.catalog.note'), dataIndex: 'note' },
    {
      title: t('centre.actions'),
      key: 'delete',
      render: (_, e) => (
        <Popconfirm title={t('centre.catalog.removeConfirm')} onConfirm={() => remove(e.id)}>
          <Button size="small" danger>
            {t('centre.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('centre.catalog.categories', { n: categories.length })} data-testid="category-tree">
          <Typography.Paragraph type="secondary">{t('centre.catalog.categoriesNote')}</Typography.Paragraph>
          <Tree treeData={tree} height={560} showLine selectable={false} />
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card size="small" title={t('centre.catalog.add')}>
            <Form form={form} layout="vertical" initialValues={{ target: 'unit', divisionCode: WHOLE_DISTRICT }}>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="categoryId" label={t('centre.catalog.category')} rules={[{ required: true }]} extra={t('centre.catalog.leafOnly')}>
                    <TreeSelect treeData={leafTree as never} showSearch treeNodeFilterProp="title" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="divisionCode" label={t('centre.catalog.place')} extra={t('centre.catalog.placeHint')}>
                    <Select showSearch optionFilterProp="label" options={placeOptions} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="target" label={t('centre.catalog.unit')}>
                    <Radio.Group
                      options={[
                        { value: 'unit', label: t('centre.catalog.namedUnit') },
                        { value: 'street', label: t('centre.catalog.streetOfPlace') },
                      ]}
                    />
                  </Form.Item>
                  {target !== 'street' && (
                    <Form.Item name="unitId" rules={[{ required: true }]}>
                      <Select
                        showSearch
                        optionFilterProp="label"
                        placeholder={t('centre.catalog.pickUnit')}
                        options={handling.map((u) => ({ value: u.id, label: u.name }))}
                      />
                    </Form.Item>
                  )}
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="coUnitIds" label={t('centre.catalog.coUnits')}>
                    <Select mode="multiple" showSearch optionFilterProp="label" options={handling.map((u) => ({ value: u.id, label: u.name }))} />
                  </Form.Item>
                  <Form.Item name="note" label={t('centre.catalog.note')} rules={[{ max: 200 }]}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" onClick={add} loading={saving}>
                {t('centre.catalog.addButton')}
              </Button>
            </Form>
          </Card>
          <Table<CatalogEntryView>
            rowKey="id"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={entries}
            pagination={{ pageSize: 15, showSizeChanger: false }}
            data-testid="catalog-table"
          />
        </Space>
      </Col>
    </Row>
  );
}
