/**
 * The frame of the phone pages of volunteers, residents and street workers (/m/activities, /m/check-in,
 * /m/hours, /m/points, /m/points/conduct, /m/orders): a narrow column, the title and links between the pages the
 * user may open; without a session it sends the user to sign in and back to the same address (the
 * check-in link keeps its code). `rule` is the page's policy rule, or rules of which the user needs one
 * (default: the volunteer's).
 */
import { Card, Result, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

export default function MobileShell({
  title,
  children,
  rule = 'activities.volunteer',
  denied,
}: {
  title: string;
  children: ReactNode;
  rule?: string | readonly string[];
  /** What a user without the rule is told (default: to sign in as a volunteer). */
  denied?: string;
}) {
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
        <Space wrap>
          {may('activities.volunteer') && <Link to="/m/activities">{t('m.act.title')}</Link>}
          {may('activities.volunteer') && <Link to="/m/hours">{t('m.act.myHours')}</Link>}
          {may('points.myAccount') && <Link to="/m/points">{t('m.points.nav')}</Link>}
          {may('points.awardConduct') && <Link to="/m/points/conduct">{t('m.conduct.nav')}</Link>}
          {(may('volunteers.order') || may('volunteers.serveOrders')) && <Link to="/m/orders">{t('orders.m.title')}</Link>}
        </Space>
      </Space>
      {(typeof rule === 'string' ? [rule] : rule).some((r) => may(r)) ? (
        children
      ) : (
        <Card>
          <Result status="403" title={denied ?? t('m.act.needVolunteer')} />
        </Card>
      )}
    </div>
  );
}
