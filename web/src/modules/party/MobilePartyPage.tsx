/**
 * /m/party: a member on the phone — my branch (and the community it reports in to), my posts, my record
 * (mine, in clear); for a branch secretary the branch's members, masked.
 */
import { Alert, Card, Descriptions, List, Result, Tag, Typography } from 'antd';
import { api, must } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { MobileShell } from '../activities/index.ts';
import { MobileHouseholds } from './MobileHouseholds.tsx';
import { MobilePledges } from './MobilePledges.tsx';
import { MobileMeetings } from './MobileMeetings.tsx';
import { MobileReportIn } from './MobileReportIn.tsx';

export default function MobilePartyPage() {
  const { t } = useI18n();
  const me = useLoad(() => must(api.GET('/api/party/me')), []);
  const notMember = me.error?.includes('PARTY.NOT_A_MEMBER') ?? false;
  const d = me.data;
  return (
    <MobileShell title={t('m.party.title')} rule="party.self" denied={t('m.party.needMember')}>
      {notMember ? (
        <Card>
          <Result status="info" title={t('m.party.notMember')} />
        </Card>
      ) : (
        me.error && <Alert type="error" showIcon title={me.error} />
      )}
      {d && (
        <>
          <Card size="small" title={t('m.party.branch')} data-testid="m-party-branch">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {d.organisation.name}
            </Typography.Title>
            {d.organisation.pairedCommunityName && (
              <Typography.Text type="secondary">{t('m.party.pairedWith', { name: d.organisation.pairedCommunityName })}</Typography.Text>
            )}
            <div style={{ marginTop: 8 }} data-testid="m-party-posts">
              {t('m.party.myPosts')}：{d.member.postLabels.length === 0 ? t('m.party.noPosts') : d.member.postLabels.map((p) => <Tag key={p}>{p}</Tag>)}
            </div>
          </Card>
          <Card size="small" title={t('m.party.me')} style={{ marginTop: 8 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('party.realName')}>{d.member.realName}</Descriptions.Item>
              <Descriptions.Item label={t('party.phone')}>{d.member.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('party.memberType')}>{t(`party.memberType.${d.member.memberType}`)}</Descriptions.Item>
              <Descriptions.Item label={t('party.joinedOn')}>{d.member.joinedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('party.home')}>{d.member.homeCommunityName ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <MobileReportIn />
          <MobileHouseholds />
          <MobilePledges />
          <MobileMeetings />
          {d.secretary && (
            <Card size="small" title={t('m.party.branchMembers', { n: d.branchMembers.length })} style={{ marginTop: 8 }}>
              <List
                size="small"
                data-testid="m-party-members"
                dataSource={d.branchMembers}
                renderItem={(m) => (
                  <List.Item>
                    <span>{m.realName}</span>
                    <span>{m.phone ?? '—'}</span>
                    <span>
                      {m.postLabels.map((p) => (
                        <Tag key={p}>{p}</Tag>
                      ))}
                    </span>
                  </List.Item>
                )}
              />
            </Card>
          )}
        </>
      )}
    </MobileShell>
  );
}
