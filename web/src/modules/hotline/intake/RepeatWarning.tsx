/** Open tickets this call may repeat (same phone and category), each with a button that links the call to it. */
import { Alert, Button } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../shell/i18n.tsx';
import type { RepeatCandidate } from '../ticket-types.ts';
import ListRow from './ListRow.tsx';

export default function RepeatWarning({ repeats, busy, onLink }: { repeats: readonly RepeatCandidate[]; busy: boolean; onLink(originalId: number): void }) {
  const { t } = useI18n();
  return (
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
                <Button size="small" type="primary" ghost disabled={busy} data-testid={`intake-link-repeat-${c.id}`} onClick={() => onLink(c.id)}>
                  {t('ticket.intake.linkRepeat')}
                </Button>
              }
            />
          ))}
        </div>
      }
    />
  );
}
