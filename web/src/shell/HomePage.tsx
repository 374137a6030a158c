/** Landing page after sign-in: who you are and where your work is. */
import { Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from './i18n.tsx';
import { useNav } from './nav.tsx';
import { useSession } from './session.tsx';

export default function HomePage() {
  const { me } = useSession();
  const { t } = useI18n();
  const pages = useNav().filter((p) => p.path !== '/');
  if (me === null) return null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('home.welcome', { name: me.displayName })}</Typography.Title>
      <Typography.Text type="secondary">{t('home.unit', { unit: me.unitName })}</Typography.Text>
      <Space wrap>
        {pages.map((p) => (
          <Link key={p.path} to={p.path}>
            <Card hoverable style={{ width: 200 }}>
              {t(p.title)}
            </Card>
          </Link>
        ))}
      </Space>
    </Space>
  );
}
