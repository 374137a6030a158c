/**
 * The building blocks of the action forms: a required button-style choice, yes/no, approve/reject, a
 * free-text field, the note, and the lead and co-handling units with the catalogue's suggestion.
 */
import { Alert, Form, Input, Radio, Select } from 'antd';
import { useMemo } from 'react';
import { handlingUnits, type Unit } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import type { RoutingSuggestion } from '../ticket-types.ts';

/** Refuses a missing or blank value. */
export function useRequired() {
  const { t } = useI18n();
  return (msg = t('ticket.action.required')) => [{ required: true, whitespace: true, message: msg }];
}

/** A required button-style choice among fixed values (decisions, yes/no, methods…). */
export function Choice({
  name,
  label,
  options,
  testId = name,
}: {
  name: string;
  label: string;
  options: { value: unknown; label: string }[];
  testId?: string;
}) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <Radio.Group optionType="button" options={options as { value: string; label: string }[]} data-testid={`action-field-${testId}`} />
    </Form.Item>
  );
}

export function YesNo({ name, label }: { name: string; label: string }) {
  const { t } = useI18n();
  return (
    <Choice
      name={name}
      label={label}
      options={[
        { value: true, label: t('ticket.yes') },
        { value: false, label: t('ticket.no') },
      ]}
    />
  );
}

/** Approve or reject, with the labels of this kind of decision. */
export function Decision({ approveLabel, rejectLabel }: { approveLabel?: string; rejectLabel?: string }) {
  const { t } = useI18n();
  return (
    <Choice
      name="approve"
      label={t('ticket.action.decision')}
      options={[
        { value: true, label: approveLabel ?? t('ticket.action.approve') },
        { value: false, label: rejectLabel ?? t('ticket.action.reject') },
      ]}
    />
  );
}

export interface TextItemProps {
  name: string;
  label: string;
  required?: boolean;
  max?: number;
  minRows?: number;
  maxRows?: number;
  showCount?: boolean;
}

/** A free-text field; required ones refuse blank text. */
export function TextItem({ name, label, required, max, minRows, maxRows, showCount }: TextItemProps) {
  const rules = useRequired();
  return (
    <Form.Item name={name} label={label} rules={required ? rules() : undefined}>
      <Input.TextArea
        autoSize={{ minRows: minRows ?? 2, ...(maxRows ? { maxRows } : {}) }}
        maxLength={max ?? 2000}
        showCount={showCount}
        data-testid={`action-field-${name}`}
      />
    </Form.Item>
  );
}

/** The action's note (labelled `label`, required when the action needs one). */
export function NoteItem({ label, required = false }: { label?: string; required?: boolean }) {
  const { t } = useI18n();
  return <TextItem name="note" label={label ?? t('ticket.field.note')} required={required} maxRows={6} />;
}

export interface UnitItemsProps {
  units: readonly Unit[];
  suggestion: RoutingSuggestion | null;
  /** For a dispatch, choosing the lead unit also says whether it is the fallback unit. */
  onLeadChosen?(unit: Unit | undefined): void;
}

/** The catalogue's suggestion, then the (required) lead unit and the co-handling units. */
export function UnitItems({ units, suggestion, onLeadChosen }: UnitItemsProps) {
  const { t } = useI18n();
  const unitOptions = useMemo(() => handlingUnits(units).map((u) => ({ value: u.id, label: u.name })), [units]);
  return (
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
      <Form.Item name="leadUnitId" label={t('ticket.field.leadUnit')} rules={[{ required: true, message: t('ticket.action.required') }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={unitOptions}
          onChange={(id: number) => onLeadChosen?.(units.find((u) => u.id === id))}
          data-testid="action-field-lead"
        />
      </Form.Item>
      <Form.Item name="coUnitIds" label={t('ticket.field.coUnits')}>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="action-field-co" />
      </Form.Item>
    </>
  );
}
