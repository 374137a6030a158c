/**
 * 品牌评审打分 (an expert): the rounds the expert is assigned to, and the blind sheet of one — each
 * application by its label with title, summary and practice (never the branch), a score per criterion
 * within 0..max, saved and revisable until the round closes. Other experts' scores are never shown.
 */
import { Alert, App as AntApp, Button, Card, InputNumber, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Sheet = ApiJson<'/api/party/brand-rounds/{id}/sheet'>;

export default function ExpertPage() {
  const { t } = useI18n();
  const rounds = useLoad(() => must(api.GET('/api/party/brand-rounds/mine')), []);
  const [roundId, setRoundId] = useState<number | null>(null);
  useEffect(() => {
    const open = rounds.data?.items.find((r) => r.status === 'scoring');
    if (roundId === null && open) setRoundId(open.roundId);
  }, [rounds.data, roundId]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="expert-page">
      <Typography.Title level={5}>{t('pb.myRounds')}</Typography.Title>
      {rounds.error && <Alert type="error" showIcon title={rounds.error} />}
      <Space wrap>
        {(rounds.data?.items ?? []).map((r) => (
          <Button
            key={r.roundId}
            type={r.roundId === roundId ? 'primary' : 'default'}
            onClick={() => setRoundId(r.roundId)}
            data-testid={`expert-round-${r.number}`}
          >
            {r.programmeTitle} · {t('pb.round', { n: String(r.number) })} · {t('pb.progress', { done: String(r.scored), of: String(r.entries) })}
          </Button>
        ))}
      </Space>
      <Alert type="info" showIcon title={t('pb.blindHint')} />
      {roundId !== null && <SheetView roundId={roundId} onSaved={() => void rounds.reload()} />}
    </Space>
  );
}

function SheetView({ roundId, onSaved }: { roundId: number; onSaved(): void }) {
  const sheet = useLoad(() => must(api.GET('/api/party/brand-rounds/{id}/sheet', { params: { path: { id: roundId } } })), [roundId]);
  if (sheet.error) return <Alert type="error" showIcon title={sheet.error} />;
  if (!sheet.data) return null;
  return (
    <List
      dataSource={sheet.data.items}
      renderItem={(item) => (
        <List.Item>
          <Item sheet={sheet.data!} item={item} onSaved={() => Promise.all([sheet.reload(), onSaved()])} />
        </List.Item>
      )}
    />
  );
}

function Item({ sheet, item, onSaved }: { sheet: Sheet; item: Sheet['items'][number]; onSaved(): unknown }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [scores, setScores] = useState<Record<string, number>>(() => item.myScores ?? {});
  const closed = sheet.round.status !== 'scoring';
  return (
    <Card
      style={{ width: '100%' }}
      size="small"
      title={
        <Space>
          <Tag>{item.label}</Tag>
          {item.title}
          {item.myTotal !== null && <Tag color="green">{t('pb.scored', { total: String(item.myTotal) })}</Tag>}
        </Space>
      }
      data-testid={`sheet-${item.label}`}
    >
      <Typography.Paragraph>{item.summary}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{item.practice}</Typography.Paragraph>
      <Space wrap>
        {sheet.criteria.map((c) => (
          <InputNumber
            key={c.code}
            addonBefore={`${c.name}（≤${c.maxPoints}）`}
            min={0}
            max={c.maxPoints}
            precision={0}
            disabled={closed}
            value={scores[c.code]}
            onChange={(v) => setScores({ ...scores, [c.code]: v ?? 0 })}
            data-testid={`score-${c.code}`}
          />
        ))}
        <Button
          type="primary"
          disabled={closed}
          onClick={async () => {
            try {
              await must(
                api.PUT('/api/party/brand-rounds/{id}/scores/{applicationId}', {
                  params: { path: { id: sheet.round.id, applicationId: item.applicationId } },
                  body: { scores: Object.fromEntries(sheet.criteria.map((c) => [c.code, scores[c.code] ?? 0])) },
                }),
              );
              message.success(t('pr.saved'));
              await onSaved();
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
          data-testid="score-save"
        >
          {t('pb.save')}
        </Button>
      </Space>
    </Card>
  );
}
