/** The call just recorded: its number and state, the query code, the unit it went to, warnings, a link to it. */
import { Alert, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { labelOf } from '../../../shared/format.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import type { Recorded } from './use-intake-submit.ts';

export default function RecordedAlert({ result, unitName, onClose }: { result: Recorded; unitName(id: number): string; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="success"
      showIcon
      closable={{ onClose }}
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
          {result.leadUnitId !== null ? (
            <span data-testid="intake-result-unit">{t('ticket.intake.dispatchedTo', { unit: unitName(result.leadUnitId) })}</span>
          ) : null}
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
  );
}
