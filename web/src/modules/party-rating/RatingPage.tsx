/**
 * 评星定级 (party workers): the cycles by year; the cycle's board of branches in the user's scope with
 * status, self and reviewed totals, stars and last year's stars (掉星 marked, or only those shown);
 * the district's organisers open a year, post the results and finalise. A branch's drawer shows the
 * indicators with the self-rating's evidence and the review's comments, the review form, the appeal
 * and its decision, the events and the branch's history.
 */
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

type Board = ApiJson<'/api/party/rating/cycles/{id}'>;
type Row = Board['rows'][number];
type Detail = ApiJson<'/api/party/ratings/{id}'>;

/** What the platform supplied for a sourced indicator, in words with its score. */
export function platformWords(t: ReturnType<typeof useI18n>['t'], indicator: Detail['rules']['indicators'][number], figures: Detail['figures']): string {
  const score = String(figures.sourcedScores[indicator.code] ?? 0);
  if (indicator.source === 'meeting_compliance' && figures.meetings)
    return t('pr.fromPlatform.meetings', { owed: String(figures.meetings.owed), met: String(figures.meetings.met), score });
  if (indicator.source === 'service_hours' && figures.serviceMinutes !== null)
    return t('pr.fromPlatform.hours', { hours: (figures.serviceMinutes / 60).toFixed(1), n: String(figures.memberCount), score });
  return t('pr.fromPlatform', { n: String(figures.memberCount) });
}

const EVENT_KINDS = ['self_rated', 'reviewed', 'appealed', 'appeal_upheld', 'appeal_changed', 'finalised'] as const;

export const stars = (n: number | null | undefined) => (n === null || n === undefined ? '—' : '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n)));

export default function RatingPage() {
  const { t } = useI18n();
  const { may } = useSession();
  const { message } = AntApp.useApp();
  const cycles = useLoad(() => must(api.GET('/api/party/rating/cycles')), []);
  const [cycleId, setCycleId] = useState<number | undefined>();
  const [fellOnly, setFellOnly] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [opening, setOpening] = useState(false);
  const [posting, setPosting] = useState(false);
  useEffect(() => {
    if (cycleId === undefined && cycles.data?.items[0]) setCycleId(cycles.data.items[0].id);
  }, [cycles.data, cycleId]);
  const board = useLoad(
    () => must(api.GET('/api/party/rating/cycles/{id}', { params: { path: { id: cycleId! }, query: fellOnly ? { fell: true } : {} } })),
    [cycleId, fellOnly],
    { skip: cycleId === undefined },
  );
  const cycle = board.data?.cycle;
  const organiser = may('party.ratingOrganise');
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      message.success(t('pr.saved'));
      await Promise.all([cycles.reload(), board.reload()]);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="rating-page">
      <Space wrap>
        {t('pr.cycle')}
        <Select
          style={{ minWidth: 200 }}
          value={cycleId}
          onChange={setCycleId}
          options={(cycles.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.year} · ${t(`pr.cycleStatus.${c.status}`)}` }))}
          data-testid="rating-cycle"
        />
        <Switch checked={fellOnly} onChange={setFellOnly} data-testid="rating-fell-only" /> {t('pr.fellOnly')}
        {organiser && (
          <>
            <Button onClick={() => setOpening(true)} data-testid="rating-open">
              {t('pr.openCycle')}
            </Button>
            {cycle?.status === 'rating' && <Button onClick={() => setPosting(true)}>{t('pr.post')}</Button>}
            {cycle?.status === 'posting' && (
              <Button onClick={() => act(() => must(api.POST('/api/party/rating/cycles/{id}/finalise', { params: { path: { id: cycle.id } } })))}>
                {t('pr.finalise')}
              </Button>
            )}
          </>
        )}
      </Space>
      {cycle && (
        <Typography.Text type="secondary">
          {cycle.year} · {cycle.ruleSetVersion} · {t(`pr.cycleStatus.${cycle.status}`)}
          {cycle.postingFrom && ` · ${cycle.postingFrom} ~ ${cycle.postingTo}`}
        </Typography.Text>
      )}
      {(board.error ?? cycles.error) && <Alert type="error" showIcon title={board.error ?? cycles.error} />}
      <Table<Row>
        rowKey="ratingId"
        size="small"
        loading={board.loading}
        dataSource={board.data?.rows ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => setOpenId(r.ratingId), style: { cursor: 'pointer' }, 'data-testid': `rating-row-${r.organisationCode}` }) as never}
        columns={[
          { title: t('pr.branch'), dataIndex: 'organisationName' },
          { title: t('pr.street'), dataIndex: 'streetName' },
          { title: t('pr.status'), dataIndex: 'status', render: (s: Row['status']) => <Tag>{t(`pr.status.${s}`)}</Tag> },
          { title: t('pr.selfTotal'), dataIndex: 'selfTotal' },
          { title: t('pr.reviewTotal'), dataIndex: 'reviewTotal' },
          { title: t('pr.stars'), render: (_, r) => stars(r.finalStars ?? r.reviewStars) },
          { title: t('pr.previous'), render: (_, r) => stars(r.previousStars) },
          { title: t('pr.fell'), dataIndex: 'fell', render: (f: boolean) => (f ? <Tag color="red">{t('pr.fell')}</Tag> : null) },
        ]}
        data-testid="rating-board"
      />
      <OpenCycle open={opening} onClose={() => setOpening(false)} onDone={() => act(async () => {})} />
      <PostCycle open={posting} cycleId={cycle?.id} onClose={() => setPosting(false)} onDone={() => act(async () => {})} />
      <RatingDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => void board.reload()} />
    </Space>
  );
}

function OpenCycle({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('pr.openCycle')}
      onCancel={onClose}
      onOk={async () => {
        try {
          await must(api.POST('/api/party/rating/cycles', { body: { year: year ?? 0 } }));
          onClose();
          onDone();
        } catch (e) {
          setError(errorMessage(e));
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} />}
      <InputNumber value={year} onChange={setYear} min={2000} max={2100} addonBefore={t('pr.year')} />
    </Modal>
  );
}

function PostCycle({ open, cycleId, onClose, onDone }: { open: boolean; cycleId?: number; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('pr.post')}
      onCancel={onClose}
      onOk={async () => {
        try {
          await must(api.POST('/api/party/rating/cycles/{id}/posting', { params: { path: { id: cycleId ?? 0 } }, body: { from, to } }));
          onClose();
          onDone();
        } catch (e) {
          setError(errorMessage(e));
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} />}
      <Space orientation="vertical">
        <Input addonBefore={t('pr.postFrom')} placeholder="YYYY-MM-DD" value={from} onChange={(e) => setFrom(e.target.value)} />
        <Input addonBefore={t('pr.postTo')} placeholder="YYYY-MM-DD" value={to} onChange={(e) => setTo(e.target.value)} />
      </Space>
    </Modal>
  );
}

/** Scores, adjustment counts and a text per indicator, as the review and the appeal decision send them. */
type Draft = Record<string, { score: number; comment: string; adjustments: { rule: string; count: number }[] }>;

function draftFrom(d: Detail, from: 'self' | 'review'): Draft {
  const source = (from === 'review' ? d.review?.entries : undefined) ?? d.self?.entries ?? [];
  return Object.fromEntries(
    d.rules.indicators.map((i) => {
      const e = source.find((x) => x.code === i.code);
      return [i.code, { score: e?.score ?? 0, comment: '', adjustments: e?.adjustments ?? [] }];
    }),
  );
}

function RatingDrawer({ id, onClose, onChanged }: { id: number | null; onClose(): void; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const detail = useLoad(() => must(api.GET('/api/party/ratings/{id}', { params: { path: { id: id! } } })), [id], { skip: id === null });
  const d = detail.data;
  const history = useLoad(() => must(api.GET('/api/party/rating/history/{id}', { params: { path: { id: d!.organisation.id } } })), [d?.organisation.id], {
    skip: d === undefined,
  });
  const [draft, setDraft] = useState<Draft>({});
  const [comment, setComment] = useState('');
  const [decision, setDecision] = useState<'upheld' | 'changed'>('upheld');
  useEffect(() => {
    if (d) setDraft(draftFrom(d, d.review ? 'review' : 'self'));
  }, [d]);
  const entries = () =>
    (d?.rules.indicators ?? []).map((i) => ({
      code: i.code,
      score: draft[i.code]?.score ?? 0,
      adjustments: draft[i.code]?.adjustments ?? [],
      comment: draft[i.code]?.comment ?? '',
    }));
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      message.success(t('pr.saved'));
      await detail.reload();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const editable = d !== undefined && (d.may.review || d.may.decideAppeal);
  const path = { params: { path: { id: id ?? 0 } } };
  return (
    <Drawer open={id !== null} onClose={onClose} title={d?.organisation.name} size={760} destroyOnHidden>
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="rating-drawer">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('pr.status')}>{t(`pr.status.${d.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('pr.street')}>{d.organisation.streetName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pr.selfTotal')}>{d.self ? `${d.self.result.total} ${stars(d.self.result.stars)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pr.reviewTotal')}>
              <span data-testid="rating-review-total">{d.review ? `${d.review.result.total} ${stars(d.review.result.stars)}` : '—'}</span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={d.rules.indicators}
            columns={[
              { title: t('pr.indicator'), dataIndex: 'name' },
              { title: t('pr.base'), dataIndex: 'basePoints' },
              {
                title: t('pr.self'),
                render: (_, i) => {
                  const e = d.self?.entries.find((x) => x.code === i.code);
                  return e ? (
                    <Space orientation="vertical" size={0}>
                      <span>{e.score}</span>
                      <Typography.Text type="secondary">{e.evidence}</Typography.Text>
                    </Space>
                  ) : (
                    '—'
                  );
                },
              },
              {
                title: t('pr.review'),
                render: (_, i) =>
                  editable && i.source === 'manual' ? (
                    <Space orientation="vertical" size={2}>
                      <InputNumber
                        min={0}
                        max={i.basePoints}
                        step={0.5}
                        value={draft[i.code]?.score}
                        onChange={(v) => setDraft({ ...draft, [i.code]: { ...draft[i.code]!, score: v ?? 0 } })}
                        data-testid={`review-score-${i.code}`}
                      />
                      <Input
                        size="small"
                        placeholder={t('pr.comment')}
                        value={draft[i.code]?.comment}
                        onChange={(e) => setDraft({ ...draft, [i.code]: { ...draft[i.code]!, comment: e.target.value } })}
                      />
                    </Space>
                  ) : i.source !== 'manual' ? (
                    platformWords(t, i, d.figures)
                  ) : (
                    (d.review?.entries.find((x) => x.code === i.code)?.score ?? '—')
                  ),
              },
            ]}
          />
          {d.may.review && (
            <Space.Compact style={{ width: '100%' }}>
              <Input placeholder={t('pr.overallComment')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="review-comment" />
              <Button
                type="primary"
                onClick={() => act(() => must(api.PUT('/api/party/ratings/{id}/review', { ...path, body: { entries: entries(), comment } })))}
                data-testid="review-submit"
              >
                {t('pr.submitReview')}
              </Button>
            </Space.Compact>
          )}
          {d.appeal && (
            <Alert
              type={d.appeal.decision ? 'info' : 'warning'}
              title={`${t('pr.appeal')}：${d.appeal.reason}`}
              description={d.appeal.decision ? `${t(d.appeal.decision === 'upheld' ? 'pr.upheld' : 'pr.changed')} · ${d.appeal.comment ?? ''}` : undefined}
            />
          )}
          {d.may.decideAppeal && (
            <Space wrap>
              <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value)}>
                <Radio value="upheld">{t('pr.upheld')}</Radio>
                <Radio value="changed">{t('pr.changed')}</Radio>
              </Radio.Group>
              <Input placeholder={t('pr.comment')} value={comment} onChange={(e) => setComment(e.target.value)} />
              <Button
                type="primary"
                onClick={() =>
                  act(() =>
                    must(
                      api.POST('/api/party/ratings/{id}/appeal-decision', {
                        ...path,
                        body: decision === 'changed' ? { decision, comment, entries: entries() } : { decision, comment },
                      }),
                    ),
                  )
                }
              >
                {t('pr.decide')}
              </Button>
            </Space>
          )}
          <Typography.Title level={5}>{t('pr.events')}</Typography.Title>
          <Timeline
            items={d.events.map((e) => ({
              content: `${e.at.slice(0, 16).replace('T', ' ')} ${e.actor ?? ''} ${EVENT_KINDS.includes(e.kind as never) ? t(`pr.event.${e.kind as (typeof EVENT_KINDS)[number]}`) : e.kind}`,
            }))}
          />
          <Typography.Title level={5}>{t('pr.history')}</Typography.Title>
          <Table
            rowKey="ratingId"
            size="small"
            pagination={false}
            dataSource={history.data?.years ?? []}
            columns={[
              { title: t('pr.year'), dataIndex: 'year' },
              { title: t('pr.total'), dataIndex: 'total' },
              { title: t('pr.stars'), dataIndex: 'stars', render: (s: number | null) => stars(s) },
              { title: t('pr.status'), dataIndex: 'status', render: (s: Row['status']) => t(`pr.status.${s}`) },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
