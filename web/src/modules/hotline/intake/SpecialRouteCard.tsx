/**
 * Closing a call by a special route (110/119/…, courts, petitions, outside the hotline's duty) within
 * the intake form: the route, a note, and the button that records and closes it.
 */
import { App, Button, Card, Col, Form, Input, Row, Select } from 'antd';
import { labelOf } from '../../../shared/format.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import { SPECIAL_ROUTES } from '../ticket-types.ts';
import type { FormValues, SpecialRoute } from './intake-form.ts';

export default function SpecialRouteCard({ busy, onClose }: { busy: boolean; onClose(route: SpecialRoute): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const form = Form.useFormInstance<FormValues>();
  return (
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
                onClose(route);
              }}
            >
              {t('ticket.intake.closeSpecial')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
