/**
 * /m/check-in?t=…: the page the venue's QR code opens. The signed-in volunteer's phone posts the code
 * (with its position when the browser gives it quickly) and shows the answer big and clear: checked
 * in, checked out, or why not.
 */
import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Button, Card, Result } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage, must, type ApiJson } from '../../shared/api.ts';
import { formatTime } from '../../shared/format.ts';
import { useI18n } from '../../shell/i18n.tsx';
import { useSession } from '../../shell/session.tsx';
import MobileShell from './MobileShell.tsx';

type Answer = ApiJson<'/api/activities/check-ins', 'post'>;

/** The phone's position if the browser gives it within 3 s; null otherwise (the check-in goes on without it). */
function position(): Promise<{ latitude: number; longitude: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 3000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { timeout: 3000, maximumAge: 60_000 },
    );
  });
}

function CheckIn({ token }: { token: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void (async () => {
      try {
        const where = await position();
        setAnswer(await must(api.POST('/api/activities/check-ins', { body: { token, ...(where ? { position: where } : {}) } })));
      } catch (e) {
        setFailure(errorMessage(e));
      }
    })();
  }, [token]);
  if (answer)
    return (
      <Result
        icon={<CheckCircleFilled style={{ color: '#389e0d', fontSize: 96 }} />}
        title={
          <span style={{ fontSize: 32 }} data-testid="check-in-result">
            {answer.action === 'checked_in' ? t('m.checkIn.in') : t('m.checkIn.out')}
          </span>
        }
        subTitle={<span style={{ fontSize: 18 }}>{t('m.checkIn.at', { time: formatTime(answer.at) })}</span>}
        extra={<Button onClick={() => navigate('/m/hours')}>{t('m.act.myHours')}</Button>}
      />
    );
  if (failure)
    return (
      <Result
        icon={<CloseCircleFilled style={{ color: '#cf1322', fontSize: 96 }} />}
        title={
          <span style={{ fontSize: 28 }} data-testid="check-in-result">
            {t('m.checkIn.failed')}
          </span>
        }
        subTitle={
          <span style={{ fontSize: 18 }} data-testid="check-in-reason">
            {failure}
          </span>
        }
      />
    );
  return <Result icon={<LoadingOutlined style={{ fontSize: 72 }} />} title={t('m.checkIn.working')} />;
}

export default function MobileCheckInPage() {
  const { t } = useI18n();
  const token = useSearchParams()[0].get('t');
  const { may } = useSession();
  return (
    <MobileShell title={t('m.checkIn.title')}>
      <Card>{token ? may('activities.volunteer') && <CheckIn token={token} /> : <Result status="info" title={t('m.checkIn.noToken')} />}</Card>
    </MobileShell>
  );
}
