/**
 * The requester's personal data, masked by default. Those who may (handling staff of the assigned
 * units, the centre) reveal it by giving a reason; the server records every reveal (DOMAIN-RULES §13).
 */
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Space, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { useI18n } from '../../../shell/i18n.tsx';

export interface Revealed {
  name: string;
  phone: string;
  address: string;
}

interface Props {
  ticketId: number;
  masked: { name: string; phone: string };
  mayReveal: boolean;
  revealed: Revealed | null;
  onRevealed(r: Revealed): void;
}

export default function RevealRequester({ ticketId, masked, mayReveal, revealed, onRevealed }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const name = revealed?.name ?? masked.name;
  const phone = revealed?.phone ?? masked.phone;

  const submit = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await must(api.POST('/api/tickets/{id}/reveal', { params: { path: { id: ticketId } }, body: { reason: v.reason.trim() } }));
      onRevealed(r);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap>
      <span data-testid="requester-name">{name || t('ticket.none')}</span>
      <span data-testid="requester-phone">{phone || t('ticket.none')}</span>
      {revealed ? (
        <Tag color="orange" data-testid="requester-revealed">
          {t('ticket.reveal.shown')}
        </Tag>
      ) : mayReveal ? (
        <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal-open">
          {t('ticket.reveal.button')}
        </Button>
      ) : (
        <Tag>{t('ticket.reveal.masked')}</Tag>
      )}
      <Modal
        open={open}
        title={t('ticket.reveal.title')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText={t('ticket.reveal.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('ticket.reveal.warning')} style={{ marginBottom: 12 }} />
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={() => void submit()}>
          <Form.Item
            name="reason"
            label={t('ticket.reveal.reason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('ticket.reveal.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
