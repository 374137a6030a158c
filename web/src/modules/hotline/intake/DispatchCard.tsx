/**
 * Dispatch (派单) within the intake form: the lead and co-handling units (filled from the catalogue's
 * suggestion until the operator changes them, who then may say why) and the buttons that record the
 * call — with dispatch (Ctrl+Enter), record only, or start over.
 */
import { Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import type { Unit } from '../../../shared/reference.ts';
import { useI18n } from '../../../shell/i18n.tsx';

export interface DispatchCardProps {
  /** Units that can handle tickets. */
  units: readonly Unit[];
  /** The operator chose the units (not the catalogue). */
  leadTouched: boolean;
  onLeadTouched(): void;
  busy: boolean;
  onDispatch(): void;
  onRecordOnly(): void;
  onReset(): void;
}

export default function DispatchCard({ units, leadTouched, onLeadTouched, busy, onDispatch, onRecordOnly, onReset }: DispatchCardProps) {
  const { t } = useI18n();
  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));
  return (
    <Card size="small" type="inner" title={t('ticket.intake.dispatchTitle')} style={{ marginBottom: 16 }}>
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <Form.Item name="leadUnitId" label={t('ticket.field.leadUnit')} extra={leadTouched ? t('ticket.intake.overridden') : undefined}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              placeholder={t('ticket.intake.leadPlaceholder')}
              options={unitOptions}
              onChange={onLeadTouched}
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
              options={unitOptions}
              onChange={onLeadTouched}
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
        <Button type="primary" onClick={onDispatch} loading={busy} data-testid="intake-submit">
          {t('ticket.intake.submitDispatch')}
        </Button>
        <Button onClick={onRecordOnly} disabled={busy} data-testid="intake-record-only">
          {t('ticket.intake.recordOnly')}
        </Button>
        <Button onClick={onReset} disabled={busy} data-testid="intake-reset">
          {t('ticket.intake.reset')}
        </Button>
      </Space>
    </Card>
  );
}
