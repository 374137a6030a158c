/**
 * The callback (回访) questions asked of the requester: did the unit contact you, was it solved, how
 * satisfied are you — or why the call did not count (unreachable, refused …). Sends the `callback`
 * action with the version the agent saw.
 */
import { Button, Form, Input, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../shared/api.ts';
import { useI18n, type MessageKey } from '../../../shell/i18n.tsx';
import { postAction } from '../action/post-action.ts';
import { INVALID_CALLBACK_REASONS, SATISFACTIONS } from '../ticket-types.ts';

interface Values {
  valid: boolean;
  contacted?: boolean;
  resolved?: boolean;
  satisfaction?: (typeof SATISFACTIONS)[number];
  reason?: (typeof INVALID_CALLBACK_REASONS)[number];
  note?: string;
}

export interface CallbackFormProps {
  ticketId: number;
  version: number;
  /** Recorded: the new state. */
  onDone(state: string): void;
  /** Someone else changed the ticket meanwhile. */
  onStale(): void;
  onError(message: string): void;
}

export default function CallbackForm({ ticketId, version, onDone, onStale, onError }: CallbackFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const valid = Form.useWatch('valid', form) ?? true;

  useEffect(() => {
    form.resetFields();
  }, [ticketId, form]);

  const yesNo = (name: 'contacted' | 'resolved', label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: label }]}>
      <Radio.Group optionType="button" buttonStyle="solid" data-testid={`callback-${name}`}>
        <Radio.Button value={true} data-testid={`callback-${name}-yes`}>
          {t('work.yes')}
        </Radio.Button>
        <Radio.Button value={false} data-testid={`callback-${name}-no`}>
          {t('work.no')}
        </Radio.Button>
      </Radio.Group>
    </Form.Item>
  );

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const note = (v.note ?? '').trim();
      const body = v.valid
        ? { valid: true as const, contacted: v.contacted!, resolved: v.resolved!, satisfaction: v.satisfaction!, note }
        : { valid: false as const, reason: v.reason!, note };
      const r = await postAction(ticketId, 'callback', version, body);
      if (r.error?.error.code === 'TICKET.STALE_VERSION' || r.error?.error.code === 'TICKET.CONCURRENT_UPDATE') onStale();
      else if (r.error || !r.data) onError(errorMessage(r.error ?? new Error(`HTTP ${r.status}`)));
      else onDone(r.data.state);
    } catch (e) {
      onError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" disabled={busy} initialValues={{ valid: true }} onFinish={(v) => void submit(v)} data-testid="callback-form">
      <Form.Item name="valid" label={t('work.callback.valid')}>
        <Radio.Group optionType="button" buttonStyle="solid">
          <Radio.Button value={true} data-testid="callback-valid-yes">
            {t('work.callback.validYes')}
          </Radio.Button>
          <Radio.Button value={false} data-testid="callback-valid-no">
            {t('work.callback.validNo')}
          </Radio.Button>
        </Radio.Group>
      </Form.Item>
      {valid ? (
        <>
          {yesNo('contacted', t('work.callback.contacted'))}
          {yesNo('resolved', t('work.callback.resolved'))}
          <Form.Item name="satisfaction" label={t('work.callback.satisfaction')} rules={[{ required: true, message: t('work.callback.satisfaction') }]}>
            <Radio.Group optionType="button" buttonStyle="solid">
              {SATISFACTIONS.map((s) => (
                <Radio.Button key={s} value={s} data-testid={`callback-satisfaction-${s}`}>
                  {t(`work.satisfaction.${s}` as MessageKey)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </>
      ) : (
        <Form.Item name="reason" label={t('work.callback.invalidReason')} rules={[{ required: true, message: t('work.callback.invalidReason') }]}>
          <Select
            style={{ maxWidth: 280 }}
            options={INVALID_CALLBACK_REASONS.map((r) => ({ value: r, label: t(`work.invalidReason.${r}` as MessageKey) }))}
            data-testid="callback-invalid-reason"
          />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('work.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} data-testid="callback-note" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="callback-submit">
          {t('work.callback.submit')}
        </Button>
      </Space>
    </Form>
  );
}
