/** What the activity pages share: the API's shapes and the fixed lists. */
import type { ApiJson } from '../../shared/api.ts';
import type { MessageKey } from '../../shell/i18n.tsx';

export type Activity = ApiJson<'/api/activities'>['items'][number];
export type Session = Activity['sessions'][number];
export type SessionList = ApiJson<'/api/activities/sessions/{sessionId}/signups'>;

/** The kinds of activity, as the API lists them (checked against its enum at typecheck). */
export const ACTIVITY_TYPES = [
  'community_service',
  'environment',
  'elderly_care',
  'civilised_city',
  'education',
  'culture',
  'emergency',
  'other',
] as const satisfies readonly Activity['activityType'][];

export const typeKey = (t: string) => `act.type.${t}` as MessageKey;
export const stateKey = (s: string) => `act.state.${s}` as MessageKey;
export const signupKey = (s: string) => `act.signup.${s}` as MessageKey;
export const hours = (minutes: number | null | undefined) => (minutes === null || minutes === undefined ? '—' : (Math.round(minutes / 6) / 10).toFixed(1));
