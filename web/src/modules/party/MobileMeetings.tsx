/** /m/party's 组织生活 card: my branch's upcoming meetings, and my attendance over the last year with my rate. */
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { api, must } from '../../shared/api.ts';
import { pct } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { KIND_COLOURS } from './meeting-kinds.ts';

const local = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const STATUS_COLOURS = { present: 'success', absent: 'error', excused: 'warning' } as const;

export function MobileMeetings() {
  const { t } = useI18n();
  const me = useLoad(() => must(api.GET('/api/party/meetings/me')), []);
  const d = me.data;
  if (me.error) return <Alert type="warning" showIcon title={me.error} style={{ marginTop: 8 }} />;
  if (!d) return null;
  return (
    <Card size="small" title={t('mt.mine')} style={{ marginTop: 8 }} data-testid="m-mt">
      <List
        header={<b>{t('mt.upcoming')}</b>}
        size="small"
        data-testid="m-mt-upcoming"
        dataSource={d.upcoming}
        locale={{ emptyText: t('mt.noUpcoming') }}
        renderItem={(m) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <span>
                <Tag color={KIND_COLOURS[m.kind]}>{t(`mt.kind.${m.kind}`)}</Tag>
                {m.title}
              </span>
              <Typography.Text type="secondary">
                {local(m.startsAt)} · {m.place}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <List
        header={
          <b>
            {t('mt.myAttendance')}
            {d.rate !== null && <span data-testid="m-mt-rate"> · {t('mt.myRate', { rate: pct(d.rate) })}</span>}
          </b>
        }
        size="small"
        data-testid="m-mt-attended"
        dataSource={d.attended.slice(0, 12)}
        locale={{ emptyText: '—' }}
        renderItem={(m) => (
          <List.Item>
            <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {m.heldOn} {t(`mt.kind.${m.kind}`)} · {m.title}
            </span>
            <Tag color={STATUS_COLOURS[m.status]}>
              {t(`mt.att.${m.status}`)}
              {m.reason ? `（${m.reason}）` : ''}
            </Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
