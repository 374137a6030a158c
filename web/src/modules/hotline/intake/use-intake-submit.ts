/**
 * Recording the call: validates the form, sends it once with its Idempotency-Key and the chosen triage,
 * and reports the new ticket (number, state, query code, the unit it went to) or the error. A second
 * submit while one is under way is ignored (the key guards the server as well).
 */
import { App, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { api, errorMessage, must } from '../../../shared/api.ts';
import { useI18n } from '../../../shell/i18n.tsx';
import { uuid, type IntakeResult } from '../ticket-types.ts';
import type { FormValues, Triage } from './intake-form.ts';

export type Recorded = IntakeResult & { leadUnitId: number | null };

/** The key of the call being recorded, and a way to start a new call with a fresh one. */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(uuid);
  const renew = useCallback(() => setKey(uuid()), []);
  return [key, renew];
}

/** `onRecorded` runs after the ticket was recorded (the page clears the form for the next call). */
export function useIntakeSubmit(form: FormInstance<FormValues>, idempotencyKey: string, onRecorded: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Recorded | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Guards against a second submit before the first answers (the Idempotency-Key guards the server). */
  const inFlight = useRef(false);

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
        onRecorded();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [form, idempotencyKey, message, onRecorded, t],
  );

  return { busy, result, error, submit, clearResult: () => setResult(null), clearError: () => setError(null) };
}
