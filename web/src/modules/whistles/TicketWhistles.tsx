/**
 * The whistle side of a ticket page: for a hotline or grid ticket, the whistles blown from it and — for
 * street staff — a 吹哨 button that opens the whistle form with this ticket as the source; for a whistle
 * ticket, the link to its report-ins and to the ticket it started from.
 */
import { Button, Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';

interface LinkItem {
  ticketId: number;
  number: string;
}

export default function TicketWhistles({ ticketId, kind }: { ticketId: number; kind: string }) {
  const { t } = useI18n();
  const { me, may } = useSession();
  const navigate = useNavigate();
  const [whistles, setWhistles] = useState<LinkItem[]>([]);
  const [source, setSource] = useState<LinkItem | null>(null);
  const isWhistle = kind === 'whistle';
  const mayBlow = !isWhistle && me?.unitType === 'street' && may('whistles.blow');

  useEffect(() => {
    let live = true;
    if (isWhistle) {
      // Only staff may read a whistle; others simply see no link.
      api
        .GET('/api/whistles/{id}', { params: { path: { id: ticketId } } })
        .then((r) => live && setSource(r.data?.source ?? null))
        .catch(() => {});
    } else {
      api
        .GET('/api/whistles/by-source/{id}', { params: { path: { id: ticketId } } })
        .then((r) => live && setWhistles(r.data?.items ?? []))
        .catch(() => {});
    }
    return () => {
      live = false;
    };
  }, [ticketId, isWhistle]);

  if (isWhistle)
    return (
      <Card size="small" title={t('nav.whistles')} data-testid="ticket-whistle">
        <Space wrap>
          <Link to={`/whistles?id=${ticketId}`} data-testid="ticket-whistle-open">
            {t('whistle.open')}
          </Link>
          {source && (
            <span>
              {t('whistle.sourceTicket')}:{' '}
              <Link to={`/tickets/${source.ticketId}`} data-testid="ticket-whistle-source">
                {source.number}
              </Link>
            </span>
          )}
        </Space>
      </Card>
    );
  if (!mayBlow && whistles.length === 0) return null;
  return (
    <Card size="small" title={t('nav.whistles')} data-testid="ticket-whistles">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {whistles.length > 0 && (
          <Space wrap>
            <Typography.Text type="secondary">{t('whistle.linked')}:</Typography.Text>
            {whistles.map((w) => (
              <Link key={w.ticketId} to={`/whistles?id=${w.ticketId}`} data-testid={`ticket-whistle-link-${w.number}`}>
                {w.number}
              </Link>
            ))}
          </Space>
        )}
        {mayBlow && (
          <Space wrap>
            <Button type="primary" danger onClick={() => void navigate(`/whistles?source=${ticketId}`)} data-testid="ticket-blow-whistle">
              {t('whistle.fromTicket')}
            </Button>
            <Typography.Text type="secondary">{t('whistle.fromTicketHint')}</Typography.Text>
          </Space>
        )}
      </Space>
    </Card>
  );
}
