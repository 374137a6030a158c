/**
 * 查询进度: the requester enters the ticket number and the query code (or picks a request sent from
 * this phone) and sees the state, the public timeline and the reply deadline; once the unit has
 * replied they rate it: contacted? resolved? satisfied? and a comment.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import type { paths } from '../../api-types';
import { api, errorMessage, must } from '../../shared/api.ts';
import { useI18n, type MessageKey } from '../../shell/i18n.tsx';
import { recentRequests } from './recent.ts';

type View = paths['/api/public/requests/{number}']['get']['responses'][200]['content']['application/json'];
type RatingBody = paths['/api/public/requests/{number}/rating']['post']['requestBody']['content']['application/json'];

const STATE_COLOR: Record<string, string> = {
  accepted: 'blue',
  dispatched: 'blue',
  objection_review: 'orange',
  signed: 'cyan',
  handling: 'cyan',
  deferred: 'orange',
  replied: 'gold',
  callback_done: 'purple',
  closed: 'green',
};

const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
/** A deadline at midnight is the end of the day before (24:00), as deadlines are read. */
const fmtDue = (iso: string) => {
  const d = dayjs(iso);
  return d.hour() === 0 && d.minute() === 0 ? `${d.subtract(1, 'day').format('YYYY-MM-DD')} 24:00` : d.format('YYYY-MM-DD HH:mm');
};

interface Query {
  number: string;
  code: string;
}

function RatingForm({ query, onDone }: { query: Query; onDone: (closed: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ contacted?: boolean; resolved?: boolean; satisfaction?: RatingBody['satisfaction']; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const yesNo = [
    { value: true, label: t('public.rate.yes') },
    { value: false, label: t('public.rate.no') },
  ];
  const big = { display: 'flex', width: '100%' } as const;
  const item = { flex: 1, textAlign: 'center', height: 48, lineHeight: '46px', fontSize: 16 } as const;
  return (
    <Card title={t('public.rate.title')} data-testid="rating-form" styles={{ header: { background: '#fffbe6' } }}>
      <Typography.Paragraph type="secondary">{t('public.rate.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        size="large"
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            const body: RatingBody = {
              contacted: v.contacted!,
              resolved: v.resolved!,
              satisfaction: v.satisfaction!,
              ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
            };
            const r = await must(
              api.POST('/api/public/requests/{number}/rating', { params: { path: { number: query.number }, query: { code: query.code } }, body }),
            );
            onDone(r.closed);
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {(['contacted', 'resolved'] as const).map((q) => (
          <Form.Item key={q} name={q} label={t(`public.rate.${q}`)} rules={[{ required: true, message: t('public.rate.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" style={big} data-testid={`rate-${q}`}>
              {yesNo.map((o) => (
                <Radio.Button key={String(o.value)} value={o.value} style={item}>
                  <span data-testid={`rate-${q}-${o.value ? 'yes' : 'no'}`}>{o.label}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        ))}
        <Form.Item name="satisfaction" label={t('public.rate.satisfaction')} rules={[{ required: true, message: t('public.rate.required') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" style={big} data-testid="rate-satisfaction">
            {(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((s) => (
              <Radio.Button key={s} value={s} style={{ ...item, fontSize: 15, paddingInline: 4 }}>
                <span data-testid={`rate-${s}`}>{t(`public.satisfaction.${s}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="comment" label={t('public.rate.comment')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('public.rate.commentPlaceholder')} data-testid="rate-comment" />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} style={{ height: 52, fontSize: 18 }} data-testid="rate-submit">
          {t('public.rate.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Progress({ view, query, onChanged }: { view: View; query: Query; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const tk = (key: string, vars?: Record<string, string | number>) => t(key as MessageKey, vars);
  const label = (i: View['timeline'][number]) => {
    if (i.type === 'closed' && view.outcome) return tk(`public.outcome.${view.outcome}`);
    return tk(`public.timeline.${i.type}`, { unit: i.unit ?? t('public.timeline.someUnit'), days: i.text ?? '' });
  };
  const items = [...view.timeline].reverse().map((i, n) => ({
    key: `${i.type}-${i.at}-${n}`,
    color: n === 0 ? (view.closed ? 'green' : 'blue') : 'gray',
    content: (
      <div data-testid={`timeline-${i.type}`}>
        <Typography.Text strong={n === 0}>{label(i)}</Typography.Text>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {fmt(i.at)}
          </Typography.Text>
        </div>
        {i.text && i.type !== 'extended' ? (
          <div style={{ marginTop: 6, padding: '8px 12px', background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 6, whiteSpace: 'pre-wrap' }}>
            {i.type === 'replied' ? <Typography.Text type="secondary">{t('public.timeline.replyText')}</Typography.Text> : null}
            {i.text}
          </div>
        ) : null}
      </div>
    ),
  }));
  const yn = (b: boolean) => (b ? t('public.rate.yes') : t('public.rate.no'));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="track-result">
      <Card
        title={
          <Space wrap>
            <span style={{ fontFamily: 'monospace' }}>{view.number}</span>
            <Tag color={STATE_COLOR[view.state] ?? 'default'} style={{ fontSize: 14, padding: '2px 8px' }} data-testid="track-state">
              {tk(`public.state.${view.state}`)}
            </Tag>
          </Space>
        }
        extra={<Button type="text" icon={<ReloadOutlined />} aria-label={t('public.track.refresh')} onClick={onChanged} />}
      >
        <Descriptions column={1} size="small" styles={{ label: { width: 88 } }}>
          <Descriptions.Item label={t('public.track.category')}>
            {view.category ? (lang === 'en' ? view.category.nameEn || view.category.name : view.category.name) : t('public.track.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('public.track.place')}>{view.place ?? t('public.track.none')}</Descriptions.Item>
          <Descriptions.Item label={t('public.track.unit')}>{view.leadUnit ?? t('public.track.none')}</Descriptions.Item>
          <Descriptions.Item label={t('public.track.acceptedAt')}>{fmt(view.acceptedAt)}</Descriptions.Item>
          {view.replyDueAt ? (
            <Descriptions.Item label={t('public.track.replyDue')}>
              <span data-testid="track-reply-due">{fmtDue(view.replyDueAt)}</span>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('public.track.replyDueHint')}
                </Typography.Text>
              </div>
            </Descriptions.Item>
          ) : null}
          {view.rating ? (
            <Descriptions.Item label={t('public.rate.yours')}>
              <span data-testid="track-rating">
                {t('public.rate.summary', {
                  contacted: yn(view.rating.contacted),
                  resolved: yn(view.rating.resolved),
                  satisfaction: tk(`public.satisfaction.${view.rating.satisfaction}`),
                })}
              </span>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {view.mayRate ? (
        <RatingForm
          query={query}
          onDone={(closed) => {
            void message.success(closed ? t('public.rate.thanks') : t('public.rate.thanksRedo'));
            onChanged();
          }}
        />
      ) : null}
      <Card title={t('public.track.progress')}>
        <Timeline items={items} />
      </Card>
    </Space>
  );
}

export default function TrackRequest() {
  const { t } = useI18n();
  const location = useLocation();
  const initial = (location.state as Partial<Query> | null) ?? null;
  const [form] = Form.useForm<Query>();
  const [query, setQuery] = useState<Query | null>(null);
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const recent = recentRequests();

  const load = useCallback(
    async (q: Query) => {
      setBusy(true);
      setError(null);
      try {
        const r = await api.GET('/api/public/requests/{number}', { params: { path: { number: q.number }, query: { code: q.code } } });
        if (r.data !== undefined) {
          setQuery(q);
          setView(r.data);
          return;
        }
        setView(null);
        const status = r.response.status;
        setError(
          status === 404
            ? t('public.track.notFound')
            : status === 429
              ? t('public.track.tooMany')
              : t('public.track.failed', { message: errorMessage(r.error) }),
        );
      } catch (e) {
        setView(null);
        setError(t('public.track.failed', { message: errorMessage(e) }));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  useEffect(() => {
    if (initial?.number && initial.code) {
      form.setFieldsValue({ number: initial.number, code: initial.code });
      void load({ number: initial.number, code: initial.code });
    }
    // Only on arrival from the submission page.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, with the values the page arrived with
  }, []);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Form<Query> form={form} layout="vertical" size="large" onFinish={(v) => void load({ number: v.number.trim().toUpperCase(), code: v.code.trim() })}>
          <Form.Item
            name="number"
            label={t('public.track.number')}
            rules={[{ required: true, whitespace: true, message: t('public.track.numberPlaceholder') }]}
          >
            <Input autoCapitalize="characters" autoComplete="off" maxLength={24} placeholder={t('public.track.numberPlaceholder')} data-testid="track-number" />
          </Form.Item>
          <Form.Item name="code" label={t('public.track.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('public.track.codeInvalid') }]}>
            <Input inputMode="numeric" autoComplete="off" maxLength={6} placeholder={t('public.track.codePlaceholder')} data-testid="track-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} style={{ height: 52, fontSize: 18 }} data-testid="track-submit">
            {t('public.track.submit')}
          </Button>
        </Form>
        {recent.length > 0 ? (
          <div style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">{t('public.track.recent')}</Typography.Text>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
              {recent.map((r) => (
                <Button
                  key={r.number}
                  onClick={() => {
                    form.setFieldsValue({ number: r.number, code: r.code });
                    void load({ number: r.number, code: r.code });
                  }}
                  data-testid={`recent-${r.number}`}
                >
                  {r.number}
                </Button>
              ))}
            </div>
          </div>
        ) : null}
      </Card>
      {error ? <Alert type="error" showIcon title={error} data-testid="track-error" /> : null}
      {view && query ? <Progress view={view} query={query} onChanged={() => void load(query)} /> : null}
    </Space>
  );
}
