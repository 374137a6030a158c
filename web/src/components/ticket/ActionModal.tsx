/**
 * One workflow action in a modal: the form its route needs, sent with `If-Match` (the version the page
 * loaded). The server decides whether it is allowed; this only collects the input. A stale version
 * (someone else acted first) makes the page reload.
 */
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, errorMessage, type ApiError } from '../../api.ts';
import type { paths } from '../../api-types';
import { useI18n } from '../../i18n.tsx';
import {
  CONTACT_METHODS,
  handlingUnits,
  INVALID_CALLBACK_REASONS,
  labelOf,
  SATISFACTIONS,
  SPECIAL_ROUTES,
  type Knowledge,
  type RoutingSuggestion,
  type TicketDetails,
  type Unit,
} from './reference.ts';

type ActionPath = Extract<keyof paths, `/api/tickets/{id}/actions/${string}`>;
export type ActionType = ActionPath extends `/api/tickets/{id}/actions/${infer A}` ? A : never;
type BodyOf<A extends ActionType> = paths[`/api/tickets/{id}/actions/${A}`]['post']['requestBody']['content']['application/json'];
type ActionResult = paths['/api/tickets/{id}/actions/sign']['post']['responses'][200]['content']['application/json'];

/** Sends one action with the version the user saw. */
export async function postAction<A extends ActionType>(
  id: number,
  type: A,
  version: number,
  body: BodyOf<A>,
): Promise<{ data?: ActionResult; error?: ApiError; status: number }> {
  const post = api.POST as unknown as (
    path: string,
    init: { params: { path: { id: number }; header: { 'if-match': string } }; body: unknown },
  ) => Promise<{ data?: ActionResult; error?: ApiError; response: Response }>;
  const r = await post(`/api/tickets/{id}/actions/${type}`, { params: { path: { id }, header: { 'if-match': `"${version}"` } }, body });
  return { data: r.data, error: r.error, status: r.response.status };
}

// Form values are loose; each builder shapes the body its route expects.
type V = Record<string, any>;
const note = (v: V) => String(v.note ?? '').trim();
const BUILDERS: { [A in ActionType]: (v: V) => BodyOf<A> } = {
  answerDirectly: (v) => ({ answer: String(v.answer).trim(), articleId: v.articleId ?? null }),
  linkRepeat: (v) => ({ originalId: Number(v.originalId) }),
  closeSpecial: (v) => ({ route: v.route, note: note(v) }),
  dispatch: (v) => ({ leadUnitId: v.leadUnitId, coUnitIds: (v.coUnitIds ?? []).filter((u: number) => u !== v.leadUnitId), fallback: Boolean(v.fallback), reason: String(v.reason ?? '').trim() }),
  reassign: (v) => ({ leadUnitId: v.leadUnitId, coUnitIds: (v.coUnitIds ?? []).filter((u: number) => u !== v.leadUnitId), note: note(v) }),
  object: (v) => ({ reason: String(v.reason).trim() }),
  decideObjection: (v) =>
    v.approve
      ? { approve: true as const, leadUnitId: v.leadUnitId, coUnitIds: (v.coUnitIds ?? []).filter((u: number) => u !== v.leadUnitId), note: note(v) }
      : { approve: false as const, note: note(v) },
  sign: (v) => ({ note: note(v) }),
  contact: (v) => ({ method: v.method, note: note(v) }),
  progress: (v) => ({ note: note(v) }),
  coReply: (v) => ({ note: note(v) }),
  requestExtension: (v) => ({ days: v.days, reason: String(v.reason).trim() }),
  decideExtension: (v) => ({ approve: Boolean(v.approve), ...(v.approve && v.days ? { days: v.days } : {}), note: note(v) }),
  defer: (v) => ({ reason: String(v.reason).trim(), plan: String(v.plan).trim(), reviewDate: (v.reviewDate as Dayjs).format('YYYY-MM-DD') }),
  reply: (v) => ({ text: String(v.text).trim() }),
  callback: (v) =>
    v.valid
      ? { valid: true as const, contacted: Boolean(v.contacted), resolved: Boolean(v.resolved), satisfaction: v.satisfaction, note: note(v) }
      : { valid: false as const, reason: v.reason, note: note(v) },
  redo: (v) => ({ note: note(v) }),
  close: (v) => ({ note: note(v) }),
  supervise: (v) => ({ note: note(v) }),
  appeal: (v) => ({ reason: String(v.reason).trim() }),
  decideAppeal: (v) => ({ approve: Boolean(v.approve), note: note(v) }),
};

export const isActionType = (s: string): s is ActionType => s in BUILDERS;

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
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<RoutingSuggestion | null>(null);
  const [kbItems, setKbItems] = useState<Knowledge[]>([]);
  const [kbQuery, setKbQuery] = useState('');
  const type = action?.type;
  const approve = Form.useWatch('approve', form) as boolean | undefined;
  const valid = Form.useWatch('valid', form) as boolean | undefined;
  const unitOptions = useMemo(() => handlingUnits(units).map((u) => ({ value: u.id, label: u.name })), [units]);

  // Defaults for the form of the opened action.
  useEffect(() => {
    if (!type) return;
    setError(null);
    setSuggestion(null);
    form.resetFields();
    const defaults: Partial<Record<ActionType, V>> = {
      contact: { method: 'phone' },
      decideExtension: { approve: true, days: ticket.pendingExtension?.days },
      decideObjection: { approve: true },
      decideAppeal: { approve: true },
      callback: { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', reason: 'unreachable' },
      defer: { reviewDate: dayjs().add(30, 'day') },
      requestExtension: { days: 5 },
      reassign: { leadUnitId: ticket.leadUnit?.id, coUnitIds: ticket.coUnits.map((u) => u.id) },
      answerDirectly: { articleId: null },
    };
    form.setFieldsValue(defaults[type] ?? {});
    if (type === 'dispatch' || type === 'decideObjection' || type === 'reassign') {
      let live = true;
      api
        .GET('/api/routing/suggest', {
          params: {
            query: {
              categoryId: ticket.category?.id,
              ...(ticket.community ? { communityCode: ticket.community.code } : ticket.street ? { streetCode: ticket.street.code } : {}),
            },
          },
        })
        .then((r) => {
          if (!live || !r.data) return;
          setSuggestion(r.data);
          if (type === 'dispatch') form.setFieldsValue({ leadUnitId: r.data.leadUnitId, coUnitIds: r.data.coUnitIds, fallback: r.data.fallback, reason: r.data.reason });
        })
        .catch(() => {});
      return () => {
        live = false;
      };
    }
    return undefined;
  }, [type, ticket, form]);

  // Knowledge articles for a direct answer: the words typed, else the ticket's category.
  useEffect(() => {
    if (type !== 'answerDirectly') return;
    let live = true;
    const q = kbQuery.trim();
    const h = setTimeout(() => {
      api
        .GET('/api/knowledge', { params: { query: q ? { q } : ticket.category ? { categoryId: ticket.category.id } : {} } })
        .then((r) => live && setKbItems(r.data?.items ?? []))
        .catch(() => {});
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [type, kbQuery, ticket]);

  const submit = async () => {
    if (!type) return;
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (type === 'linkRepeat') values.originalId = await resolveTicketId(String(values.original));
      const r = await postAction(ticket.id, type, ticket.version, BUILDERS[type](values) as never);
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

  const resolveTicketId = async (text: string): Promise<number> => {
    const s = text.trim();
    const r = await api.GET('/api/tickets', { params: { query: { q: s, limit: 5 } } });
    const hit = r.data?.items.find((i) => i.number === s);
    if (hit) return hit.id;
    if (/^\d{1,15}$/.test(s)) return Number(s);
    throw new Error(t('ticket.action.originalNotFound', { number: s }));
  };

  const required = (msg = t('ticket.action.required')) => [{ required: true, whitespace: true, message: msg }];
  const unitItems = (requiredLead: boolean) => (
    <>
      {suggestion ? (
        <Alert
          type={suggestion.fallback ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={t('ticket.action.suggested', { unit: suggestion.leadUnit.name })}
          description={suggestion.reason}
        />
      ) : null}
      <Form.Item name="leadUnitId" label={t('ticket.field.leadUnit')} rules={requiredLead ? [{ required: true, message: t('ticket.action.required') }] : undefined}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={unitOptions}
          onChange={(id: number) => {
            if (type === 'dispatch') form.setFieldValue('fallback', units.find((u) => u.id === id)?.isFallback === true);
          }}
          data-testid="action-field-lead"
        />
      </Form.Item>
      <Form.Item name="coUnitIds" label={t('ticket.field.coUnits')}>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="action-field-co" />
      </Form.Item>
    </>
  );
  /** A required button-style choice among fixed values (decisions, yes/no, methods…). */
  const choice = (name: string, label: string, options: { value: unknown; label: string }[], testId = name) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <Radio.Group optionType="button" options={options as { value: string; label: string }[]} data-testid={`action-field-${testId}`} />
    </Form.Item>
  );
  const yesNo = (name: string, label: string) =>
    choice(name, label, [
      { value: true, label: t('ticket.yes') },
      { value: false, label: t('ticket.no') },
    ]);
  /** Approve or reject, with the labels of this kind of decision. */
  const decision = (approveLabel = t('ticket.action.approve'), rejectLabel = t('ticket.action.reject')) =>
    choice('approve', t('ticket.action.decision'), [
      { value: true, label: approveLabel },
      { value: false, label: rejectLabel },
    ]);
  /** A free-text field; required ones refuse blank text. */
  const textItem = (name: string, label: string, opts: { required?: boolean; max?: number; minRows?: number; maxRows?: number; showCount?: boolean } = {}) => (
    <Form.Item name={name} label={label} rules={opts.required ? required() : undefined}>
      <Input.TextArea
        autoSize={{ minRows: opts.minRows ?? 2, ...(opts.maxRows ? { maxRows: opts.maxRows } : {}) }}
        maxLength={opts.max ?? 2000}
        showCount={opts.showCount}
        data-testid={`action-field-${name}`}
      />
    </Form.Item>
  );
  const noteItem = (label = t('ticket.field.note'), isRequired = false) => textItem('note', label, { required: isRequired, maxRows: 6 });

  const fields = (): ReactNode => {
    switch (type) {
      case 'answerDirectly':
        return (
          <>
            <Form.Item name="articleId" label={t('ticket.action.article')}>
              <Select
                allowClear
                showSearch={{ filterOption: false, onSearch: setKbQuery }}
                placeholder={t('ticket.intake.kbPlaceholder')}
                options={kbItems.map((k) => ({ value: k.id, label: k.title }))}
                onChange={(id) => {
                  const k = kbItems.find((x) => x.id === id);
                  if (k) form.setFieldValue('answer', k.content);
                }}
                data-testid="action-field-article"
              />
            </Form.Item>
            {textItem('answer', t('ticket.action.answer'), { required: true, max: 4000, minRows: 3, maxRows: 8 })}
          </>
        );
      case 'linkRepeat':
        return (
          <Form.Item name="original" label={t('ticket.action.original')} rules={required()}>
            <Input maxLength={30} data-testid="action-field-original" />
          </Form.Item>
        );
      case 'closeSpecial':
        return (
          <>
            <Form.Item name="route" label={t('ticket.field.specialRoute')} rules={[{ required: true, message: t('ticket.action.required') }]}>
              <Select options={SPECIAL_ROUTES.map((r) => ({ value: r, label: labelOf(t, 'ticket.specialRoute', r) }))} data-testid="action-field-route" />
            </Form.Item>
            {noteItem()}
          </>
        );
      case 'dispatch':
        return (
          <>
            {unitItems(true)}
            <Form.Item name="fallback" label={t('ticket.fallback')} valuePropName="checked">
              <Switch data-testid="action-field-fallback" />
            </Form.Item>
            {textItem('reason', t('ticket.action.dispatchReason'))}
          </>
        );
      case 'reassign':
        return (
          <>
            {unitItems(true)}
            {noteItem()}
          </>
        );
      case 'object':
        return textItem('reason', t('ticket.action.objectReason'), { required: true, minRows: 3 });
      case 'decideObjection':
        return (
          <>
            {decision(t('ticket.action.objectionApprove'), t('ticket.action.objectionReject'))}
            {approve ? unitItems(true) : null}
            {noteItem()}
          </>
        );
      case 'sign':
        return noteItem();
      case 'contact':
        return (
          <>
            {choice('method', t('ticket.action.method'), CONTACT_METHODS.map((m) => ({ value: m, label: labelOf(t, 'ticket.contactMethod', m) })))}
            {noteItem()}
          </>
        );
      case 'progress':
      case 'coReply':
      case 'redo':
      case 'supervise':
        return noteItem(labelOf(t, 'ticket.action.noteLabel', type), true);
      case 'requestExtension':
        return (
          <>
            <Form.Item name="days" label={t('ticket.action.days')} rules={[{ required: true, message: t('ticket.action.required') }]}>
              <InputNumber min={1} max={60} precision={0} data-testid="action-field-days" />
            </Form.Item>
            {textItem('reason', t('ticket.action.extensionReason'), { required: true })}
          </>
        );
      case 'decideExtension':
        return (
          <>
            {ticket.pendingExtension ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('ticket.pendingExtension', { days: ticket.pendingExtension.days })}
                description={ticket.pendingExtension.reason}
              />
            ) : null}
            {decision()}
            {approve ? (
              <Form.Item name="days" label={t('ticket.action.daysGranted')}>
                <InputNumber min={1} max={60} precision={0} data-testid="action-field-days" />
              </Form.Item>
            ) : null}
            {noteItem()}
          </>
        );
      case 'defer':
        return (
          <>
            {textItem('reason', t('ticket.action.deferReason'), { required: true })}
            {textItem('plan', t('ticket.action.plan'), { required: true, max: 4000 })}
            <Form.Item name="reviewDate" label={t('ticket.action.reviewDate')} rules={[{ required: true, message: t('ticket.action.required') }]}>
              <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day') || d.isAfter(dayjs().add(365, 'day'), 'day')} data-testid="action-field-reviewDate" />
            </Form.Item>
          </>
        );
      case 'reply':
        return textItem('text', t('ticket.action.replyText'), { required: true, max: 8000, minRows: 4, maxRows: 10, showCount: true });
      case 'callback':
        return (
          <>
            {choice('valid', t('ticket.action.callbackValid'), [
              { value: true, label: t('ticket.action.callbackReached') },
              { value: false, label: t('ticket.action.callbackInvalid') },
            ])}
            {valid === false ? (
              <Form.Item name="reason" label={t('ticket.action.invalidReason')} rules={[{ required: true }]}>
                <Select options={INVALID_CALLBACK_REASONS.map((r) => ({ value: r, label: labelOf(t, 'ticket.invalidReason', r) }))} data-testid="action-field-invalid-reason" />
              </Form.Item>
            ) : (
              <>
                {yesNo('contacted', t('ticket.action.contacted'))}
                {yesNo('resolved', t('ticket.action.resolved'))}
                {choice('satisfaction', t('ticket.action.satisfaction'), SATISFACTIONS.map((s) => ({ value: s, label: labelOf(t, 'ticket.satisfaction', s) })))}
              </>
            )}
            {noteItem()}
          </>
        );
      case 'close':
        return noteItem();
      case 'appeal':
        return textItem('reason', t('ticket.action.appealReason'), { required: true, max: 4000, minRows: 3 });
      case 'decideAppeal':
        return (
          <>
            {ticket.appeal ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('ticket.appeal')} description={ticket.appeal.reason} /> : null}
            {decision()}
            {noteItem()}
          </>
        );
      default:
        return null;
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
          {fields()}
        </Form>
      </div>
    </Modal>
  );
}
