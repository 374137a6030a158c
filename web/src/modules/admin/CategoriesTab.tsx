/**
 * The category tree (问题分类), edited by admins: add a category under a group (or at the top), rename
 * it, move it under another group (with everything under it), move a leaf to another time-limit class, retire it or bring it back. The server checks every rule
 * and answers a clear message; tickets are never changed by an edit.
 */
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Tag, Tree, TreeSelect, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useI18n } from '../../shell/i18n.tsx';
import type { Category } from '../../shared/reference.ts';

type Mode = { kind: 'add'; parent: Category | null } | { kind: 'rename' | 'class' | 'move'; category: Category };

/** The root of the tree in the move picker (a category moved there has no parent). */
const TOP = -1;

interface EditForm {
  code?: string;
  name?: string;
  nameEn?: string;
  isLeaf?: boolean;
  timeLimitClass?: string;
  parentId?: number;
}

interface MoveTarget {
  value: number;
  title: string;
  children: MoveTarget[];
}

/** Where `moving` may go: the active groups outside its own subtree, as a tree under a root entry. */
function moveTargets(categories: readonly Category[], moving: Category, topLabel: string) {
  const below = new Set<number>([moving.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of categories)
      if (c.parentId !== null && below.has(c.parentId) && !below.has(c.id)) {
        below.add(c.id);
        grew = true;
      }
  }
  const groups = categories.filter((c) => !c.isLeaf && c.active && !below.has(c.id));
  const build = (parent: number | null): MoveTarget[] =>
    groups.filter((c) => c.parentId === parent).map((c) => ({ value: c.id, title: c.name, children: build(c.id) }));
  return [{ value: TOP, title: topLabel, children: build(null) }];
}

function tree(categories: readonly Category[], retiredLabel: string): DataNode[] {
  const children = new Map<number | null, Category[]>();
  for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const build = (parent: number | null): DataNode[] =>
    (children.get(parent) ?? []).map((c) => ({
      key: c.id,
      title: (
        <span data-testid={`category-node-${c.id}`} style={c.active ? undefined : { color: '#999' }}>
          {c.name} {!c.active && <Tag>{retiredLabel}</Tag>}
        </span>
      ),
      isLeaf: c.isLeaf,
      children: c.isLeaf ? undefined : build(c.id),
    }));
  return build(null);
}

export default function CategoriesTab({ categories, reload }: { categories: Category[]; reload(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode | null>(null);
  const [classes, setClasses] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<EditForm>();
  const selected = categories.find((c) => c.id === selectedId) ?? null;
  const nodes = useMemo(() => tree(categories, t('centre.categories.retired')), [categories, t]);

  useEffect(() => {
    must(api.GET('/api/time-limits'))
      .then((r) => setClasses(r.items.map((i) => i.code)))
      .catch(() => setClasses([]));
  }, []);

  const open = (m: Mode) => {
    setMode(m);
    form.resetFields();
    if (m.kind === 'add') form.setFieldsValue({ isLeaf: true, timeLimitClass: 'general', nameEn: '' });
    else
      form.setFieldsValue({
        name: m.category.name,
        nameEn: m.category.nameEn,
        timeLimitClass: m.category.timeLimitClass ?? undefined,
        parentId: m.category.parentId ?? TOP,
      });
  };

  const send = async (run: () => Promise<unknown>) => {
    setSaving(true);
    try {
      await run();
      message.success(t('centre.saved'));
      setMode(null);
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const patch = (id: number, body: { parentId?: number | null; name?: string; nameEn?: string; timeLimitClass?: string; active?: boolean }) =>
    must(api.PATCH('/api/admin/categories/{id}', { params: { path: { id } }, body }));

  const save = async () => {
    if (mode === null) return;
    const v = await form.validateFields();
    if (mode.kind === 'add') {
      const isLeaf = v.isLeaf ?? true;
      await send(() =>
        must(
          api.POST('/api/admin/categories', {
            body: {
              parentId: mode.parent?.id ?? null,
              code: v.code!,
              name: v.name!,
              nameEn: v.nameEn ?? '',
              isLeaf,
              timeLimitClass: isLeaf ? (v.timeLimitClass ?? null) : null,
              keywords: [],
            },
          }),
        ),
      );
    } else if (mode.kind === 'rename') await send(() => patch(mode.category.id, { name: v.name!, nameEn: v.nameEn ?? '' }));
    else if (mode.kind === 'move') await send(() => patch(mode.category.id, { parentId: v.parentId === TOP ? null : v.parentId! }));
    else await send(() => patch(mode.category.id, { timeLimitClass: v.timeLimitClass! }));
  };

  const isLeaf = Form.useWatch('isLeaf', form);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('centre.categories.note')} />
      <Space align="start" wrap style={{ width: '100%' }}>
        <Card
          size="small"
          title={t('centre.categories.tree')}
          style={{ minWidth: 360 }}
          extra={
            <Button size="small" onClick={() => open({ kind: 'add', parent: null })} data-testid="category-add-top">
              {t('centre.categories.addTop')}
            </Button>
          }
        >
          <Tree
            treeData={nodes}
            selectedKeys={selectedId === null ? [] : [selectedId]}
            onSelect={(keys) => setSelectedId(keys.length ? Number(keys[0]) : null)}
            data-testid="category-admin-tree"
          />
        </Card>
        {selected && (
          <Card size="small" title={selected.path} style={{ minWidth: 360 }} data-testid="category-detail">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('centre.categories.code')}>
                <Typography.Text code>{selected.code}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('centre.categories.nameEn')}>{selected.nameEn}</Descriptions.Item>
              <Descriptions.Item label={t('centre.categories.kind')}>
                {selected.isLeaf ? t('centre.categories.leaf') : t('centre.categories.group')}
              </Descriptions.Item>
              {selected.isLeaf && <Descriptions.Item label={t('centre.categories.timeLimitClass')}>{selected.timeLimitClass}</Descriptions.Item>}
              <Descriptions.Item label={t('centre.categories.status')}>
                {selected.active ? t('centre.categories.active') : t('centre.categories.retired')}
              </Descriptions.Item>
            </Descriptions>
            <Space wrap>
              {!selected.isLeaf && selected.active && (
                <Button size="small" onClick={() => open({ kind: 'add', parent: selected })} data-testid="category-add-child">
                  {t('centre.categories.addChild')}
                </Button>
              )}
              <Button size="small" onClick={() => open({ kind: 'rename', category: selected })} data-testid="category-rename">
                {t('centre.categories.rename')}
              </Button>
              <Button size="small" onClick={() => open({ kind: 'move', category: selected })} data-testid="category-move">
                {t('centre.categories.move')}
              </Button>
              {selected.isLeaf && (
                <Button size="small" onClick={() => open({ kind: 'class', category: selected })} data-testid="category-move-class">
                  {t('centre.categories.moveClass')}
                </Button>
              )}
              <Button
                size="small"
                danger={selected.active}
                loading={saving}
                onClick={() => void send(() => patch(selected.id, { active: !selected.active }))}
                data-testid="category-toggle"
              >
                {selected.active ? t('centre.categories.retire') : t('centre.categories.restore')}
              </Button>
            </Space>
          </Card>
        )}
      </Space>
      <Modal
        open={mode !== null}
        title={
          mode === null
            ? ''
            : mode.kind === 'add'
              ? t('centre.categories.addUnder', { parent: mode.parent?.path ?? t('centre.categories.top') })
              : mode.category.path
        }
        onCancel={() => setMode(null)}
        onOk={save}
        confirmLoading={saving}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        forceRender
      >
        <Form form={form} layout="vertical">
          {mode?.kind === 'add' && (
            <>
              <Form.Item name="isLeaf" label={t('centre.categories.kind')}>
                <Radio.Group
                  options={[
                    { value: true, label: t('centre.categories.leaf') },
                    { value: false, label: t('centre.categories.group') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="code"
                label={t('centre.categories.codeSegment')}
                extra={mode.parent ? `${mode.parent.code}.…` : undefined}
                rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{0,19}$/, message: t('centre.categories.codeHint') }]}
              >
                <Input />
              </Form.Item>
            </>
          )}
          {mode?.kind === 'move' && (
            <Form.Item name="parentId" label={t('centre.categories.moveTo')} extra={t('centre.categories.moveNote')} rules={[{ required: true }]}>
              <TreeSelect
                treeData={moveTargets(categories, mode.category, t('centre.categories.top'))}
                treeDefaultExpandAll
                showSearch
                treeNodeFilterProp="title"
                data-testid="category-move-to"
              />
            </Form.Item>
          )}
          {mode?.kind !== 'class' && mode?.kind !== 'move' && (
            <>
              <Form.Item name="name" label={t('centre.categories.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
                <Input data-testid="category-name" />
              </Form.Item>
              <Form.Item name="nameEn" label={t('centre.categories.nameEn')} rules={[{ max: 100 }]}>
                <Input />
              </Form.Item>
            </>
          )}
          {(mode?.kind === 'class' || (mode?.kind === 'add' && isLeaf !== false)) && (
            <Form.Item
              name="timeLimitClass"
              label={t('centre.categories.timeLimitClass')}
              extra={mode?.kind === 'class' ? t('centre.categories.classNote') : undefined}
              rules={[{ required: true }]}
            >
              <Select options={classes.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
