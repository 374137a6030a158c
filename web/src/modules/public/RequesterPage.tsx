/**
 * The requester's mobile pages under /m (no sign-in), phone first (375 px and up): /m to submit a
 * request, /m/track to follow it and rate the reply (a building's door board, /m/board/<code>, is the
 * boards module's page). Large touch targets, Chinese first with an English switch.
 */
import { FileSearchOutlined, FormOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Segmented, Typography } from 'antd';
import { useEffect } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../shell/i18n.tsx';
import SubmitRequest from './SubmitRequest.tsx';
import TrackRequest from './TrackRequest.tsx';

export default function RequesterPage() {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const tab = location.pathname.replace(/\/+$/, '').endsWith('/track') ? 'track' : 'submit';

  useEffect(() => {
    document.title = t('public.title');
  }, [t]);

  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 16, controlHeightLG: 46 } }}>
      <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="requester-page">
        <header style={{ background: '#c41d1d', color: '#fff', padding: '14px 16px 44px' }}>
          <div style={{ maxWidth: 520, margin: '0 auto', display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 12 }}>
            <div>
              <Typography.Title level={3} style={{ color: '#fff', margin: 0 }} data-testid="requester-title">
                {t('public.title')}
              </Typography.Title>
              <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 14 }}>{t('public.subtitle')}</Typography.Text>
            </div>
            <Button size="middle" ghost onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="requester-lang">
              {t('app.lang')}
            </Button>
          </div>
        </header>
        <main style={{ maxWidth: 520, margin: '-32px auto 0', padding: '0 12px 32px' }}>
          <Segmented
            block
            size="large"
            value={tab}
            onChange={(v) => navigate(v === 'track' ? '/m/track' : '/m')}
            options={[
              { value: 'submit', label: <span data-testid="tab-submit">{t('public.tab.submit')}</span>, icon: <FormOutlined /> },
              { value: 'track', label: <span data-testid="tab-track">{t('public.tab.track')}</span>, icon: <FileSearchOutlined /> },
            ]}
            style={{ marginBottom: 12, padding: 4, boxShadow: '0 2px 8px rgba(0,0,0,0.12)' }}
          />
          <Routes>
            <Route index element={<SubmitRequest />} />
            <Route path="track" element={<TrackRequest />} />
            <Route path="*" element={<SubmitRequest />} />
          </Routes>
        </main>
      </div>
    </ConfigProvider>
  );
}
