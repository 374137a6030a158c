/**
 * /m/party's 双报到 card: report in to my home community, its open needs (claim one), my claims with the
 * service record (what, day, minutes, photos from the phone) and the community's answer.
 */
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import PhotoPicker from '../../shared/PhotoPicker.tsx';
import RecordPhotos from '../../shared/RecordPhotos.tsx';
import { servicePhotoUrl } from './photos.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

const todayLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function MobileReportIn() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const me = useLoad(() => must(api.GET('/api/party/reportin/me')), []);
  const [recording, setRecording] = useState<number | null>(null);
  const [photos, setPhotos] = useState<number[]>([]);
  const [uploading, setUploading] = useState(false);
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      message.success(t('ri.done'));
      me.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const d = me.data;
  if (me.error) return <Alert type="warning" showIcon title={me.error} style={{ marginTop: 8 }} />;
  if (!d) return null;
  return (
    <Card size="small" title={t('ri.mine')} style={{ marginTop: 8 }} data-testid="m-ri">
      {d.reportIn ? (
        <Typography.Text data-testid="m-ri-status">
          {t('ri.reportedTo', { name: d.reportIn.communityName })} · {d.reportIn.reportedOn}
        </Typography.Text>
      ) : (
        <Space direction="vertical">
          <Typography.Text type="secondary">{t('ri.notReported', { name: d.homeCommunityName ?? '—' })}</Typography.Text>
          <Button
            type="primary"
            block
            data-testid="m-ri-report"
            disabled={d.homeCommunityCode === null}
            onClick={() => void run(() => must(api.POST('/api/party/reportin/me')))}
          >
            {t('ri.reportIn')}
          </Button>
        </Space>
      )}
      {d.reportIn && (
        <List
          header={<b>{t('ri.openNeeds')}</b>}
          size="small"
          data-testid="m-ri-needs"
          dataSource={d.openNeeds}
          locale={{ emptyText: t('ri.noNeeds') }}
          renderItem={(n) => (
            <List.Item
              actions={[
                <Button
                  key="claim"
                  size="small"
                  type="primary"
                  data-testid={`m-ri-claim-${n.id}`}
                  disabled={d.claims.some((c) => c.needId === n.id && c.state !== 'cancelled')}
                  onClick={() => void run(() => must(api.POST('/api/party/reportin/needs/{id}/claims', { params: { path: { id: n.id } }, body: {} })))}
                >
                  {t('ri.claim')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={n.title} description={`${n.neededOn} ${n.timeText} ${n.place} · ${n.claimedCount}/${n.peopleWanted}`} />
            </List.Item>
          )}
        />
      )}
      <List
        header={<b>{t('ri.myClaims')}</b>}
        size="small"
        data-testid="m-ri-claims"
        dataSource={d.claims}
        locale={{ emptyText: '—' }}
        renderItem={(c) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <span>
                {c.needTitle} · {c.needOn} <Tag>{t(`ri.claim.${c.state}` as 'ri.claim.claimed')}</Tag>
              </span>
              {c.sentBackReason && c.state === 'claimed' && <Typography.Text type="warning">{t('ri.sentBack', { reason: c.sentBackReason })}</Typography.Text>}
              <RecordPhotos ids={c.photoIds} url={(p) => servicePhotoUrl(c.id, p)} data-testid={`m-ri-photos-${c.id}`} />
              {c.state === 'claimed' && recording !== c.id && c.kind === 'member' && (
                <Button
                  size="small"
                  data-testid={`m-ri-record-${c.id}`}
                  onClick={() => {
                    setPhotos([]);
                    setRecording(c.id);
                  }}
                >
                  {t('ri.record')}
                </Button>
              )}
              {recording === c.id && (
                <Form
                  layout="vertical"
                  initialValues={{ minutes: 60, servedOn: todayLocal() }}
                  onFinish={(v: { summary: string; minutes: number; servedOn: string }) =>
                    void run(async () => {
                      await must(api.POST('/api/party/reportin/claims/{id}/record', { params: { path: { id: c.id } }, body: { ...v, photoIds: photos } }));
                      setRecording(null);
                    })
                  }
                >
                  <Form.Item name="summary" label={t('ri.summary')} rules={[{ required: true, min: 2 }]}>
                    <Input.TextArea rows={2} data-testid="m-ri-summary" />
                  </Form.Item>
                  <Form.Item name="servedOn" label={t('ri.servedOn')} rules={[{ required: true }]}>
                    <Input type="date" />
                  </Form.Item>
                  <Form.Item name="minutes" label={t('ri.minutes')}>
                    <InputNumber min={1} max={1440} />
                  </Form.Item>
                  <Form.Item label={t('ri.photos')}>
                    <PhotoPicker
                      max={9 - c.photoIds.length}
                      onChange={setPhotos}
                      onBusy={setUploading}
                      onError={(e) => message.error(e)}
                      data-testid="m-ri-photos"
                    />
                  </Form.Item>
                  <Button htmlType="submit" type="primary" block disabled={uploading} data-testid="m-ri-record-ok">
                    {t('ri.record')}
                  </Button>
                </Form>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
