/**
 * /m/points/conduct: a street's handler, leader or grid worker confirms a household's good conduct
 * (waste sorted right, a Party member's household) on the phone at the door: the household's account
 * phone, the community (those of the worker's street), the rule, confirm. One check key per check, made
 * when the form is fresh and kept until it succeeds, so a double tap or a retry pays once (and says so);
 * the daily cap's cut and refusal are shown as such, not as errors.
 */
import { Alert, Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, must, type ApiError, type ApiJson } from '../../shared/api.ts';
import { useReference } from '../../shared/reference.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import { MobileShell } from '../activities/index.ts';

type Rule = ApiJson<'/api/points/rules'>['items'][number];
type Award = ApiJson<'/api/points/conduct-awards', 'post'>;

interface Values {
  holderUsername: string;
  communityCode: string;
  ruleCode: string;
  note?: string;
}

const newCheckKey = () => `c-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

type Outcome = { kind: 'award'; award: Award; holder: string } | { kind: 'capReached'; holder: string; message: string };

export default function MobileConductPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const ref = useReference();
  const [form] = Form.useForm<Values>();
  const [checkKey, setCheckKey] = useState(newCheckKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const rules = useLoad(async () => (await must(api.GET('/api/points/rules'))).items.filter((r) => r.kind === 'conduct'), [], { initial: [] as Rule[] });
  const ruleOptions = [...new Map(rules.data.map((r) => [r.code, r.name])).entries()].map(([value, label]) => ({ value, label }));
  const communities = useMemo(() => {
    const street = ref.units.find((u) => u.id === me?.unitId)?.divisionCode ?? null;
    return ref.divisions.filter((d) => d.level === 'community' && d.parentCode === street).map((d) => ({ value: d.code, label: d.name }));
  }, [ref.units, ref.divisions, me?.unitId]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const award = await must(
        api.POST('/api/points/conduct-awards', { body: { ...v, holderUsername: v.holderUsername.trim(), note: v.note ?? '', checkKey } }),
      );
      setOutcome({ kind: 'award', award, holder: v.holderUsername.trim() });
    } catch (e) {
      const code = (e as Partial<ApiError>)?.error?.code;
      if (code === 'POINTS.DAILY_CAP_REACHED') setOutcome({ kind: 'capReached', holder: v.holderUsername.trim(), message: errorMessage(e) });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const next = () => {
    setOutcome(null);
    setError(null);
    setCheckKey(newCheckKey());
    form.resetFields(['holderUsername', 'note']);
  };

  return (
    <MobileShell title={t('m.conduct.title')} rule="points.awardConduct" denied={t('m.conduct.needWorker')}>
      {outcome ? (
        <Card data-testid="conduct-outcome">
          {outcome.kind === 'award' ? (
            <Result
              status={outcome.award.replayed ? 'info' : outcome.award.capped ? 'warning' : 'success'}
              title={
                outcome.award.replayed
                  ? t('m.conduct.replayed', { points: outcome.award.points })
                  : outcome.award.capped
                    ? t('m.conduct.capped', { points: outcome.award.points })
                    : t('m.conduct.done', { points: outcome.award.points })
              }
              subTitle={t('m.conduct.balance', { holder: outcome.holder, balance: outcome.award.balance })}
              extra={
                <Button type="primary" size="large" block onClick={next}>
                  {t('m.conduct.next')}
                </Button>
              }
            />
          ) : (
            <Result
              status="warning"
              title={t('m.conduct.capReached')}
              subTitle={outcome.message}
              extra={
                <Button type="primary" size="large" block onClick={next}>
                  {t('m.conduct.next')}
                </Button>
              }
            />
          )}
        </Card>
      ) : (
        <Card>
          <Typography.Paragraph type="secondary">{t('points.conduct.hint')}</Typography.Paragraph>
          {communities.length === 0 && !ref.loading && <Alert type="warning" showIcon title={t('m.conduct.noStreet')} style={{ marginBottom: 12 }} />}
          <Form
            form={form}
            layout="vertical"
            size="large"
            onFinish={(v) => void submit(v)}
            onValuesChange={() => setError(null)}
            initialValues={{ ruleCode: 'conduct.waste_sorting' }}
          >
            <Form.Item
              name="holderUsername"
              label={t('points.conduct.holder')}
              rules={[{ required: true, pattern: /^\S{1,64}$/, message: t('m.conduct.phoneNeeded') }]}
            >
              <Input inputMode="tel" autoComplete="off" data-testid="conduct-phone" />
            </Form.Item>
            <Form.Item name="communityCode" label={t('points.conduct.community')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={communities} loading={ref.loading} data-testid="conduct-community" />
            </Form.Item>
            <Form.Item name="ruleCode" label={t('points.conduct.rule')} rules={[{ required: true }]}>
              <Select options={ruleOptions} loading={rules.loading} />
            </Form.Item>
            <Form.Item name="note" label={t('points.conduct.note')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="conduct-submit">
              {t('points.conduct.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </MobileShell>
  );
}
