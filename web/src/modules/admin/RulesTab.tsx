/**
 * Assessment weights: the rule versions (a·响应 + b·解决 + c·满意, w for 基本满意, grade bands, list size,
 * focus months), which one is in force now for each scope, and a form to add a version that takes effect
 * this month or later (past months keep the rules they were scored under).
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { unitTypeKey } from '../../shared/format.ts';
import { UNIT_TYPES } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import type { AssessmentRuleView } from './types.ts';

interface RuleForm {
  version: string;
  effectiveFrom: Dayjs;
  unitType: string;
  response: number;
  resolution: number;
  satisfaction: number;
  basicallySatisfiedWeight: number;
  grades: { grade: string; minScore: number }[];
  listSize: number;
  focusAfterMonths: number;
}

const ALL = 'all';

export default function RulesTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<RuleForm>();
  const weights = Form.useWatch([], form) as Partial<RuleForm> | undefined;
  const sum = (weights?.response ?? 0) + (weights?.resolution ?? 0) + (weights?.satisfaction ?? 0);
  const thisMonth = dayjs().format('YYYY-MM');

  const {
    data: rules,
    loading,
    reload,
  } = useLoad(async () => (await must(api.GET('/api/assessment/rules'))).items, [], {
    initial: [],
    onError: (m) => message.error(m),
  });

  /** The rule in force this month for each scope (a type, or every type without its own). */
  const inForce = useMemo(() => {
    const best = new Map<string, AssessmentRuleView>();
    for (const r of rules) {
      if (r.effectiveFrom > thisMonth) continue;
      const key = r.unitType ?? ALL;
      const cur = best.get(key);
      if (cur === undefined || r.effectiveFrom > cur.effectiveFrom) best.set(key, r);
    }
    return new Set(best.values());
  }, [rules, thisMonth]);

  useEffect(() => {
    const base = [...rules].reverse().find((r) => r.unitType === null);
    form.setFieldsValue({
      version: '',
      effectiveFrom: dayjs().startOf('month').add(1, 'month'),
      unitType: ALL,
      response: base?.weights.response ?? 0.1,
      resolution: base?.weights.resolution ?? 0.5,
      satisfaction: base?.weights.satisfaction ?? 0.4,
      basicallySatisfiedWeight: base?.basicallySatisfiedWeight ?? 0.9,
      grades: base?.grades ?? [
        { grade: 'A', minScore: 90 },
        { grade: 'B', minScore: 80 },
        { grade: 'C', minScore: 70 },
        { grade: 'D', minScore: 0 },
      ],
      listSize: base?.listSize ?? 3,
      focusAfterMonths: base?.focusAfterMonths ?? 3,
    });
  }, [rules, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await must(
        api.POST('/api/assessment/rules', {
          body: {
            version: v.version.trim(),
            effectiveFrom: v.effectiveFrom.format('YYYY-MM'),
            unitType: v.unitType === ALL ? null : (v.unitType as (typeof UNIT_TYPES)[number]),
            weights: { response: v.response, resolution: v.resolution, satisfaction: v.satisfaction },
            basicallySatisfiedWeight: v.basicallySatisfiedWeight,
            grades: v.grades,
            listSize: v.listSize,
            focusAfterMonths: v.focusAfterMonths,
          },
        }),
      );
      message.success(t('centre.rules.added', { version: v.version }));
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const columns: ColumnsType<AssessmentRuleView> = [
    {
      title: t('centre.rules.version'),
      dataIndex: 'version',
      render: (v: string, r) => (
        <Space>
          <b>{v}</b>
          {inForce.has(r) && <Tag color="green">{t('centre.rules.inForce')}</Tag>}
        </Space>
      ),
    },
    { title: t('centre.rules.effectiveFrom'), dataIndex: 'effectiveFrom' },
    { title: t('centre.rules.scope'), dataIndex: 'unitType', render: (u: string | null) => (u === null ? t('centre.rules.allTypes') : t(unitTypeKey(u))) },
    { title: t('centre.rules.weights'), key: 'w', render: (_, r) => `${r.weights.response} / ${r.weights.resolution} / ${r.weights.satisfaction}` },
    { title: t('centre.rules.basicWeight'), dataIndex: 'basicallySatisfiedWeight' },
    { title: t('centre.rules.grades'), dataIndex: 'grades', render: (g: AssessmentRuleView['grades']) => g.map((b) => `${b.grade}≥${b.minScore}`).join(' ') },
    { title: t('centre.rules.listSize'), dataIndex: 'listSize' },
    { title: t('centre.rules.focusAfter'), dataIndex: 'focusAfterMonths' },
  ];

  const weightInput = <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Table<AssessmentRuleView>
        rowKey={(r) => `${r.effectiveFrom}|${r.unitType ?? ALL}`}
        size="small"
        loading={loading}
        columns={columns}
        dataSource={[...rules].reverse()}
        pagination={false}
        data-testid="rules-table"
      />
      <Card size="small" title={t('centre.rules.add')}>
        <Alert type="info" showIcon message={t('centre.rules.addNote')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical">
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="version" label={t('centre.rules.version')} rules={[{ required: true, whitespace: true, max: 40 }]}>
                <Input placeholder="2026-v2" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="effectiveFrom" label={t('centre.rules.effectiveFrom')} rules={[{ required: true }]}>
                <DatePicker picker="month" allowClear={false} disabledDate={(d) => d.isBefore(dayjs(), 'month')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="unitType" label={t('centre.rules.scope')}>
                <Select options={[{ value: ALL, label: t('centre.rules.allTypes') }, ...UNIT_TYPES.map((u) => ({ value: u, label: t(unitTypeKey(u)) }))]} />
              </Form.Item>
            </Col>
            <Col xs={8} md={4}>
              <Form.Item name="response" label={t('centre.rules.a')} rules={[{ required: true }]}>
                {weightInput}
              </Form.Item>
            </Col>
            <Col xs={8} md={4}>
              <Form.Item name="resolution" label={t('centre.rules.b')} rules={[{ required: true }]}>
                {weightInput}
              </Form.Item>
            </Col>
            <Col xs={8} md={4}>
              <Form.Item name="satisfaction" label={t('centre.rules.c')} rules={[{ required: true }]}>
                {weightInput}
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="basicallySatisfiedWeight" label={t('centre.rules.basicWeight')} rules={[{ required: true }]}>
                {weightInput}
              </Form.Item>
            </Col>
            <Col xs={6} md={4}>
              <Form.Item name="listSize" label={t('centre.rules.listSize')} rules={[{ required: true }]}>
                <InputNumber min={1} max={50} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={6} md={4}>
              <Form.Item name="focusAfterMonths" label={t('centre.rules.focusAfter')} rules={[{ required: true }]}>
                <InputNumber min={1} max={24} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type={Math.abs(sum - 1) > 1e-9 ? 'danger' : 'secondary'}>
            {t('centre.rules.sum', { sum: Math.round(sum * 1000) / 1000 })}
          </Typography.Text>
          <Form.Item label={t('centre.rules.grades')} style={{ marginTop: 12 }} extra={t('centre.rules.gradesHint')}>
            <Form.List name="grades">
              {(fields, { add, remove }) => (
                <Space wrap>
                  {fields.map((f) => (
                    <Space.Compact key={f.key}>
                      <Form.Item name={[f.name, 'grade']} noStyle rules={[{ required: true, max: 8 }]}>
                        <Input style={{ width: 56 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'minScore']} noStyle rules={[{ required: true }]}>
                        <InputNumber min={-1000} max={100} style={{ width: 80 }} prefix="≥" />
                      </Form.Item>
                      <Button icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} />
                    </Space.Compact>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ grade: '', minScore: 0 })} />
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Button type="primary" onClick={submit} loading={saving} disabled={Math.abs(sum - 1) > 1e-9}>
            {t('centre.rules.addButton')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
