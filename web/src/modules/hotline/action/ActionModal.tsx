/**
 * One workflow action in a modal: the form its route needs, sent with `If-Match` (the version the page
 * loaded). The server decides whether it is allowed; this only collects the input. A stale version
 * (someone else acted first) makes the page reload.
 *
 * The fields of each action are in ActionFields, their bodies and starting values in action-bodies.ts,
 * the look-ups (catalogue suggestion, knowledge articles) in use-action-lookups.ts.
 */
import { Alert, Button, Form, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../../shared/api.ts';
import { labelOf } from '../../../shared/format.ts';
import type { Unit } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import type { TicketDetails } from '../ticket-types.ts';
import { actionBody, actionDefaults, type ActionValues } from './action-bodies.ts';
import ActionFields from './ActionFields.tsx';
import { postAction, type ActionResult, type ActionType } from './post-action.ts';
import { useKnowledgeArticles, useRoutingSuggestion } from './use-action-lookups.ts';

export interface ActionModalProps {
  ticket: TicketDetails;
  action: { type: ActionType; label: string } | null;
  units: readonly Unit[];
  onClose(): void;
  /** The action was recorded. */
  onDone(result: ActionResult): void;
  /** Someone changed the ticket meanwhile: reload it. */
  onStale(message: string): void;
}

export default function ActionModal({ ticket, action, units, onClose, onDone, onStale }: ActionModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [kbQuery, setKbQuery] = useState('');
  const type = action?.type;

  // The form of the opened action starts from its defaults.
  useEffect(() => {
    if (!type) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(actionDefaults(type, ticket));
  }, [type, ticket, form]);
  const suggestion = useRoutingSuggestion(type, ticket, form);
  const articles = useKnowledgeArticles(type, ticket, kbQuery);

  /** The id of the ticket a repeat is linked to, from its number (or its id). */
  const resolveTicketId = async (text: string): Promise<number> => {
    const s = text.trim();
    const r = await api.GET('/api/tickets', { params: { query: { q: s, limit: 5 } } });
    const hit = r.data?.items.find((i) => i.number === s);
    if (hit) return hit.id;
    if (/^\d{1,15}$/.test(s)) return Number(s);
    throw new Error(t('ticket.action.originalNotFound', { number: s }));
  };

  const submit = async () => {
    if (!type) return;
    let values: ActionValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (type === 'linkRepeat') values.originalId = await resolveTicketId(String(values.original));
      const r = await postAction(ticket.id, type, ticket.version, actionBody(type, values) as never);
      if (r.error?.error.code === 'TICKET.STALE_VERSION' || r.error?.error.code === 'TICKET.CONCURRENT_UPDATE') {
        onStale(r.error.error.message);
        return;
      }
      if (r.error || !r.data) {
        setError(errorMessage(r.error ?? new Error(`HTTP ${r.status}`)));
        return;
      }
      onDone(r.data);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? labelOf(t, 'ticket.act', action.type) || action.label : ''}
      onCancel={busy ? undefined : onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space>
          <Button onClick={onClose} disabled={busy} data-testid="action-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="action-submit">
            {t('common.submit')}
          </Button>
        </Space>
      }
    >
      <div data-testid="action-modal" data-action={type}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {ticket.number} · {labelOf(t, 'ticket.state', ticket.state)}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" /> : null}
        <Form form={form} layout="vertical" disabled={busy} onFinish={() => void submit()}>
          <ActionFields type={type} ticket={ticket} units={units} suggestion={suggestion} articles={articles} onArticleSearch={setKbQuery} />
        </Form>
      </div>
    </Modal>
  );
}
