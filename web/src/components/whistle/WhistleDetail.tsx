/** One whistle: the departments' report-ins, a report-in form for a summoned department, ratings for the street. */
import { Alert, Button, Descriptions, Form, Input, Rate, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, must } from '../../api.ts';
import type { paths } from '../../api-types';
import { useI18n } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';

type Detail = paths['/api/whistles/{id}']['get']['responses'][200]['content']['application/json'];
type Report = Detail['reports'][number];

const time = (s: string | null) => (s === null ? '—' : new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }));

export default function WhistleDetail({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scores, setScores] = useState<Record<number, number>>({});

  const load = useCallback(async () => {
    try {
      setDetail(await must(api.GET('/api/whistles/{id}', { params: { path: { id } } })));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (detail === null) return error ? <Alert type="error" title={error} /> : null;
  const open = detail.closedAt === null;
  const mine = detail.reports.find((r) => r.unitId === me?.unitId && r.reportedAt === null);
  const isStreet = me?.unitId === detail.streetUnitId;

  const reportIn = async (v: { reporterName: string; place?: string; note?: string }) => {
    try {
      await must(api.POST('/api/whistles/{id}/report-in', { params: { path: { id } }, body: { reporterName: v.reporterName, place: v.place ?? '', note: v.note ?? '' } }));
      setError(null);
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const rate = async () => {
    const ratings = Object.entries(scores).map(([unitId, score]) => ({ unitId: Number(unitId), score }));
    if (ratings.length === 0) return;
    try {
      await must(api.POST('/api/whistles/{id}/ratings', { params: { path: { id } }, body: { ratings } }));
      setError(null);
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" title={error} />}
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('whistle.title')}>{detail.title}</Descriptions.Item>
        <Descriptions.Item label={t('whistle.place')}>{detail.place}</Descriptions.Item>
        <Descriptions.Item label={t('whistle.content')}>{detail.content}</Descriptions.Item>
        <Descriptions.Item label={t('whistle.source')}>{detail.source?.number ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Table<Report>
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={detail.reports}
        columns={[
          { title: t('whistle.unit'), dataIndex: 'unitName' },
          { title: t('whistle.due'), render: (_, r) => time(r.dueAt) },
          { title: t('whistle.reportedAt'), render: (_, r) => time(r.reportedAt) },
          {
            title: t('whistle.state'),
            render: (_, r) => (r.onTime === null ? <Tag>{t('whistle.pending')}</Tag> : r.onTime ? <Tag color="green">{t('whistle.onTime')}</Tag> : <Tag color="red">{t('whistle.late')}</Tag>),
          },
          { title: t('whistle.reporter'), dataIndex: 'reporterName' },
          {
            title: t('whistle.score'),
            render: (_, r) =>
              r.score !== null ? <Rate disabled value={r.score} /> : isStreet && open ? <Rate value={scores[r.unitId] ?? 0} onChange={(v) => setScores({ ...scores, [r.unitId]: v })} /> : '—',
          },
        ]}
      />
      {isStreet && open && (
        <Button type="primary" onClick={() => void rate()} disabled={Object.keys(scores).length === 0}>
          {t('whistle.rate')}
        </Button>
      )}
      {!open && <Tag color="blue">{t('whistle.closed')}</Tag>}
      {mine && open && (
        <Form layout="inline" onFinish={(v) => void reportIn(v)}>
          <Form.Item name="reporterName" label={t('whistle.reporter')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="place" label={t('whistle.place')} rules={[{ max: 300 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="note" label={t('whistle.note')} rules={[{ max: 2000 }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('whistle.reportIn')}
          </Button>
        </Form>
      )}
    </Space>
  );
}
