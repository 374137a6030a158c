/** Types of the ticket API answers and the value lists of the ticket forms (intake, actions, callback). */
import type { ApiBody, ApiJson } from '../../shared/api.ts';

export type TicketDetails = ApiJson<'/api/tickets/{id}', 'get'>;
export type TicketEvent = TicketDetails['events'][number];
export type Knowledge = ApiJson<'/api/knowledge', 'get'>['items'][number];
export type RoutingSuggestion = ApiJson<'/api/routing/suggest', 'get'>;
export type RepeatCandidate = ApiJson<'/api/tickets/repeat-candidates', 'get'>['items'][number];
export type IntakeResult = ApiJson<'/api/tickets', 'post'>;

export const REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const CHANNELS = ['phone', 'web', 'mobile', 'wechat', 'weibo', 'transfer_12345', 'open311', 'grid', 'other'] as const;
export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export const SPECIAL_ROUTES = [
  'emergency_110',
  'emergency_119',
  'emergency_120',
  'emergency_122',
  'court_or_arbitration',
  'discipline_inspection',
  'administrative_review',
  'information_disclosure',
  'petition',
  'outside_duty',
  'unlawful_request',
] as const;
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const INVALID_CALLBACK_REASONS = ['unreachable', 'refused', 'wrong_number', 'requester_withdrew', 'other'] as const;
export const CONTACT_METHODS = ['phone', 'visit', 'sms', 'other'] as const;

/** True when a list names every member of a union and nothing else. */
type Exactly<L extends readonly unknown[], U> = [Exclude<U, L[number]>, Exclude<L[number], U>] extends [never, never] ? true : false;
type Holds<T extends true> = T;
type IntakeBody = ApiBody<'/api/tickets'>;
type CallbackBody = ApiBody<'/api/tickets/{id}/actions/callback'>;
/**
 * The lists above are the form's options in their order; the server's schema is the truth. A value the
 * server adds or drops fails the web's typecheck here (after `npm run openapi`), not a user at the form.
 */
export type ListsMatchTheApi = [
  Holds<Exactly<typeof REQUEST_TYPES, IntakeBody['requestType']>>,
  Holds<Exactly<typeof CHANNELS, IntakeBody['channel']>>,
  Holds<Exactly<typeof URGENCIES, NonNullable<IntakeBody['urgency']>>>,
  Holds<Exactly<typeof SPECIAL_ROUTES, NonNullable<TicketDetails['specialRoute']>>>,
  Holds<Exactly<typeof SATISFACTIONS, Extract<CallbackBody, { valid: true }>['satisfaction']>>,
  Holds<Exactly<typeof INVALID_CALLBACK_REASONS, Extract<CallbackBody, { valid: false }>['reason']>>,
  Holds<Exactly<typeof CONTACT_METHODS, ApiBody<'/api/tickets/{id}/actions/contact'>['method']>>,
];

/** A random UUID, also where crypto.randomUUID is missing (plain-HTTP pages). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
