/**
 * The operator's intake workbench (受理工作台): keyboard first, so a call is recorded in under a minute.
 * Alt+1…6 pick the request type, the category and place are searched as you type (Enter picks and
 * moves on), Ctrl+Enter records and dispatches. Beside the form: the unit the dispatch catalogue suggests and why, likely repeats of
 * an open ticket, and for consultations the knowledge base with one-click direct answers.
 *
 * This file holds the page's state and layout; the form's parts, the side cards, the look-ups and the
 * submission are in the files beside it.
 */
import { Alert, Card, Col, Form, Row, Space, Typography, type InputRef } from 'antd';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../../shared/api.ts';
import { handlingUnits, useReference } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import { REQUEST_TYPES } from '../ticket-types.ts';
import CallFields from './CallFields.tsx';
import DispatchCard from './DispatchCard.tsx';
import { INITIAL, type Channel, type FormValues } from './intake-form.ts';
import KnowledgeCard from './KnowledgeCard.tsx';
import RecordedAlert from './RecordedAlert.tsx';
import RepeatWarning from './RepeatWarning.tsx';
import SpecialRouteCard from './SpecialRouteCard.tsx';
import SuggestionCard from './SuggestionCard.tsx';
import { useKnowledge, useRepeatCandidates, useRoutingSuggestion } from './use-intake-lookups.ts';
import { useIdempotencyKey, useIntakeSubmit } from './use-intake-submit.ts';

export default function IntakePage() {
  const { t } = useI18n();
  const ref = useReference();
  const [form] = Form.useForm<FormValues>();
  const [idempotencyKey, renewIdempotencyKey] = useIdempotencyKey();
  const [leadTouched, setLeadTouched] = useState(false);
  const [kbQuery, setKbQuery] = useState('');
  const [categorySearch, setCategorySearch] = useState('');
  const phoneRef = useRef<InputRef>(null);

  const requestType = Form.useWatch('requestType', form) ?? INITIAL.requestType;
  const categoryId = Form.useWatch('categoryId', form);
  const place = Form.useWatch('place', form);
  const phone = Form.useWatch('requesterPhone', form);
  const streetCode = place?.[0];
  const communityCode = place?.[1];

  const categoryById = useMemo(() => new Map(ref.categories.map((c) => [c.id, c])), [ref.categories]);
  const units = useMemo(() => handlingUnits(ref.units), [ref.units]);
  const unitName = useCallback((id: number) => ref.units.find((u) => u.id === id)?.name ?? `#${id}`, [ref.units]);

  const [suggestion, setSuggestion] = useRoutingSuggestion(form, { categoryId, streetCode, communityCode }, leadTouched);
  const [repeats, setRepeats] = useRepeatCandidates(phone, categoryId, communityCode);
  const kbItems = useKnowledge(requestType, kbQuery, categoryId);

  /** Clears the form for the next call (keeping the channel) and starts over at the phone field. */
  const reset = useCallback(() => {
    const keep = form.getFieldValue('channel') as Channel | undefined;
    form.resetFields();
    form.setFieldsValue({ ...INITIAL, channel: keep ?? 'phone' });
    renewIdempotencyKey();
    setLeadTouched(false);
    setSuggestion(null);
    setRepeats([]);
    setKbQuery('');
    setCategorySearch('');
    phoneRef.current?.focus();
  }, [form, renewIdempotencyKey, setSuggestion, setRepeats]);

  const { busy, result, error, submit, clearResult, clearError } = useIntakeSubmit(form, idempotencyKey, reset);

  const dispatch = useCallback(
    () =>
      submit((v) => {
        // Untouched, the server applies the catalogue itself (and records its reason).
        if (!leadTouched || v.leadUnitId === undefined) return { action: 'dispatch' };
        const reason = v.dispatchReason?.trim();
        return {
          action: 'dispatch',
          leadUnitId: v.leadUnitId,
          coUnitIds: (v.coUnitIds ?? []).filter((id) => id !== v.leadUnitId),
          ...(reason ? { reason } : {}),
        };
      }),
    [submit, leadTouched],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      void dispatch();
      return;
    }
    if (e.altKey && !e.ctrlKey && /^Digit[1-6]$/.test(e.code)) {
      e.preventDefault();
      form.setFieldValue('requestType', REQUEST_TYPES[Number(e.code.slice(5)) - 1]);
    }
  };

  return (
    <div onKeyDown={onKeyDown} data-testid="intake-page">
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card
            title={t('ticket.intake.title')}
            extra={<Typography.Text type="secondary">{t('ticket.intake.shortcuts')}</Typography.Text>}
            loading={ref.loading}
          >
            {ref.error ? <Alert type="error" showIcon title={errorMessage(ref.error)} style={{ marginBottom: 12 }} /> : null}
            <Form form={form} layout="vertical" initialValues={INITIAL} disabled={busy}>
              <CallFields
                categories={ref.categories}
                divisions={ref.divisions}
                phoneRef={phoneRef}
                categorySearch={categorySearch}
                onCategorySearch={setCategorySearch}
              />
              <DispatchCard
                units={units}
                leadTouched={leadTouched}
                onLeadTouched={() => setLeadTouched(true)}
                busy={busy}
                onDispatch={() => void dispatch()}
                onRecordOnly={() => void submit(() => ({ action: 'none' }))}
                onReset={reset}
              />
              <SpecialRouteCard
                busy={busy}
                onClose={(route) => void submit((v) => ({ action: 'closeSpecial', route, ...(v.specialNote?.trim() ? { note: v.specialNote.trim() } : {}) }))}
              />
            </Form>
          </Card>
        </Col>

        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {error ? <Alert type="error" showIcon closable={{ onClose: clearError }} title={error} data-testid="intake-error" /> : null}
            {result ? <RecordedAlert result={result} unitName={unitName} onClose={clearResult} /> : null}
            <SuggestionCard
              suggestion={suggestion}
              leadTouched={leadTouched}
              unitName={unitName}
              onUseSuggestion={(s) => {
                setLeadTouched(false);
                form.setFieldsValue({ leadUnitId: s.leadUnitId, coUnitIds: s.coUnitIds, dispatchReason: undefined });
              }}
            />
            {repeats.length ? (
              <RepeatWarning repeats={repeats} busy={busy} onLink={(originalId) => void submit(() => ({ action: 'linkRepeat', originalId }))} />
            ) : null}
            {requestType === 'consultation' ? (
              <KnowledgeCard
                query={kbQuery}
                onQuery={setKbQuery}
                items={kbItems}
                categoryById={categoryById}
                busy={busy}
                onAnswer={(k) => void submit(() => ({ action: 'answerDirectly', answer: k.content, articleId: k.id }))}
              />
            ) : null}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
