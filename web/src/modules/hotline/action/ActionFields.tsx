/** The fields of one action's form, by action type; rendered inside the action modal's Form. */
import { Alert, DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { labelOf } from '../../../shared/format.ts';
import type { Unit } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import {
  CONTACT_METHODS,
  INVALID_CALLBACK_REASONS,
  SATISFACTIONS,
  SPECIAL_ROUTES,
  type Knowledge,
  type RoutingSuggestion,
  type TicketDetails,
} from '../ticket-types.ts';
import type { ActionValues } from './action-bodies.ts';
import { Choice, Decision, NoteItem, TextItem, UnitItems, useRequired, YesNo } from './field-items.tsx';
import type { ActionType } from './post-action.ts';

export interface ActionFieldsProps {
  type: ActionType | undefined;
  ticket: TicketDetails;
  units: readonly Unit[];
  suggestion: RoutingSuggestion | null;
  /** Knowledge articles for a direct answer, and what the user typed to find them. */
  articles: readonly Knowledge[];
  onArticleSearch(text: string): void;
}

export default function ActionFields({ type, ticket, units, suggestion, articles, onArticleSearch }: ActionFieldsProps) {
  const { t } = useI18n();
  const form = Form.useFormInstance<ActionValues>();
  const approve = Form.useWatch('approve', form) as boolean | undefined;
  const valid = Form.useWatch('valid', form) as boolean | undefined;
  const required = useRequired();
  const unitItems = <UnitItems units={units} suggestion={suggestion} />;

  switch (type) {
    case 'answerDirectly':
      return (
        <>
          <Form.Item name="articleId" label={t('ticket.action.article')}>
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: onArticleSearch }}
              placeholder={t('ticket.intake.kbPlaceholder')}
              options={articles.map((k) => ({ value: k.id, label: k.title }))}
              onChange={(id) => {
                const k = articles.find((x) => x.id === id);
                if (k) form.setFieldValue('answer', k.content);
              }}
              data-testid="action-field-article"
            />
          </Form.Item>
          <TextItem name="answer" label={t('ticket.action.answer')} required max={4000} minRows={3} maxRows={8} />
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
          <NoteItem />
        </>
      );
    case 'dispatch':
      return (
        <>
          <UnitItems units={units} suggestion={suggestion} onLeadChosen={(u) => form.setFieldValue('fallback', u?.isFallback === true)} />
          <Form.Item name="fallback" label={t('ticket.fallback')} valuePropName="checked">
            <Switch data-testid="action-field-fallback" />
          </Form.Item>
          <TextItem name="reason" label={t('ticket.action.dispatchReason')} />
        </>
      );
    case 'reassign':
      return (
        <>
          {unitItems}
          <NoteItem />
        </>
      );
    case 'object':
      return <TextItem name="reason" label={t('ticket.action.objectReason')} required minRows={3} />;
    case 'decideObjection':
      return (
        <>
          <Decision approveLabel={t('ticket.action.objectionApprove')} rejectLabel={t('ticket.action.objectionReject')} />
          {approve ? unitItems : null}
          <NoteItem />
        </>
      );
    case 'sign':
      return <NoteItem />;
    case 'contact':
      return (
        <>
          <Choice
            name="method"
            label={t('ticket.action.method')}
            options={CONTACT_METHODS.map((m) => ({ value: m, label: labelOf(t, 'ticket.contactMethod', m) }))}
          />
          <NoteItem />
        </>
      );
    case 'progress':
    case 'coReply':
    case 'redo':
    case 'supervise':
      return <NoteItem label={labelOf(t, 'ticket.action.noteLabel', type)} required />;
    case 'requestExtension':
      return (
        <>
          <Form.Item name="days" label={t('ticket.action.days')} rules={[{ required: true, message: t('ticket.action.required') }]}>
            <InputNumber min={1} max={60} precision={0} data-testid="action-field-days" />
          </Form.Item>
          <TextItem name="reason" label={t('ticket.action.extensionReason')} required />
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
          <Decision />
          {approve ? (
            <Form.Item name="days" label={t('ticket.action.daysGranted')}>
              <InputNumber min={1} max={60} precision={0} data-testid="action-field-days" />
            </Form.Item>
          ) : null}
          <NoteItem />
        </>
      );
    case 'defer':
      return (
        <>
          <TextItem name="reason" label={t('ticket.action.deferReason')} required />
          <TextItem name="plan" label={t('ticket.action.plan')} required max={4000} />
          <Form.Item name="reviewDate" label={t('ticket.action.reviewDate')} rules={[{ required: true, message: t('ticket.action.required') }]}>
            <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day') || d.isAfter(dayjs().add(365, 'day'), 'day')} data-testid="action-field-reviewDate" />
          </Form.Item>
        </>
      );
    case 'reply':
      return <TextItem name="text" label={t('ticket.action.replyText')} required max={8000} minRows={4} maxRows={10} showCount />;
    case 'callback':
      return (
        <>
          <Choice
            name="valid"
            label={t('ticket.action.callbackValid')}
            options={[
              { value: true, label: t('ticket.action.callbackReached') },
              { value: false, label: t('ticket.action.callbackInvalid') },
            ]}
          />
          {valid === false ? (
            <Form.Item name="reason" label={t('ticket.action.invalidReason')} rules={[{ required: true }]}>
              <Select
                options={INVALID_CALLBACK_REASONS.map((r) => ({ value: r, label: labelOf(t, 'ticket.invalidReason', r) }))}
                data-testid="action-field-invalid-reason"
              />
            </Form.Item>
          ) : (
            <>
              <YesNo name="contacted" label={t('ticket.action.contacted')} />
              <YesNo name="resolved" label={t('ticket.action.resolved')} />
              <Choice
                name="satisfaction"
                label={t('ticket.action.satisfaction')}
                options={SATISFACTIONS.map((s) => ({ value: s, label: labelOf(t, 'ticket.satisfaction', s) }))}
              />
            </>
          )}
          <NoteItem />
        </>
      );
    case 'close':
      return <NoteItem />;
    case 'appeal':
      return <TextItem name="reason" label={t('ticket.action.appealReason')} required max={4000} minRows={3} />;
    case 'decideAppeal':
      return (
        <>
          {ticket.appeal ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('ticket.appeal')} description={ticket.appeal.reason} /> : null}
          <Decision />
          <NoteItem />
        </>
      );
    default:
      return null;
  }
}
