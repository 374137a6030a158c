/**
 * 党员承诺公示栏 /m/party-board/:community (no sign-in, phone first): a community's approved public pledges of
 * the year — members' names masked (张*), branches by name — with their accepted fulfilment, and the pioneer
 * posts of its members held today. Linked from the door boards (/m/board/:code).
 */
import { StarFilled } from '@ant-design/icons';
import { Alert, Card, ConfigProvider, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import type { paths } from '../../api-types';
import { api, must, type ApiError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Board = paths['/api/public/party/pledges']['get']['responses'][200]['content']['application/json'];

export default function PledgeBoardPage() {
  const { community = '' } = useParams();
  const { t, lang, setLang } = useI18n();
  const loaded = useLoad(() => must(api.GET('/api/public/party/pledges', { params: { query: { community } } })), [community]);
  const board: Board | null = loaded.loading ? null : (loaded.data ?? null);
  // A community that is not one (400) or not this district's (404) reads as "no such board".
  const code = (loaded.failure as Partial<ApiError> | null)?.error?.code;
  const error = loaded.error === null ? null : { notFound: code === 'NOT_FOUND' || code === 'VALIDATION.INVALID_INPUT', message: loaded.error };

  useEffect(() => {
    document.title = board ? `${board.communityName} · ${t('pledge.board.title')}` : t('pledge.board.title');
  }, [board, t]);

  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 16 } }}>
      <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="pledge-board">
        <header style={{ background: '#c41d1d', color: '#fff', padding: '14px 16px 18px' }}>
          <div style={{ maxWidth: 520, margin: '0 auto', display: 'flex', justifyContent: 'space-between', gap: 12 }}>
            <div>
              <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 14 }}>{t('pledge.board.title')}</Typography.Text>
              <Typography.Title level={3} style={{ color: '#fff', margin: '2px 0 0' }} data-testid="pledge-board-title">
                {board ? `${board.communityName} · ${board.year}` : '\u00a0'}
              </Typography.Title>
            </div>
            <a style={{ color: '#fff', whiteSpace: 'nowrap' }} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {lang === 'zh' ? 'English' : '中文'}
            </a>
          </div>
        </header>
        <main style={{ maxWidth: 520, margin: '0 auto', padding: 12 }}>
          {error ? (
            error.notFound ? (
              <Result status="404" title={t('pledge.board.notFound')} />
            ) : (
              <Alert type="error" showIcon title={error.message} />
            )
          ) : !board ? (
            <Skeleton active />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              <Card title={t('pledge.board.pledges', { n: board.pledges.length })} size="small">
                <List
                  dataSource={board.pledges}
                  locale={{ emptyText: t('pledge.board.empty') }}
                  data-testid="pledge-board-pledges"
                  renderItem={(p) => (
                    <List.Item data-testid={`pledge-board-${p.id}`}>
                      <Space direction="vertical" size={2} style={{ width: '100%' }}>
                        <span>
                          <Typography.Text strong>{p.name}</Typography.Text>
                          {p.ownerKind === 'member' && <Typography.Text type="secondary"> · {p.branchName}</Typography.Text>}
                        </span>
                        <span>
                          <Tag color="red">{t(`pledge.category.${p.category}`)}</Tag>
                          {p.assessment && <Tag color="gold">{t(`pledge.assessment.${p.assessment}`)}</Tag>}
                        </span>
                        <Typography.Text>{p.text}</Typography.Text>
                        <Typography.Text type="secondary" data-testid={`pledge-board-count-${p.id}`}>
                          {t('pledge.board.fulfilments', { n: p.fulfilments })}
                          {p.hours > 0 ? ` · ${p.hours}h` : ''}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              {board.posts.length > 0 && (
                <Card title={t('pledge.board.posts', { n: board.posts.length })} size="small" data-testid="pledge-board-posts">
                  <List
                    dataSource={board.posts}
                    renderItem={(x) => (
                      <List.Item>
                        <Space wrap>
                          <Tag icon={<StarFilled />} color="gold">
                            {t(`pledge.postKind.${x.kind}`)}
                          </Tag>
                          <Typography.Text strong>{x.name}</Typography.Text>
                          <span>
                            {x.title}
                            {x.place ? ` · ${x.place}` : ''}
                          </span>
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('pledge.board.privacy')}
              </Typography.Text>
            </Space>
          )}
        </main>
      </div>
    </ConfigProvider>
  );
}
