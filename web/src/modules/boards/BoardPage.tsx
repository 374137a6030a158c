/**
 * 楼门公示牌 /m/board/:code (no sign-in, phone first): what the door board shows — the community and
 * the building unit, its responsible persons with tap-to-call, the Party-member households, the
 * residents' conventions and the door's QR code — with a big button to the requester page, which
 * opens pre-filled with this unit's place.
 */
import { EnvironmentOutlined, FormOutlined, PhoneOutlined, StarFilled } from '@ant-design/icons';
import { Alert, Button, Card, ConfigProvider, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { paths } from '../../api-types';
import { api, errorMessage } from '../../shared/api.ts';
import { useI18n } from '../../shell/i18n.tsx';

export type Board = paths['/api/public/boards/{code}']['get']['responses'][200]['content']['application/json'];

/** The QR image of a board (served by the API; the same image the print sheet uses). */
export const boardQrSrc = (code: string) => `/api/public/boards/${encodeURIComponent(code)}/qr.svg`;

export default function BoardPage() {
  const { code = '' } = useParams();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<{ notFound: boolean; message: string } | null>(null);

  useEffect(() => {
    let live = true;
    setBoard(null);
    setError(null);
    void api
      .GET('/api/public/boards/{code}', { params: { path: { code } } })
      .then((r) => {
        if (!live) return;
        if (r.data) setBoard(r.data);
        else setError({ notFound: r.response.status === 404 || r.response.status === 400, message: errorMessage(r.error) });
      })
      .catch((e: unknown) => live && setError({ notFound: false, message: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [code]);

  useEffect(() => {
    document.title = board ? `${board.communityName} ${board.name} · ${t('board.pageTitle')}` : t('board.pageTitle');
  }, [board, t]);

  const report = () => navigate(board ? board.requestPath : '/m');

  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 16, controlHeightLG: 46 } }}>
      <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="board-page">
        <header style={{ background: '#c41d1d', color: '#fff', padding: '14px 16px 20px' }}>
          <div style={{ maxWidth: 520, margin: '0 auto', display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 12 }}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 14 }}>{t('board.pageTitle')}</Typography.Text>
              <Typography.Title level={3} style={{ color: '#fff', margin: '2px 0 0' }} data-testid="board-title">
                {board ? `${board.communityName} ${board.name}` : '\u00a0'}
              </Typography.Title>
              {board ? (
                <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 14 }}>
                  <EnvironmentOutlined /> {board.address}
                </Typography.Text>
              ) : null}
            </div>
            <Button size="middle" ghost onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('app.lang')}
            </Button>
          </div>
        </header>
        <main style={{ maxWidth: 520, margin: '0 auto', padding: '12px 12px 96px' }}>
          {error ? (
            <Card>
              <Result
                status={error.notFound ? '404' : 'warning'}
                title={error.notFound ? t('board.notFound') : t('common.error')}
                subTitle={error.notFound ? t('board.notFoundHint') : error.message}
                extra={
                  <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('/m')}>
                    {t('board.report')}
                  </Button>
                }
                data-testid="board-error"
              />
            </Card>
          ) : board === null ? (
            <Card>
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          ) : (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card title={t('board.responsible')} size="small" data-testid="board-responsible">
                <List
                  dataSource={board.responsiblePersons}
                  renderItem={(p) => (
                    <List.Item
                      actions={
                        p.phone
                          ? [
                              <Button
                                key="call"
                                type="primary"
                                ghost
                                icon={<PhoneOutlined />}
                                href={`tel:${p.phone.replace(/[^0-9+]/g, '')}`}
                                aria-label={t('board.call', { phone: p.phone })}
                              >
                                {p.phone}
                              </Button>,
                            ]
                          : [
                              <Typography.Text key="none" type="secondary">
                                {t('board.noPhone')}
                              </Typography.Text>,
                            ]
                      }
                    >
                      <Space size={8} wrap>
                        <Tag color="red" style={{ fontSize: 14 }}>
                          {p.role}
                        </Tag>
                        <Typography.Text strong style={{ fontSize: 17 }}>
                          {p.name}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              <Card title={t('board.party')} size="small" data-testid="board-party">
                {board.partyMemberHouseholds.length > 0 ? (
                  <Space wrap>
                    {board.partyMemberHouseholds.map((room) => (
                      <Tag key={room} icon={<StarFilled />} color="gold" style={{ fontSize: 16, padding: '4px 10px' }}>
                        {room}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('board.partyNone')}</Typography.Text>
                )}
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
                  {t('board.partyHint')}
                </Typography.Paragraph>
                <a href={`/m/party-board/${board.communityCode}`} data-testid="board-pledges-link">
                  {t('pledge.boardLink')} →
                </a>
              </Card>
              {board.conventions ? (
                <Card title={t('board.conventions')} size="small" data-testid="board-conventions">
                  <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0, lineHeight: 1.8 }}>{board.conventions}</Typography.Paragraph>
                </Card>
              ) : null}
              <Card size="small" style={{ textAlign: 'center' }}>
                <img
                  src={boardQrSrc(board.code)}
                  alt={t('board.qr')}
                  width={180}
                  height={180}
                  style={{ display: 'block', margin: '0 auto' }}
                  data-testid="board-qr"
                />
                <Typography.Text type="secondary">{t('board.qrHint')}</Typography.Text>
              </Card>
              <Alert type="info" showIcon title={t('board.reportHint')} />
            </Space>
          )}
        </main>
        {board ? (
          <div
            style={{
              position: 'fixed',
              left: 0,
              right: 0,
              bottom: 0,
              padding: '10px 12px calc(10px + env(safe-area-inset-bottom))',
              background: 'rgba(255,255,255,0.96)',
              boxShadow: '0 -2px 8px rgba(0,0,0,0.1)',
            }}
          >
            <div style={{ maxWidth: 520, margin: '0 auto' }}>
              <Button
                type="primary"
                block
                size="large"
                icon={<FormOutlined />}
                onClick={report}
                style={{ height: 56, fontSize: 19 }}
                data-testid="board-report"
              >
                {t('board.report')}
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </ConfigProvider>
  );
}
