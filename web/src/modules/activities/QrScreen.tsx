/**
 * 签到二维码 (organisers): the live QR code of a session, shown on a screen at the venue. It fetches the
 * code again when the server says (`refreshAt`, every 30 s), so a photo of an older code soon stops
 * working. The link under it is what the code encodes.
 */
import { Alert, Card, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useI18n } from '../../shell/i18n.tsx';

type Code = ApiJson<'/api/activities/sessions/{sessionId}/check-in-code'>;

export default function QrScreen() {
  const { t } = useI18n();
  const sessionId = Number(useParams().sessionId);
  const [code, setCode] = useState<Code | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const c = await must(api.GET('/api/activities/sessions/{sessionId}/check-in-code', { params: { path: { sessionId } } }));
        if (!live) return;
        setCode(c);
        setError(null);
        timer = setTimeout(load, Math.max(1000, Date.parse(c.refreshAt) - Date.now() + 200));
      } catch (e) {
        if (!live) return;
        setError(errorMessage(e));
        timer = setTimeout(load, 10_000);
      }
    };
    void load();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, [sessionId]);
  return (
    <Card style={{ maxWidth: 640, margin: '0 auto', textAlign: 'center' }}>
      <Typography.Title level={2}>{t('act.qr.title')}</Typography.Title>
      {code && (
        <>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {code.activityTitle} · {code.venueName}
          </Typography.Title>
          <Typography.Text type="secondary">
            {formatTime(code.session.startsAt)} – {formatTime(code.session.endsAt).slice(11)}
          </Typography.Text>
          <div style={{ width: 360, maxWidth: '100%', margin: '16px auto' }} data-testid="qr-svg" dangerouslySetInnerHTML={{ __html: code.svg }} />
          <Typography.Paragraph type="secondary">
            {t('act.qr.refreshIn', { s: Math.max(0, Math.ceil((Date.parse(code.refreshAt) - now) / 1000)) })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('act.qr.link')}:{' '}
            <Typography.Text code data-testid="qr-url">
              {code.url}
            </Typography.Text>
          </Typography.Paragraph>
        </>
      )}
      {error && <Alert type="error" title={error} />}
      <Typography.Paragraph>{t('act.qr.hint')}</Typography.Paragraph>
    </Card>
  );
}
