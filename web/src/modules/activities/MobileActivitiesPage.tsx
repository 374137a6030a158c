/** /m/activities: published activities with their sessions; the volunteer signs up (or joins the waiting list) and leaves. */
import { Alert, App as AntApp, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { api, errorMessage, must } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { signupKey, typeKey, type Activity, type Session } from './common.ts';
import MobileShell from './MobileShell.tsx';

export default function MobileActivitiesPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { data, loading, error, reload } = useLoad(async () => (await must(api.GET('/api/activities'))).items, [], { initial: [] as Activity[] });
  const open = data.filter((a) => a.state === 'published' && a.sessions.some((s) => Date.parse(s.endsAt) > Date.now()));
  const signUp = async (s: Session) => {
    try {
      const r = await must(api.POST('/api/activities/sessions/{sessionId}/signups', { params: { path: { sessionId: s.id } } }));
      message.success(r.status === 'signed_up' ? t('m.act.signedUp') : t('m.act.waiting', { n: r.waitingAhead }));
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const leave = async (s: Session) => {
    try {
      await must(api.DELETE('/api/activities/sessions/{sessionId}/signups/me', { params: { path: { sessionId: s.id } } }));
      message.success(t('m.act.left'));
      await reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <MobileShell title={t('m.act.title')}>
      {error && <Alert type="error" title={error} />}
      {!loading && open.length === 0 && <Empty description={t('m.act.empty')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {open.map((a) => (
          <Card key={a.id} size="small" title={a.title} extra={<Tag>{t(typeKey(a.activityType))}</Tag>} data-testid={`m-activity-${a.id}`}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {a.venueName} {a.address} · {a.organiserName}
            </Typography.Paragraph>
            {a.description && <Typography.Paragraph ellipsis={{ rows: 3 }}>{a.description}</Typography.Paragraph>}
            <List
              size="small"
              dataSource={a.sessions.filter((s) => Date.parse(s.endsAt) > Date.now())}
              renderItem={(s) => {
                const mine = s.mine && s.mine.status !== 'cancelled' ? s.mine : null;
                const started = Date.parse(s.startsAt) <= Date.now();
                return (
                  <List.Item
                    actions={[
                      mine ? (
                        <Button key="leave" size="small" disabled={started} onClick={() => leave(s)}>
                          {t('m.act.leave')}
                        </Button>
                      ) : (
                        <Button key="join" type="primary" size="small" disabled={started} onClick={() => signUp(s)} data-testid={`m-signup-${s.id}`}>
                          {s.signedUp >= s.capacity ? t('m.act.full') : t('m.act.signUp')}
                        </Button>
                      ),
                    ]}
                  >
                    <Space direction="vertical" size={0}>
                      <span>
                        {formatTime(s.startsAt)} – {formatTime(s.endsAt).slice(11)}
                      </span>
                      <Typography.Text type="secondary">
                        {t('act.session.count', { signedUp: s.signedUp, capacity: s.capacity, waiting: s.waiting })}
                      </Typography.Text>
                      {mine && (
                        <Tag color={mine.status === 'signed_up' ? 'green' : 'orange'} data-testid={`m-status-${s.id}`}>
                          {t(signupKey(mine.status))}
                        </Tag>
                      )}
                    </Space>
                  </List.Item>
                );
              }}
            />
          </Card>
        ))}
      </Space>
    </MobileShell>
  );
}
