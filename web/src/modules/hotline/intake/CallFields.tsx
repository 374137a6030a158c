/**
 * What the caller says, in keyboard order: request type (Alt+1…6), phone, name, urgency, channel, the
 * category searched as you type (name, path, keywords, code; choosing one moves on to the place), the
 * place (choosing one moves on to the address), the address and the content.
 */
import { Col, Form, Input, Radio, Row, Select, Typography, type CascaderRef, type InputRef } from 'antd';
import { useMemo, useRef, type Ref } from 'react';
import { labelOf } from '../../../shared/format.ts';
import { placeOptions, type Category, type Division } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import { CHANNELS, REQUEST_TYPES, URGENCIES } from '../ticket-types.ts';
import { categoryMatches, categoryRank } from './intake-form.ts';
import PlaceCascader from './PlaceCascader.tsx';

export interface CallFieldsProps {
  categories: readonly Category[];
  divisions: readonly Division[];
  /** The phone field, focused for each new call. */
  phoneRef: Ref<InputRef>;
  /** What the operator typed into the category search (cleared with the form). */
  categorySearch: string;
  onCategorySearch(text: string): void;
}

export default function CallFields({ categories, divisions, phoneRef, categorySearch, onCategorySearch }: CallFieldsProps) {
  const { t } = useI18n();
  // Choosing a category moves on to the place, choosing a place to the address (no Tab needed).
  const placeRef = useRef<CascaderRef>(null);
  const addressRef = useRef<InputRef>(null);

  const leaves = useMemo(() => categories.filter((c) => c.isLeaf && c.active), [categories]);
  const places = useMemo(() => placeOptions(divisions), [divisions]);
  const categoryOptions = useMemo(() => {
    const matching = leaves.filter((c) => categoryMatches(c, categorySearch));
    if (categorySearch.trim()) matching.sort((a, b) => categoryRank(a, categorySearch) - categoryRank(b, categorySearch));
    return matching.slice(0, 50).map((c) => ({
      value: c.id,
      label: c.path.replaceAll('/', ' › '),
      name: c.name,
    }));
  }, [leaves, categorySearch]);

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
    <>
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
          showSearch={{ filterOption: false, onSearch: onCategorySearch, searchValue: categorySearch }}
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
          onChange={() => onCategorySearch('')}
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
    </>
  );
}
