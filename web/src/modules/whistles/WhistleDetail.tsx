/**
 * One whistle: the departments' report-ins with their countdowns, a report-in form (who came, where,
 * a photo) for a summoned department, and stars with a comment per department for the street that
 * blew it. Links back to the ticket it started from.
 */
import { Alert, Button, Descriptions, Form, Image, Input, Rate, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import Countdown from '../../shared/Countdown.tsx';
import PhotoPicker from '../../shared/PhotoPicker.tsx';
import { photoUrl } from '../../shared/photos.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

type Detail = paths['/api/whistles/{id}']['get']['responses'][200]['content']['application/json'];
type Report = Detail['reports'][number];

const time = (s: string | null) => (s === null ? '—' : new Date(s).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }));

export default function WhistleDetail({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t } = useI18n();
  const { me, may } = useSession();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scores, setScores] = useState<Record<number, number>>({});
  const [comments, setComments] = useState<Record<number, string>>({});
  const [photo, setPhoto] = useState<number[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);

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
  const mine = may('whistles.reportIn') ? detail.reports.find((r) => r.unitId === me?.unitId && r.reportedAt === null) : undefined;
  const isStreet = may('whistles.rate') && me?.unitId === detail.streetUnitId;
  const toRate = detail.reports.filter((r) => r.score === null);

  const reportIn = async (v: { reporterName: string; place?: string; note?: string }) => {
    setBusy(true);
    try {
      await must(
        api.POST('/api/whistles/{id}/report-in', {
          params: { path: { id } },
          body: { reporterName: v.reporterName, place: v.place ?? '', note: v.note ?? '', ...(photo[0] === undefined ? {} : { attachmentId: photo[0] }) },
        }),
      );
      setError(null);
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const rate = async () => {
    const ratings = Object.entries(scores)
      .filter(([, score]) => score > 0)
      .map(([unitId, score]) => {
        const comment = (comments[Number(unitId)] ?? '').trim();
        return { unitId: Number(unitId), score, ...(comment === '' ? {} : { comment }) };
      });
    if (ratings.length === 0) return;
    setBusy(true);
    try {
      await must(api.POST('/api/whistles/{id}/ratings', { params: { path: { id } }, body: { ratings } }));
      setError(null);
      setScores({});
      setComments({});
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`whistle-detail-${detail.number}`}>
      {error && <Alert type="error" title={error} data-testid="whistle-detail-error" />}
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('whistle.title')}>{detail.title}</Descriptions.Item>
        <Descriptions.Item label={t('whistle.place')}>{detail.place}</Descriptions.Item>
        <Descriptions.Item label={t('whistle.content')}>{detail.content}</Descriptions.Item>
        <Descriptions.Item label={t('whistle.sourceTicket')}>
          {detail.source ? (
            <Link to={`/tickets/${detail.source.ticketId}`} data-testid="whistle-source">
              {detail.source.number}
            </Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('whistle.number')}>
          <Link to={`/tickets/${detail.ticketId}`}>{detail.number}</Link>
        </Descriptions.Item>
      </Descriptions>
      <Table<Report>
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={detail.reports}
        scroll={{ x: true }}
        onRow={(r) => ({ 'data-testid': `whistle-report-${r.unitId}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('whistle.unit'), dataIndex: 'unitName' },
          { title: t('whistle.due'), render: (_, r) => time(r.dueAt) },
          {
            title: t('whistle.countdown'),
            render: (_, r) => <Countdown dueAt={r.dueAt} startedAt={detail.createdAt} doneAt={r.reportedAt} data-testid={`whistle-countdown-${r.unitId}`} />,
          },
          { title: t('whistle.reportedAt'), render: (_, r) => time(r.reportedAt) },
          {
            title: t('whistle.state'),
            render: (_, r) =>
              r.onTime === null ? (
                <Tag data-testid={`whistle-ontime-${r.unitId}`} data-ontime="pending">
                  {t('whistle.pending')}
                </Tag>
              ) : r.onTime ? (
                <Tag color="green" data-testid={`whistle-ontime-${r.unitId}`} data-ontime="yes">
                  {t('whistle.onTime')}
                </Tag>
              ) : (
                <Tag color="red" data-testid={`whistle-ontime-${r.unitId}`} data-ontime="no">
                  {t('whistle.late')}
                </Tag>
              ),
          },
          { title: t('whistle.reporter'), render: (_, r) => [r.reporterName, r.place].filter(Boolean).join(' · ') || '—' },
          {
            title: t('whistle.photo'),
            render: (_, r) => (r.attachmentId === null ? '—' : <Image width={48} src={photoUrl(r.attachmentId)} data-testid={`whistle-photo-${r.unitId}`} />),
          },
          {
            title: t('whistle.score'),
            render: (_, r) =>
              r.score !== null ? (
                <Space orientation="vertical" size={0}>
                  <Rate disabled value={r.score} data-testid={`whistle-score-${r.unitId}`} />
                  {r.comment ? <span>{r.comment}</span> : null}
                </Space>
              ) : isStreet && open ? (
                <Space orientation="vertical" size={4}>
                  <Rate value={scores[r.unitId] ?? 0} onChange={(v) => setScores({ ...scores, [r.unitId]: v })} data-testid={`whistle-rate-${r.unitId}`} />
                  <Input
                    size="small"
                    maxLength={500}
                    placeholder={t('whistle.comment')}
                    value={comments[r.unitId] ?? ''}
                    onChange={(e) => setComments({ ...comments, [r.unitId]: e.target.value })}
                    data-testid={`whistle-comment-${r.unitId}`}
                  />
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {isStreet && open && toRate.length > 0 && (
        <Button
          type="primary"
          onClick={() => void rate()}
          loading={busy}
          disabled={!Object.values(scores).some((s) => s > 0)}
          data-testid="whistle-rate-submit"
        >
          {t('whistle.rate')}
        </Button>
      )}
      {!open && (
        <Tag color="green" data-testid="whistle-closed">
          {t('whistle.closed')}
        </Tag>
      )}
      {mine && open && (
        <Form layout="vertical" onFinish={(v) => void reportIn(v)} style={{ maxWidth: 480 }} data-testid="whistle-report-form">
          <Form.Item name="reporterName" label={t('whistle.reporter')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="whistle-report-name" />
          </Form.Item>
          <Form.Item name="place" label={t('whistle.place')} rules={[{ max: 300 }]}>
            <Input data-testid="whistle-report-place" />
          </Form.Item>
          <Form.Item name="note" label={t('whistle.note')} rules={[{ max: 2000 }]}>
            <Input data-testid="whistle-report-note" />
          </Form.Item>
          <Form.Item label={t('whistle.photo')}>
            <PhotoPicker max={1} onChange={setPhoto} onBusy={setUploading} onError={setError} data-testid="whistle-report-photo" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={uploading} data-testid="whistle-report-submit">
            {t('whistle.reportIn')}
          </Button>
        </Form>
      )}
    </Space>
  );
}
