/** The shell: language and theme, sign-in, the workbench layout with a role-based menu, the routes. */
import { App as AntApp, Button, ConfigProvider, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { I18nProvider, useI18n } from './i18n.tsx';
import LoginPage from './LoginPage.tsx';
import { NavContext } from './nav.tsx';
import { CATALOGUES, PAGES, PUBLIC_PAGES } from './registry.ts';
import { SessionProvider, useSession } from './session.tsx';

function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip={t('common.loading')}>
        <div style={{ height: 40 }} />
      </Spin>
    </div>
  );
}

function Workbench() {
  const { me, loading, logout, may } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // On a phone the menu folds into its "…" overflow button and the header keeps to one line.
  const narrow = !Grid.useBreakpoint().md;
  if (loading) return <Loading />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const visible = PAGES.filter((p) => !p.hidden && may(p.rule));
  const selected = visible.filter((p) => p.path !== '/' && location.pathname.startsWith(p.path)).map((p) => p.path);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 8 : 16, paddingInline: narrow ? 8 : 16 }}>
        <Typography.Title level={narrow ? 5 : 4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }} data-testid="app-title">
          {t('app.title')}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          style={{ flex: 1, minWidth: 48 }}
          selectedKeys={selected.length ? selected : location.pathname === '/' ? ['/'] : []}
          items={visible.map((p) => ({ key: p.path, label: t(p.title) }))}
          onClick={(e) => navigate(e.key)}
        />
        <Space align="center" size={narrow ? 4 : 8}>
          <Typography.Text style={{ color: '#fff', ...(narrow ? { maxWidth: 56 } : {}) }} ellipsis={narrow} data-testid="current-user">
            {narrow ? me.displayName : `${me.displayName} · ${me.unitName}`}
          </Typography.Text>
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} title={t('app.lang')}>
            {narrow ? (lang === 'zh' ? 'EN' : '中') : t('app.lang')}
          </Button>
          <Button
            size="small"
            title={t('nav.logout')}
            aria-label={t('nav.logout')}
            icon={narrow ? <LogoutOutlined /> : undefined}
            onClick={async () => {
              await logout();
              navigate('/login');
            }}
          >
            {narrow ? null : t('nav.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <NavContext.Provider value={visible}>
          <Suspense fallback={<Loading />}>
            <Routes>
              {PAGES.map((p) => (
                <Route key={p.path} path={p.path} element={may(p.rule) ? <p.component /> : <Result status="403" title={t('common.forbidden')} />} />
              ))}
              <Route path="*" element={<Result status="404" title={t('common.notFound')} />} />
            </Routes>
          </Suspense>
        </NavContext.Provider>
      </Layout.Content>
    </Layout>
  );
}

function Localised() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#c41d1d' } }}>
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {PUBLIC_PAGES.map((p) => (
                <Route key={p.path} path={p.path} element={<p.component />} />
              ))}
              <Route path="/*" element={<Workbench />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export default function App() {
  return (
    <I18nProvider catalogues={CATALOGUES}>
      <SessionProvider>
        <Localised />
      </SessionProvider>
    </I18nProvider>
  );
}
