/**
 * The frame of the volunteer's mobile pages (/m/activities, /m/check-in, /m/hours): a narrow column,
 * the title and links between the pages; without a session it sends the volunteer to sign in and back
 * to the same address (the check-in link keeps its code).
 */
import { Card, Result, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

export default function MobileShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const { me, loading, may } = useSession();
  const location = useLocation();
  if (loading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (me === null) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return (
    <div style={{ maxWidth: 520, margin: '0 auto', padding: 12 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Space>
          <Link to="/m/activities">{t('m.act.title')}</Link>
          <Link to="/m/hours">{t('m.act.myHours')}</Link>
        </Space>
      </Space>
      {may('activities.volunteer') ? (
        children
      ) : (
        <Card>
          <Result status="403" title={t('m.act.needVolunteer')} />
        </Card>
      )}
    </div>
  );
}
