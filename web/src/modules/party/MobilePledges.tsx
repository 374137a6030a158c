/**
 * /m/party's 我的承诺 card: this year's pledges with their state and the branch's answer; write one (save a
 * draft or submit at once), submit a draft, edit and resubmit a returned one; record fulfilment (践诺) of an
 * approved one with its entries and their review; the member's pioneer posts (先锋岗).
 */
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import PhotoPicker from '../../shared/PhotoPicker.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Pledge = paths['/api/party/pledges/mine']['get']['responses'][200]['content']['application/json']['pledges'][number];

export const PLEDGE_CATEGORIES = ['serve_public', 'post_merit', 'volunteer', 'waste_sorting', 'study', 'other'] as const;
export const STATE_COLOURS: Record<string, string> = { draft: 'default', submitted: 'processing', approved: 'success', returned: 'warning' };
const todayLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface WriteValues {
  category: (typeof PLEDGE_CATEGORIES)[number];
  text: string;
  public: boolean;
}

export function MobilePledges() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const mine = useLoad(() => must(api.GET('/api/party/pledges/mine')), []);
  const [writing, setWriting] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [fulfilling, setFulfilling] = useState<number | null>(null);
  const [photos, setPhotos] = useState<number[]>([]);
  const [uploading, setUploading] = useState(false);
  /** Which of the form's two buttons was pressed: submit at once, or keep a draft. */
  const submitNow = useRef(true);
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      message.success(t('pledge.done'));
      mine.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const d = mine.data;
  if (mine.error) return <Alert type="warning" showIcon title={mine.error} style={{ marginTop: 8 }} />;
  if (!d) return null;

  const writeForm = (initial: WriteValues, onDone: (v: WriteValues, submit: boolean) => Promise<void>) => {
    return (
      <Form<WriteValues> layout="vertical" initialValues={initial} onFinish={(v) => void onDone(v, submitNow.current)} data-testid="m-pledge-form">
        <Form.Item name="category" label={t('pledge.category')} rules={[{ required: true }]}>
          <Select data-testid="m-pledge-category" options={PLEDGE_CATEGORIES.map((c) => ({ value: c, label: t(`pledge.category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="text" label={t('pledge.text')} rules={[{ required: true, min: 2, max: 500 }]}>
          <Input.TextArea rows={3} data-testid="m-pledge-text" />
        </Form.Item>
        <Form.Item name="public" label={t('pledge.public')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space style={{ width: '100%' }} direction="vertical">
          <Button htmlType="submit" type="primary" block data-testid="m-pledge-submit" onClick={() => (submitNow.current = true)}>
            {t('pledge.submit')}
          </Button>
          <Button htmlType="submit" block data-testid="m-pledge-draft" onClick={() => (submitNow.current = false)}>
            {t('pledge.saveDraft')}
          </Button>
        </Space>
      </Form>
    );
  };

  const entries = (p: Pledge) =>
    p.fulfilments.length > 0 && (
      <List
        size="small"
        header={<b>{t('pledge.entries')}</b>}
        dataSource={p.fulfilments}
        renderItem={(f) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <span>
                {f.doneOn} {f.text} {f.hours !== null && `· ${f.hours}h`} <Tag>{t(`pledge.entry.${f.state}`)}</Tag>
              </span>
              {f.reviewComment && <Typography.Text type="secondary">{f.reviewComment}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    );

  return (
    <Card size="small" title={`${t('pledge.mine')} · ${t('pledge.year', { year: d.year })}`} style={{ marginTop: 8 }} data-testid="m-pledges">
      <List
        size="small"
        dataSource={d.pledges}
        locale={{ emptyText: t('pledge.none') }}
        data-testid="m-pledge-list"
        renderItem={(p) => (
          <List.Item data-testid={`m-pledge-${p.id}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <span>
                <Tag>{t(`pledge.category.${p.category}`)}</Tag>
                <Tag color={STATE_COLOURS[p.state]} data-testid={`m-pledge-state-${p.id}`}>
                  {t(`pledge.state.${p.state}`)}
                </Tag>
                {p.assessment && <Tag color="gold">{t(`pledge.assessment.${p.assessment}`)}</Tag>}
              </span>
              <Typography.Text>{p.text}</Typography.Text>
              {p.state === 'returned' && p.returnReason && <Typography.Text type="warning">{t('pledge.returned', { reason: p.returnReason })}</Typography.Text>}
              {p.state === 'approved' && (
                <Typography.Text type="secondary" data-testid={`m-pledge-counts-${p.id}`}>
                  {t('pledge.counts', { accepted: p.accepted, hours: p.acceptedHours })}
                </Typography.Text>
              )}
              {entries(p)}
              {p.actions.includes('submit') && editing !== p.id && (
                <Space>
                  {p.state === 'draft' && (
                    <Button
                      size="small"
                      type="primary"
                      data-testid={`m-pledge-send-${p.id}`}
                      onClick={() => void run(() => must(api.POST('/api/party/pledges/{id}/submit', { params: { path: { id: p.id } } })))}
                    >
                      {t('pledge.submit')}
                    </Button>
                  )}
                  <Button size="small" data-testid={`m-pledge-edit-${p.id}`} onClick={() => setEditing(p.id)}>
                    {p.state === 'returned' ? t('pledge.resubmit') : t('pledge.write')}
                  </Button>
                </Space>
              )}
              {editing === p.id &&
                writeForm({ category: p.category, text: p.text, public: p.public }, async (v, submit) => {
                  const ok = await run(async () => {
                    await must(api.PATCH('/api/party/pledges/{id}', { params: { path: { id: p.id } }, body: v }));
                    if (submit) await must(api.POST('/api/party/pledges/{id}/submit', { params: { path: { id: p.id } } }));
                  });
                  if (ok) setEditing(null);
                })}
              {p.actions.includes('fulfil') && fulfilling !== p.id && (
                <Button
                  size="small"
                  type="primary"
                  data-testid={`m-pledge-fulfil-${p.id}`}
                  onClick={() => {
                    setPhotos([]);
                    setFulfilling(p.id);
                  }}
                >
                  {t('pledge.fulfil')}
                </Button>
              )}
              {fulfilling === p.id && (
                <Form
                  layout="vertical"
                  initialValues={{ doneOn: todayLocal(), hours: 1 }}
                  onFinish={(v: { doneOn: string; text: string; hours: number | null; link?: string }) =>
                    void run(async () => {
                      await must(
                        api.POST('/api/party/pledges/{id}/fulfilments', {
                          params: { path: { id: p.id } },
                          body: { doneOn: v.doneOn, text: v.text, hours: v.hours ?? null, links: v.link ? [v.link] : [], photoIds: photos },
                        }),
                      );
                      setFulfilling(null);
                    })
                  }
                >
                  <Form.Item name="doneOn" label={t('pledge.doneOn')} rules={[{ required: true }]}>
                    <Input type="date" />
                  </Form.Item>
                  <Form.Item name="text" label={t('pledge.deed')} rules={[{ required: true, min: 2 }]}>
                    <Input.TextArea rows={2} data-testid="m-pledge-deed" />
                  </Form.Item>
                  <Form.Item name="hours" label={t('pledge.hours')}>
                    <InputNumber min={0.5} max={24} step={0.5} />
                  </Form.Item>
                  <Form.Item name="link" label={t('pledge.link')} rules={[{ type: 'url' }]}>
                    <Input placeholder="https://" />
                  </Form.Item>
                  <Form.Item label={t('pledge.photos')}>
                    <PhotoPicker max={9} onChange={setPhotos} onBusy={setUploading} onError={(e) => message.error(e)} data-testid="m-pledge-photos" />
                  </Form.Item>
                  <Button htmlType="submit" type="primary" block disabled={uploading} data-testid="m-pledge-fulfil-ok">
                    {t('pledge.fulfil')}
                  </Button>
                </Form>
              )}
            </Space>
          </List.Item>
        )}
      />
      {writing ? (
        writeForm({ category: 'serve_public', text: '', public: true }, async (v, submit) => {
          const ok = await run(() => must(api.POST('/api/party/pledges', { body: { year: d.year, ...v, submit } })));
          if (ok) setWriting(false);
        })
      ) : (
        <Button block style={{ marginTop: 8 }} data-testid="m-pledge-new" onClick={() => setWriting(true)}>
          {t('pledge.write')}
        </Button>
      )}
      {d.posts.length > 0 && (
        <List
          size="small"
          header={<b>{t('pledge.posts')}</b>}
          dataSource={d.posts}
          data-testid="m-pledge-posts"
          renderItem={(x) => (
            <List.Item>
              <span>
                <Tag color={x.held ? 'red' : 'default'}>{t(`pledge.postKind.${x.kind}`)}</Tag>
                {x.title} · {x.place} · {t('pledge.period', { from: x.from, until: x.until ?? t('pledge.openEnded') })}
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
