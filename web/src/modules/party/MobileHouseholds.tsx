/**
 * /m/party's 我的包户 card: the households I look after, each with its latest visit and check; log a visit
 * with photos from the phone (a problem found becomes a ticket, the photos its own: its number is shown) and a waste-sorting check (a good one pays the
 * household's account).
 */
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must } from '../../shared/api.ts';
import PhotoPicker from '../../shared/PhotoPicker.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Mode = { id: number; kind: 'visit' | 'check' } | null;

export function MobileHouseholds() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const mine = useLoad(() => must(api.GET('/api/party/households/mine')), []);
  const [mode, setMode] = useState<Mode>(null);
  const [withProblem, setWithProblem] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [last, setLast] = useState<string | null>(null);
  const [photos, setPhotos] = useState<number[]>([]);
  const [uploading, setUploading] = useState(false);
  const d = mine.data;
  if (mine.error) return <Alert type="warning" showIcon title={mine.error} style={{ marginTop: 8 }} />;
  if (!d || d.member === null) return null;
  const close = () => {
    setMode(null);
    setWithProblem(false);
    setPhotos([]);
    setKey(crypto.randomUUID());
    mine.reload();
  };
  const visit = async (id: number, v: { notes: string; problem?: string }) => {
    try {
      const r = await must(
        api.POST('/api/party/households/{id}/visits', {
          params: { path: { id }, header: { 'idempotency-key': key } },
          body: { notes: v.notes, photoIds: photos, ...(withProblem && v.problem ? { problem: { content: v.problem } } : {}) },
        }),
      );
      setLast(r.ticketNumber ? t('hh.m.reported', { number: r.ticketNumber }) : t('hh.m.visited'));
      message.success(t('hh.saved'));
      close();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const check = async (id: number, v: { result: 'good' | 'poor'; note?: string }) => {
    try {
      const r = await must(
        api.POST('/api/party/households/{id}/checks', { params: { path: { id } }, body: { result: v.result, ...(v.note ? { note: v.note } : {}) } }),
      );
      setLast(r.points > 0 ? t('hh.m.points', { n: r.points }) : (r.noPoints ?? t('hh.m.checked')));
      message.success(t('hh.saved'));
      close();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card size="small" title={t('hh.m.title', { n: d.households.length })} style={{ marginTop: 8 }} data-testid="m-hh">
      {last && <Alert type="success" showIcon title={last} style={{ marginBottom: 8 }} data-testid="m-hh-last" closable onClose={() => setLast(null)} />}
      <List
        size="small"
        dataSource={d.households}
        locale={{ emptyText: t('hh.m.none') }}
        renderItem={(h) => (
          <List.Item data-testid={`m-hh-${h.id}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <span>
                <b>
                  {h.buildingName} {h.room}
                </b>{' '}
                {h.leadsBuilding && <Tag color="red">{t('hh.modelHousehold')}</Tag>}
              </span>
              <Typography.Text type="secondary">
                {t('hh.lastVisit')}：{h.lastVisitOn ?? '—'} · {t('hh.lastCheck')}：{h.lastCheckOn ?? '—'}
                {h.lastCheckResult ? ` ${t(`hh.result.${h.lastCheckResult}`)}` : ''}
              </Typography.Text>
              {mode?.id !== h.id && (
                <Space>
                  <Button size="small" type="primary" onClick={() => setMode({ id: h.id, kind: 'visit' })} data-testid={`m-hh-visit-${h.id}`}>
                    {t('hh.m.visit')}
                  </Button>
                  <Button size="small" onClick={() => setMode({ id: h.id, kind: 'check' })} data-testid={`m-hh-check-${h.id}`}>
                    {t('hh.m.check')}
                  </Button>
                </Space>
              )}
              {mode?.id === h.id && mode.kind === 'visit' && (
                <Form layout="vertical" onFinish={(v: { notes: string; problem?: string }) => void visit(h.id, v)}>
                  <Form.Item name="notes" label={t('hh.notes')} rules={[{ required: true, whitespace: true }]}>
                    <Input.TextArea rows={2} data-testid="m-hh-notes" />
                  </Form.Item>
                  <Checkbox checked={withProblem} onChange={(e) => setWithProblem(e.target.checked)} data-testid="m-hh-has-problem">
                    {t('hh.m.hasProblem')}
                  </Checkbox>
                  {withProblem && (
                    <Form.Item name="problem" label={t('hh.problem')} rules={[{ required: true, min: 2, whitespace: true }]} style={{ marginTop: 8 }}>
                      <Input.TextArea rows={2} data-testid="m-hh-problem" />
                    </Form.Item>
                  )}
                  <Form.Item label={t('hh.photos')} style={{ marginTop: 8, marginBottom: 0 }}>
                    <PhotoPicker max={9} onChange={setPhotos} onBusy={setUploading} onError={(e) => message.error(e)} data-testid="m-hh-photos" />
                  </Form.Item>
                  <Space style={{ marginTop: 8 }}>
                    <Button htmlType="submit" type="primary" disabled={uploading} data-testid="m-hh-visit-ok">
                      {t('hh.m.save')}
                    </Button>
                    <Button onClick={() => setMode(null)}>{t('hh.m.cancel')}</Button>
                  </Space>
                </Form>
              )}
              {mode?.id === h.id && mode.kind === 'check' && (
                <Form layout="vertical" initialValues={{ result: 'good' }} onFinish={(v: { result: 'good' | 'poor'; note?: string }) => void check(h.id, v)}>
                  <Form.Item name="result" label={t('hh.result')}>
                    <Radio.Group data-testid="m-hh-result">
                      <Radio value="good">{t('hh.result.good')}</Radio>
                      <Radio value="poor">{t('hh.result.poor')}</Radio>
                    </Radio.Group>
                  </Form.Item>
                  <Form.Item name="note" label={t('hh.note')}>
                    <Input />
                  </Form.Item>
                  <Space>
                    <Button htmlType="submit" type="primary" data-testid="m-hh-check-ok">
                      {t('hh.m.save')}
                    </Button>
                    <Button onClick={() => setMode(null)}>{t('hh.m.cancel')}</Button>
                  </Space>
                </Form>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
