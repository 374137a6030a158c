/**
 * Ticket events are facts: each carries everything needed to apply it (computed deadlines included),
 * so replaying a ticket's events with `evolve` reproduces its state even after the calendar or the
 * time-limit rules have changed.
 */
import type { LimitUnit } from '../calendar/work-calendar.ts';
import type { Actor, Channel, DeadlineKind, InvalidCallbackReason, Outcome, RequestType, Satisfaction, SpecialRoute, TicketKind, Urgency } from './ticket.ts';

/** A deadline as stored in an event: ISO instants, JSON-safe. */
export interface DeadlineFact {
  startedAt: string;
  dueAt: string;
  unit: LimitUnit;
}
export type DeadlineFacts = Partial<Record<DeadlineKind, DeadlineFact | null>>;

export interface AcceptFacts {
  id: number;
  number: string;
  kind: TicketKind;
  districtCode: string;
  requestType: RequestType;
  categoryId: number | null;
  timeLimitClass: string | null;
  urgency: Urgency;
  channel: Channel;
  /** See `Ticket.initiatorUnitId`; absent in histories recorded before initiators existed. */
  initiatorUnitId?: number | null;
}

/** Event payloads by type. Command inputs are these minus the computed fields. */
export interface EventPayloads {
  accept: AcceptFacts;
  answerDirectly: { answer: string; articleId: number | null };
  closeSpecial: { route: SpecialRoute; note: string };
  linkRepeat: { originalId: number; originalNumber: string; progress: string };
  dispatch: { leadUnitId: number; coUnitIds: number[]; fallback: boolean; reason: string; deadlines: DeadlineFacts };
  reassign: { leadUnitId: number; coUnitIds: number[]; note: string; deadlines: DeadlineFacts };
  object: { reason: string };
  decideObjection:
    | { approve: true; leadUnitId: number; coUnitIds: number[]; note: string; deadlines: DeadlineFacts }
    | { approve: false; note: string; deadlines: DeadlineFacts };
  sign: { note: string };
  contact: { method: 'phone' | 'visit' | 'sms' | 'other'; note: string };
  progress: { note: string };
  coReply: { unitId: number; note: string };
  requestExtension: { days: number; reason: string };
  decideExtension: { approve: boolean; days: number; note: string; deadlines: DeadlineFacts };
  defer: { reason: string; plan: string; reviewDate: string };
  reply: { text: string };
  callback:
    | { valid: true; contacted: boolean; resolved: boolean; satisfaction: Satisfaction; note: string }
    | { valid: false; reason: InvalidCallbackReason; note: string };
  redo: { note: string; deadlines: DeadlineFacts };
  close: { outcome: Outcome; note: string };
  supervise: { level: number; note: string };
  markOverdue: { deadline: DeadlineKind };
  /** The system: a deferral's review date has come (挂账到期复查); the ticket stays deferred, marked for review. */
  deferralDue: { reviewDate: string };
  /** The system: automatic supervision notice (1 督办, 2 催办, 3 通报) after `days` working days overdue on `deadline`. */
  escalate: { level: number; deadline: DeadlineKind; days: number; note: string };
  appeal: { reason: string };
  decideAppeal: { approve: boolean; note: string };
  resolveOnSpot: { resolution: string; afterPhotoIds: number[] };
  conclude: { ratings: UnitRating[]; note: string };
}

/** The initiator's rating of a unit that worked on the ticket (a street rating a summoned department). */
export interface UnitRating {
  unitId: number;
  score: number;
  comment: string;
}

export type EventType = keyof EventPayloads;
export const EVENT_TYPES = [
  'accept',
  'answerDirectly',
  'closeSpecial',
  'linkRepeat',
  'dispatch',
  'reassign',
  'object',
  'decideObjection',
  'sign',
  'contact',
  'progress',
  'coReply',
  'requestExtension',
  'decideExtension',
  'defer',
  'reply',
  'callback',
  'redo',
  'close',
  'supervise',
  'markOverdue',
  'deferralDue',
  'escalate',
  'appeal',
  'decideAppeal',
  'resolveOnSpot',
  'conclude',
] as const satisfies readonly EventType[];

export type TicketEvent = {
  [K in EventType]: { type: K; at: Date; actor: Actor | null; data: EventPayloads[K] };
}[EventType];

/** Actions a user (or the system) can ask for: every event type except the creating one. */
export type ActionType = Exclude<EventType, 'accept'>;

/** The input of each action: its payload without what the domain computes (deadlines, levels, units). */
export interface ActionInputs {
  answerDirectly: EventPayloads['answerDirectly'];
  closeSpecial: EventPayloads['closeSpecial'];
  linkRepeat: EventPayloads['linkRepeat'];
  dispatch: { leadUnitId: number; coUnitIds: number[]; fallback: boolean; reason: string };
  reassign: { leadUnitId: number; coUnitIds: number[]; note: string };
  object: EventPayloads['object'];
  decideObjection: { approve: true; leadUnitId: number; coUnitIds: number[]; note: string } | { approve: false; note: string };
  sign: EventPayloads['sign'];
  contact: EventPayloads['contact'];
  progress: EventPayloads['progress'];
  coReply: { note: string };
  requestExtension: EventPayloads['requestExtension'];
  decideExtension: { approve: boolean; days?: number; note: string };
  defer: EventPayloads['defer'];
  reply: EventPayloads['reply'];
  callback: EventPayloads['callback'];
  redo: { note: string };
  close: { note: string };
  supervise: { note: string };
  markOverdue: EventPayloads['markOverdue'];
  deferralDue: Record<string, never>;
  escalate: Record<string, never>;
  appeal: EventPayloads['appeal'];
  decideAppeal: EventPayloads['decideAppeal'];
  resolveOnSpot: EventPayloads['resolveOnSpot'];
  conclude: EventPayloads['conclude'];
}

export type Command = { [K in ActionType]: { type: K; input: ActionInputs[K] } }[ActionType];
