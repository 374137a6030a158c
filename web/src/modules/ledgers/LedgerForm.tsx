/**
 * 新建台账: name, purpose and the inclusion rules (sources, kinds, category subtree, streets or
 * communities, acceptance period, keywords). The server checks everything; its validation errors are
 * shown on the fields they concern.
 */
import { Alert, Cascader, DatePicker, Form, Input, Modal, Select, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { placeOptions, type Category, type Reference } from '../../shared/reference.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { addDays, apiError, shanghaiDayStart, type Ledger, type LedgerRules } from './common.ts';
import { useLabels, type KindCode, type SourceCode } from '../../shared/labels.ts';

interface Values {
  name: string;
  description?: string;
  sources?: SourceCode[];
  kinds?: KindCode[];
  categoryIds?: number[];
  places?: string[][];
  period?: [Dayjs | null, Dayjs | null] | null;
  keywords?: string[];
}

type FieldName = keyof Values;

/** The form field a server validation path concerns (`/rules/keywords/0` → keywords). */
function fieldOf(path: string): FieldName | null {
  const p = path.replace(/^\/body/, '');
  if (p.startsWith('/name')) return 'name';
  if (p.startsWith('/description')) return 'description';
  if (p.startsWith('/rules/sources')) return 'sources';
  if (p.startsWith('/rules/kinds')) return 'kinds';
  if (p.startsWith('/rules/categoryIds')) return 'categoryIds';
  if (p.startsWith('/rules/streetCodes') || p.startsWith('/rules/communityCodes')) return 'places';
  if (p.startsWith('/rules/accepted')) return 'period';
  if (p.startsWith('/rules/keywords')) return 'keywords';
  return null;
}

interface TreeNode {
  value: number;
  title: string;
  children: TreeNode[];
}

function categoryTree(categories: readonly Category[], lang: 'zh' | 'en'): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  for (const c of categories) if (c.active) nodes.set(c.id, { value: c.id, title: lang === 'en' && c.nameEn ? c.nameEn : c.name, children: [] });
  const roots: TreeNode[] = [];
  for (const c of categories) {
    const n = nodes.get(c.id);
    if (n === undefined) continue;
    const parent = c.parentId === null ? undefined : nodes.get(c.parentId);
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

export function rulesFromValues(v: Values): LedgerRules {
  const rules: LedgerRules = {};
  if (v.sources?.length) rules.sources = v.sources;
  if (v.kinds?.length) rules.kinds = v.kinds;
  if (v.categoryIds?.length) rules.categoryIds = v.categoryIds;
  const streets = (v.places ?? []).filter((p) => p.length === 1).map((p) => p[0]!);
  const communities = (v.places ?? []).filter((p) => p.length >= 2).map((p) => p[p.length - 1]!);
  if (streets.length) rules.streetCodes = streets;
  if (communities.length) rules.communityCodes = communities;
  const [from, to] = v.period ?? [null, null];
  if (from) rules.acceptedFrom = shanghaiDayStart(from.format('YYYY-MM-DD'));
  // The range picker's end day is included: the rule's bound is the next day's start.
  if (to) rules.acceptedTo = shanghaiDayStart(addDays(to.format('YYYY-MM-DD'), 1));
  if (v.keywords?.length) rules.keywords = v.keywords;
  return rules;
}

export default function LedgerForm({
  open,
  onClose,
  onCreated,
  reference,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (l: Ledger) => void;
  reference: Reference;
}) {
  const { t, lang } = useI18n();
  const labels = useLabels();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tree = useMemo(() => categoryTree(reference.categories, lang), [reference.categories, lang]);
  const places = useMemo(() => placeOptions(reference.divisions), [reference.divisions]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const body = { name: v.name, ...(v.description ? { description: v.description } : {}), rules: rulesFromValues(v) };
      const created = await must(api.POST('/api/ledgers', { body }));
      form.resetFields();
      onCreated(created as Ledger);
    } catch (e) {
      const err = apiError(e);
      const fields = new Map<FieldName, string[]>();
      if (err?.code === 'VALIDATION.INVALID_INPUT' && Array.isArray(err.details))
        for (const d of err.details as { path?: string; message?: string }[]) {
          const f = fieldOf(d.path ?? '');
          if (f) fields.set(f, [...(fields.get(f) ?? []), t('ledger.field.serverInvalid', { message: d.message ?? err.message })]);
        }
      if (err?.code === 'LEDGER.UNKNOWN_CATEGORY') fields.set('categoryIds', [err.message]);
      if (err?.code === 'LEDGER.INVALID_PERIOD') fields.set('period', [err.message]);
      if (fields.size > 0) form.setFields([...fields].map(([name, errors]) => ({ name, errors })));
      else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('ledger.new')}
      width={720}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'ledger-form-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="ledger-form" preserve={false}>
        <Form.Item name="name" label={t('ledger.field.name')} rules={[{ required: true, whitespace: true }]}>
          <Input placeholder={t('ledger.field.namePlaceholder')} data-testid="ledger-form-name" />
        </Form.Item>
        <Form.Item name="description" label={t('ledger.field.description')}>
          <Input.TextArea rows={2} data-testid="ledger-form-description" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('ledger.rulesHint')}</Typography.Paragraph>
        <Form.Item name="sources" label={t('ledger.field.sources')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('ledger.field.any')}
            options={labels.sources.map((s) => ({ value: s.code, label: labels.source(s.code, lang) }))}
            data-testid="ledger-form-sources"
          />
        </Form.Item>
        <Form.Item name="kinds" label={t('ledger.field.kinds')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('ledger.field.any')}
            options={labels.kinds.map((k) => ({ value: k.code, label: labels.kind(k.code, lang) }))}
            data-testid="ledger-form-kinds"
          />
        </Form.Item>
        <Form.Item name="categoryIds" label={t('ledger.field.categories')} extra={t('ledger.field.categoriesHint')}>
          <TreeSelect
            treeData={tree}
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_PARENT}
            showSearch={{ treeNodeFilterProp: 'title' }}
            allowClear
            placeholder={t('ledger.field.any')}
            maxTagCount={8}
            data-testid="ledger-form-categories"
          />
        </Form.Item>
        <Form.Item name="places" label={t('ledger.field.places')} extra={t('ledger.field.placesHint')}>
          <Cascader
            options={places}
            multiple
            showCheckedStrategy={Cascader.SHOW_PARENT}
            showSearch
            allowClear
            placeholder={t('ledger.field.any')}
            maxTagCount={8}
            data-testid="ledger-form-places"
          />
        </Form.Item>
        <Form.Item name="period" label={t('ledger.field.period')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="ledger-form-period" />
        </Form.Item>
        <Form.Item name="keywords" label={t('ledger.field.keywords')} extra={t('ledger.field.keywordsHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} placeholder={t('ledger.field.any')} data-testid="ledger-form-keywords" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="ledger-form-error" /> : null}
    </Modal>
  );
}
