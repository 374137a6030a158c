/**
 * The operator's intake workbench (受理工作台): keyboard first, so a call is recorded in under a minute.
 * Alt+1…6 pick the request type, the category and place are searched as you type (Enter picks and
 * moves on), Ctrl+Enter records and dispatches. Beside the form: the unit the dispatch catalogue suggests and why, likely repeats of
 * an open ticket, and for consultations the knowledge base with one-click direct answers.
 */
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Radio, Row, Select, Space, Tag, Typography, type CascaderRef, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { CHANNELS, REQUEST_TYPES, SPECIAL_ROUTES, URGENCIES, uuid, type IntakeResult, type Knowledge, type RepeatCandidate, type RoutingSuggestion } from '../ticket.ts';
import { handlingUnits, placeOptions, useReference, type Category } from '../../../shared/reference.ts';
import { labelOf } from '../../../shared/format.ts';
import PlaceCascader from './PlaceCascader.tsx';
import { useI18n } from '../../../shell/i18n.tsx';

type RequestType = (typeof REQUEST_TYPES)[number];
type Channel = (typeof CHANNELS)[number];
type Urgency = (typeof URGENCIES)[number];
type SpecialRoute = (typeof SPECIAL_ROUTES)[number];

interface FormValues {
  requestType: RequestType;
  channel: Channel;
  urgency: Urgency;
  requesterPhone?: string;
  requesterName?: string;
  categoryId?: number;
  place?: string[];
  address?: string;
  content?: string;
  leadUnitId?: number;
  coUnitIds?: number[];
  dispatchReason?: string;
  specialRoute?: SpecialRoute;
  specialNote?: string;
}

type Triage =
  | { action: 'none' }
  | { action: 'dispatch'; leadUnitId?: number; coUnitIds?: number[]; reason?: string }
  | { action: 'answerDirectly'; answer: string; articleId?: number }
  | { action: 'closeSpecial'; route: SpecialRoute; note?: string }
  | { action: 'linkRepeat'; originalId: number };

const INITIAL: FormValues = { requestType: 'complaint', channel: 'phone', urgency: 'normal' };

/** Debounced copy of a value. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Does a leaf category match what the operator typed (name, path, keywords or code)? */
function categoryMatches(c: Category, input: string): boolean {
  const q = input.trim().toLowerCase();
  if (!q) return true;
  return (
    c.name.toLowerCase().includes(q) ||
    c.path.toLowerCase().includes(q) ||
    c.code.toLowerCase().includes(q) ||
    c.nameEn.toLowerCase().includes(q) ||
    c.keywords.some((k) => k.toLowerCase().includes(q) || q.includes(k.toLowerCase()))
  );
}

/** Closest matches first: name, then keyword, then path. */
function categoryRank(c: Category, input: string): number {
  const q = input.trim().toLowerCase();
  if (c.name.toLowerCase().startsWith(q)) return 0;
  if (c.name.toLowerCase().includes(q)) return 1;
  if (c.keywords.some((k) => k.toLowerCase() === q)) return 2;
  if (c.keywords.some((k) => k.toLowerCase().includes(q))) return 3;
  return 4;
}

/** One entry of a side list: title and text, with its action on the right. */
function ListRow({ title, description, action, testId }: { title: ReactNode; description: ReactNode; action: ReactNode; testId?: string }) {
  return (
    <Flex gap={12} align="center" style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }} data-testid={testId}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontWeight: 500 }}>{title}</div>
        <Typography.Text type="secondary">{description}</Typography.Text>
      </div>
      {action}
    </Flex>
  );
}

export default function IntakePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const ref = useReference();
  const [form] = Form.useForm<FormValues>();
  const [idempotencyKey, setIdempotencyKey] = useState(uuid);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<(IntakeResult & { leadUnitId: number | null }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<RoutingSuggestion | null>(null);
  const [leadTouched, setLeadTouched] = useState(false);
  const [repeats, setRepeats] = useState<RepeatCandidate[]>([]);
  const [kbQuery, setKbQuery] = useState('');
  const [kbItems, setKbItems] = useState<Knowledge[]>([]);
  const [categorySearch, setCategorySearch] = useState('');
  const phoneRef = useRef<InputRef>(null);
  // Choosing a category moves on to the place, choosing a place to the address (no Tab needed).
  const placeRef = useRef<CascaderRef>(null);
  const addressRef = useRef<InputRef>(null);
  /** Guards against a second submit before the first answers (the Idempotency-Key guards the server). */
  const inFlight = useRef(false);

  const requestType = Form.useWatch('requestType', form) ?? INITIAL.requestType;
  const categoryId = Form.useWatch('categoryId', form);
  const place = Form.useWatch('place', form);
  const phone = Form.useWatch('requesterPhone', form);
  const streetCode = place?.[0];
  const communityCode = place?.[1];

  const leaves = useMemo(() => ref.categories.filter((c) => c.isLeaf && c.active), [ref.categories]);
  const categoryById = useMemo(() => new Map(ref.categories.map((c) => [c.id, c])), [ref.categories]);
  const places = useMemo(() => placeOptions(ref.divisions), [ref.divisions]);
  const units = useMemo(() => handlingUnits(ref.units), [ref.units]);
  const unitName = useCallback((id: number) => ref.units.find((u) => u.id === id)?.name ?? `#${id}`, [ref.units]);
  const categoryOptions = useMemo(() => {
    const matching = leaves.filter((c) => categoryMatches(c, categorySearch));
    if (categorySearch.trim()) matching.sort((a, b) => categoryRank(a, categorySearch) - categoryRank(b, categorySearch));
    return matching.slice(0, 50).map((c) => ({
      value: c.id,
      label: c.path.replaceAll('/', ' › '),
      name: c.name,
    }));
  }, [leaves, categorySearch]);

  // The catalogue's suggestion as soon as category and place are known.
  useEffect(() => {
    if (categoryId === undefined && streetCode === undefined) {
      setSuggestion(null);
      return;
    }
    let live = true;
    api
      .GET('/api/routing/suggest', { params: { query: { categoryId, streetCode: communityCode ? undefined : streetCode, communityCode } } })
      .then((r) => {
        if (!live || !r.data) return;
        setSuggestion(r.data);
        if (!leadTouched) form.setFieldsValue({ leadUnitId: r.data.leadUnitId, coUnitIds: r.data.coUnitIds });
      })
      .catch(() => live && setSuggestion(null));
    return () => {
      live = false;
    };
  }, [categoryId, streetCode, communityCode, leadTouched, form]);

  // Likely repeats once phone and category (and community) are known.
  const debouncedPhone = useDebounced((phone ?? '').trim(), 300);
  useEffect(() => {
    if (categoryId === undefined || debouncedPhone.replace(/\D/g, '').length < 5) {
      setRepeats([]);
      return;
    }
    let live = true;
    api
      .GET('/api/tickets/repeat-candidates', { params: { query: { phone: debouncedPhone, categoryId, communityCode } } })
      .then((r) => live && setRepeats(r.data?.items ?? []))
      .catch(() => live && setRepeats([]));
    return () => {
      live = false;
    };
  }, [debouncedPhone, categoryId, communityCode]);

  // The knowledge base for consultations: by words typed, else by category.
  const debouncedKb = useDebounced(kbQuery.trim(), 250);
  useEffect(() => {
    if (requestType !== 'consultation' || (!debouncedKb && categoryId === undefined)) {
      setKbItems([]);
      return;
    }
    let live = true;
    api
      .GET('/api/knowledge', { params: { query: debouncedKb ? { q: debouncedKb } : { categoryId } } })
      .then((r) => live && setKbItems(r.data?.items ?? []))
      .catch(() => live && setKbItems([]));
    return () => {
      live = false;
    };
  }, [requestType, debouncedKb, categoryId]);

  const reset = useCallback(() => {
    const keep = form.getFieldValue('channel') as Channel | undefined;
    form.resetFields();
    form.setFieldsValue({ ...INITIAL, channel: keep ?? 'phone' });
    setIdempotencyKey(uuid());
    setLeadTouched(false);
    setSuggestion(null);
    setRepeats([]);
    setKbQuery('');
    setCategorySearch('');
    phoneRef.current?.focus();
  }, [form]);

  const submit = useCallback(
    async (triageOf: (v: FormValues) => Triage) => {
      if (inFlight.current) return;
      inFlight.current = true;
      let v: FormValues;
      try {
        v = await form.validateFields();
      } catch {
        inFlight.current = false;
        return;
      }
      const triage = triageOf(v);
      setBusy(true);
      setError(null);
      try {
        const r = await must(
          api.POST('/api/tickets', {
            params: { header: { 'idempotency-key': idempotencyKey } },
            body: {
              requestType: v.requestType,
              channel: v.channel,
              urgency: v.urgency,
              categoryId: v.categoryId ?? null,
              content: (v.content ?? '').trim(),
              address: v.address?.trim() || undefined,
              streetCode: v.place?.[0] ?? null,
              communityCode: v.place?.[1] ?? null,
              requesterName: v.requesterName?.trim() || undefined,
              requesterPhone: v.requesterPhone?.trim() || undefined,
              triage,
            },
          }),
        );
        const lead = triage.action !== 'dispatch' ? null : (triage.leadUnitId ?? r.routing?.leadUnitId ?? null);
        setResult({ ...r, leadUnitId: lead });
        void message.success(t('ticket.intake.recorded', { number: r.number }));
        reset();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [form, idempotencyKey, message, reset, t],
  );

  const dispatch = useCallback(
    () =>
      submit((v) => {
        // Untouched, the server applies the catalogue itself (and records its reason).
        if (!leadTouched || v.leadUnitId === undefined) return { action: 'dispatch' };
        const reason = v.dispatchReason?.trim();
        return { action: 'dispatch', leadUnitId: v.leadUnitId, coUnitIds: (v.coUnitIds ?? []).filter((id) => id !== v.leadUnitId), ...(reason ? { reason } : {}) };
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

  const typeOptions = REQUEST_TYPES.map((rt, i) => ({
    value: rt,
    label: (
      <span data-testid={`intake-type-${rt}`}>
        {labelOf(t, 'ticket.requestType', rt)}
        <Typography.Text type="secondary" style={{ fontSize: 11, marginInlineStart: 4 }}>
          Alt+{i + 1}
        </Typography.Text>
      </span>
    ),
  }));

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
              <Row gutter={12}>
                <Col span={24}>
                  <Form.Item name="requestType" label={t('ticket.field.requestType')} rules={[{ required: true }]}>
                    <Radio.Group optionType="button" buttonStyle="solid" options={typeOptions} data-testid="intake-type" />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="requesterPhone" label={t('ticket.field.phone')} rules={[{ pattern: /^[0-9+\- ]*$/, message: t('ticket.intake.phoneInvalid') }]}>
                    <Input ref={phoneRef} autoFocus maxLength={30} data-testid="intake-phone" autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name="requesterName" label={t('ticket.field.name')}>
                    <Input maxLength={100} data-testid="intake-name" autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name="urgency" label={t('ticket.field.urgency')}>
                    <Select options={URGENCIES.map((u) => ({ value: u, label: labelOf(t, 'ticket.urgency', u) }))} data-testid="intake-urgency" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name="channel" label={t('ticket.field.channel')}>
                    <Select options={CHANNELS.map((c) => ({ value: c, label: labelOf(t, 'ticket.channel', c) }))} data-testid="intake-channel" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="categoryId" label={t('ticket.field.category')} extra={t('ticket.intake.categoryHint')}>
                <Select
                  showSearch={{ filterOption: false, onSearch: setCategorySearch, searchValue: categorySearch }}
                  placeholder={t('ticket.intake.categoryPlaceholder')}
                  options={categoryOptions}
                  optionRender={(o) => (
                    <span>
                      <b>{o.data.name}</b>{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {o.data.label}
                      </Typography.Text>
                    </span>
                  )}
                  onChange={() => setCategorySearch('')}
                  onSelect={() => setTimeout(() => placeRef.current?.focus())}
                  notFoundContent={t('ticket.intake.noCategory')}
                  data-testid="intake-category"
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item name="place" label={t('ticket.field.place')}>
                    <PlaceCascader
                      ref={placeRef}
                      options={places}
                      placeholder={t('ticket.intake.placePlaceholder')}
                      onPicked={() => setTimeout(() => addressRef.current?.focus())}
                      data-testid="intake-place"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item name="address" label={t('ticket.field.address')}>
                    <Input ref={addressRef} maxLength={500} data-testid="intake-address" autoComplete="off" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="content" label={t('ticket.field.content')} rules={[{ required: true, whitespace: true, message: t('ticket.intake.contentRequired') }]}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={8000} showCount data-testid="intake-content" />
              </Form.Item>

              <Card size="small" type="inner" title={t('ticket.intake.dispatchTitle')} style={{ marginBottom: 16 }}>
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item name="leadUnitId" label={t('ticket.field.leadUnit')} extra={leadTouched ? t('ticket.intake.overridden') : undefined}>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        allowClear
                        placeholder={t('ticket.intake.leadPlaceholder')}
                        options={units.map((u) => ({ value: u.id, label: u.name }))}
                        onChange={() => setLeadTouched(true)}
                        data-testid="intake-lead"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item name="coUnitIds" label={t('ticket.field.coUnits')}>
                      <Select
                        mode="multiple"
                        showSearch={{ optionFilterProp: 'label' }}
                        allowClear
                        options={units.map((u) => ({ value: u.id, label: u.name }))}
                        onChange={() => setLeadTouched(true)}
                        data-testid="intake-co"
                      />
                    </Form.Item>
                  </Col>
                </Row>
                {leadTouched ? (
                  <Form.Item name="dispatchReason" label={t('ticket.intake.dispatchReason')}>
                    <Input maxLength={500} data-testid="intake-dispatch-reason" />
                  </Form.Item>
                ) : null}
                <Space wrap>
                  <Button type="primary" onClick={() => void dispatch()} loading={busy} data-testid="intake-submit">
                    {t('ticket.intake.submitDispatch')}
                  </Button>
                  <Button onClick={() => void submit(() => ({ action: 'none' }))} disabled={busy} data-testid="intake-record-only">
                    {t('ticket.intake.recordOnly')}
                  </Button>
                  <Button onClick={reset} disabled={busy} data-testid="intake-reset">
                    {t('ticket.intake.reset')}
                  </Button>
                </Space>
              </Card>

              <Card size="small" type="inner" title={t('ticket.intake.specialTitle')}>
                <Row gutter={12} align="bottom">
                  <Col xs={24} md={9}>
                    <Form.Item name="specialRoute" label={t('ticket.field.specialRoute')}>
                      <Select
                        allowClear
                        options={SPECIAL_ROUTES.map((r) => ({ value: r, label: labelOf(t, 'ticket.specialRoute', r) }))}
                        data-testid="intake-special-route"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={10}>
                    <Form.Item name="specialNote" label={t('ticket.field.note')}>
                      <Input maxLength={2000} data-testid="intake-special-note" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={5}>
                    <Form.Item>
                      <Button
                        danger
                        block
                        disabled={busy}
                        data-testid="intake-close-special"
                        onClick={() => {
                          const route = form.getFieldValue('specialRoute') as SpecialRoute | undefined;
                          if (!route) {
                            void message.warning(t('ticket.intake.chooseRoute'));
                            return;
                          }
                          void submit((v) => ({ action: 'closeSpecial', route, ...(v.specialNote?.trim() ? { note: v.specialNote.trim() } : {}) }));
                        }}
                      >
                        {t('ticket.intake.closeSpecial')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            </Form>
          </Card>
        </Col>

        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {error ? <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} data-testid="intake-error" /> : null}
            {result ? (
              <Alert
                type="success"
                showIcon
                closable={{ onClose: () => setResult(null) }}
                data-testid="intake-result"
                title={
                  <span>
                    {t('ticket.intake.resultTitle')} <b data-testid="intake-result-number">{result.number}</b>{' '}
                    <Tag data-testid="intake-result-state">{labelOf(t, 'ticket.state', result.state)}</Tag>
                  </span>
                }
                description={
                  <Space orientation="vertical" size={2}>
                    {result.queryCode ? <span>{t('ticket.intake.queryCode', { code: result.queryCode })}</span> : null}
                    {result.leadUnitId !== null ? <span data-testid="intake-result-unit">{t('ticket.intake.dispatchedTo', { unit: unitName(result.leadUnitId) })}</span> : null}
                    {result.warnings.map((w) => (
                      <Typography.Text key={w} type="warning">
                        {w}
                      </Typography.Text>
                    ))}
                    <Link to={`/tickets/${result.ticketId}`} data-testid="intake-result-link">
                      {t('ticket.intake.openTicket')}
                    </Link>
                  </Space>
                }
              />
            ) : null}

            <Card size="small" title={t('ticket.intake.suggestTitle')} data-testid="intake-suggestion">
              {suggestion ? (
                <Space orientation="vertical" size={4}>
                  <span>
                    <b data-testid="intake-suggested-unit">{suggestion.leadUnit.name}</b>{' '}
                    {suggestion.fallback ? <Tag color="orange">{t('ticket.fallback')}</Tag> : <Tag color="green">{t('ticket.intake.catalogue')}</Tag>}
                  </span>
                  <Typography.Text type="secondary" data-testid="intake-suggestion-reason">
                    {suggestion.reason}
                  </Typography.Text>
                  {suggestion.coUnitIds.length ? (
                    <span>
                      {t('ticket.field.coUnits')}: {suggestion.coUnitIds.map(unitName).join('、')}
                    </span>
                  ) : null}
                  {leadTouched ? (
                    <Button
                      size="small"
                      onClick={() => {
                        setLeadTouched(false);
                        form.setFieldsValue({ leadUnitId: suggestion.leadUnitId, coUnitIds: suggestion.coUnitIds, dispatchReason: undefined });
                      }}
                    >
                      {t('ticket.intake.useSuggestion')}
                    </Button>
                  ) : null}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('ticket.intake.suggestEmpty')}</Typography.Text>
              )}
            </Card>

            {repeats.length ? (
              <Alert
                type="warning"
                showIcon
                data-testid="intake-repeat-warning"
                title={t('ticket.intake.repeatTitle', { n: repeats.length })}
                description={
                  <div>
                    {repeats.map((c) => (
                      <ListRow
                        key={c.id}
                        title={
                          <Link to={`/tickets/${c.id}`} target="_blank" data-testid="intake-repeat-link">
                            {c.number}
                          </Link>
                        }
                        description={c.progress}
                        action={
                          <Button
                            size="small"
                            type="primary"
                            ghost
                            disabled={busy}
                            data-testid={`intake-link-repeat-${c.id}`}
                            onClick={() => void submit(() => ({ action: 'linkRepeat', originalId: c.id }))}
                          >
                            {t('ticket.intake.linkRepeat')}
                          </Button>
                        }
                      />
                    ))}
                  </div>
                }
              />
            ) : null}

            {requestType === 'consultation' ? (
              <Card size="small" title={t('ticket.intake.kbTitle')} data-testid="intake-kb">
                <Input
                  prefix={<SearchOutlined />}
                  value={kbQuery}
                  onChange={(e) => setKbQuery(e.target.value)}
                  placeholder={t('ticket.intake.kbPlaceholder')}
                  allowClear
                  data-testid="intake-kb-search"
                  style={{ marginBottom: 8 }}
                />
                {kbItems.length ? (
                  <div>
                    {kbItems.map((k) => (
                      <ListRow
                        key={k.id}
                        testId={`intake-kb-item-${k.id}`}
                        title={
                          <span>
                            {k.title}
                            {k.categoryId !== null && categoryById.get(k.categoryId) ? (
                              <Tag style={{ marginInlineStart: 6 }}>{categoryById.get(k.categoryId)!.name}</Tag>
                            ) : null}
                          </span>
                        }
                        description={k.content}
                        action={
                          <Button
                            size="small"
                            type="primary"
                            disabled={busy}
                            data-testid={`intake-kb-answer-${k.id}`}
                            onClick={() => void submit(() => ({ action: 'answerDirectly', answer: k.content, articleId: k.id }))}
                          >
                            {t('ticket.intake.answerDirectly')}
                          </Button>
                        }
                      />
                    ))}
                  </div>
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticket.intake.kbEmpty')} />
                )}
              </Card>
            ) : null}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
