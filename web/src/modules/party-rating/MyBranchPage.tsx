/**
 * 本支部评星 (a branch secretary): the branch's ratings by year; this year's self-rating (a score and
 * evidence per indicator; member figures come from the platform) until it is reviewed, and an appeal
 * with a reason while the results are posted; the branch's brand applications.
 */
import { Alert, App as AntApp, Button, Empty, Input, InputNumber, List, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { platformWords, stars } from './RatingPage.tsx';

export default function MyBranchPage() {
  const { t } = useI18n();
  const mine = useLoad(() => must(api.GET('/api/party/rating/mine')), []);
  const apps = useLoad(() => must(api.GET('/api/party/brand-applications/mine')), []);
  const branches = mine.data?.branches ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="my-branch-page">
      {mine.error && <Alert type="error" showIcon title={mine.error} />}
      {mine.data && branches.length === 0 && <Empty description={t('pr.noBranch')} />}
      {branches.map((b) => (
        <Space key={b.organisation.id} orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={4}>{b.organisation.name}</Typography.Title>
          <Table
            rowKey="ratingId"
            size="small"
            pagination={false}
            dataSource={b.years}
            columns={[
              { title: t('pr.year'), dataIndex: 'year' },
              { title: t('pr.status'), dataIndex: 'status', render: (s: 'pending') => t(`pr.status.${s}`) },
              { title: t('pr.total'), dataIndex: 'total' },
              { title: t('pr.stars'), dataIndex: 'stars', render: (s: number | null) => stars(s) },
            ]}
          />
          {b.years[0] && <SelfRating id={b.years[0].ratingId} onChanged={() => void mine.reload()} />}
        </Space>
      ))}
      <Typography.Title level={5}>{t('pb.myApplications')}</Typography.Title>
      <List
        dataSource={apps.data?.items ?? []}
        renderItem={(a) => (
          <List.Item>
            {a.title} <Tag>{t(`pb.status.${a.status}`)}</Tag> {a.reviewReason}
            {a.chosen && <Tag color="gold">#{a.finalRank}</Tag>}
          </List.Item>
        )}
      />
    </Space>
  );
}

function SelfRating({ id, onChanged }: { id: number; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const detail = useLoad(() => must(api.GET('/api/party/ratings/{id}', { params: { path: { id } } })), [id]);
  const d = detail.data;
  const [draft, setDraft] = useState<Record<string, { score: number; evidence: string }>>({});
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (d)
      setDraft(
        Object.fromEntries(
          d.rules.indicators.map((i) => {
            const e = d.self?.entries.find((x) => x.code === i.code);
            return [i.code, { score: e?.score ?? 0, evidence: e?.evidence ?? '' }];
          }),
        ),
      );
  }, [d]);
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
  if (!d) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {d.may.selfRate && (
        <>
          {d.rules.indicators.map((i) => (
            <Space key={i.code} wrap>
              <span style={{ minWidth: 160, display: 'inline-block' }}>{i.name}</span>
              {i.source === 'manual' ? (
                <InputNumber
                  min={0}
                  max={i.basePoints}
                  step={0.5}
                  value={draft[i.code]?.score}
                  onChange={(v) => setDraft({ ...draft, [i.code]: { ...draft[i.code]!, score: v ?? 0 } })}
                />
              ) : (
                platformWords(t, i, d.figures)
              )}
              <Input
                style={{ width: 360 }}
                placeholder={t('pr.evidence')}
                value={draft[i.code]?.evidence}
                onChange={(e) => setDraft({ ...draft, [i.code]: { ...draft[i.code]!, evidence: e.target.value } })}
              />
            </Space>
          ))}
          <Button
            type="primary"
            onClick={() =>
              act(() =>
                must(
                  api.PUT('/api/party/ratings/{id}/self', {
                    params: { path: { id } },
                    body: {
                      entries: d.rules.indicators.map((i) => ({
                        code: i.code,
                        score: draft[i.code]?.score ?? 0,
                        evidence: draft[i.code]?.evidence ?? '',
                        adjustments: [],
                      })),
                    },
                  }),
                ),
              )
            }
          >
            {t('pr.submitSelf')}
          </Button>
        </>
      )}
      {d.may.appeal && (
        <Space.Compact style={{ width: '100%' }}>
          <Input placeholder={t('pr.appealReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button danger onClick={() => act(() => must(api.POST('/api/party/ratings/{id}/appeal', { params: { path: { id } }, body: { reason } })))}>
            {t('pr.submitAppeal')}
          </Button>
        </Space.Compact>
      )}
    </Space>
  );
}
