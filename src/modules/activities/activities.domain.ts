/**
 * 志愿活动: the pure rules of activities, sessions, the sign-up and waiting lists, check-in windows and
 * service hours (docs/VOLUNTEERS.md, "Activities and check-in"). No I/O and no clock: instants are
 * arguments.
 */

/** Kinds of activity (志愿服务类型), with the words the pages show. */
export const ACTIVITY_TYPES = ['community_service', 'environment', 'elderly_care', 'civilised_city', 'education', 'culture', 'emergency', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_TYPE_LABEL: Record<ActivityType, { zh: string; en: string }> = {
  community_service: { zh: '社区服务', en: 'Community service' },
  environment: { zh: '环境保护', en: 'Environment' },
  elderly_care: { zh: '关爱老人', en: 'Elderly care' },
  civilised_city: { zh: '文明创建', en: 'Civilised city' },
  education: { zh: '助学支教', en: 'Education' },
  culture: { zh: '文化体育', en: 'Culture and sport' },
  emergency: { zh: '应急救援', en: 'Emergency relief' },
  other: { zh: '其他', en: 'Other' },
};

export const ACTIVITY_STATES = ['draft', 'published', 'cancelled'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

export const SIGNUP_STATUSES = ['signed_up', 'waiting', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** One active entry of a session's list: its place in the queue (`position`, fixed at sign-up) and its status. */
export interface ListEntry {
  userId: number;
  position: number;
  status: 'signed_up' | 'waiting';
}

/**
 * The one rule of the lists: among the active entries of a session, ordered by `position` (the order
 * they signed up in), the first `capacity` are signed up and the rest wait. Returns who moves: the
 * waiting volunteers that now have a place (promoted, in order) and the signed-up ones that lost it
 * (moved to the head of the waiting list, in their order, when the capacity drops).
 *
 * Every change of a list (a sign-up, a cancellation, a new capacity) is followed by this, under the
 * session's lock, so a cancellation promotes exactly the first waiting volunteer, once.
 */
export function rebalance(entries: readonly ListEntry[], capacity: number): { promote: number[]; demote: number[] } {
  const ordered = [...entries].sort((a, b) => a.position - b.position);
  const promote: number[] = [];
  const demote: number[] = [];
  ordered.forEach((e, i) => {
    const shouldBe = i < capacity ? 'signed_up' : 'waiting';
    if (shouldBe !== e.status) (shouldBe === 'signed_up' ? promote : demote).push(e.userId);
  });
  return { promote, demote };
}

/** How long before a session starts, and after it ends, its QR code lets volunteers check in and out. */
export const CHECK_IN_OPENS_BEFORE_MS = 60 * 60_000;
export const CHECK_OUT_CLOSES_AFTER_MS = 2 * 60 * 60_000;
/** A second scan this soon after checking in is taken for a double tap, not a check-out. */
export const MIN_STAY_BEFORE_CHECK_OUT_MS = 5 * 60_000;

/** Whether the session's code is accepted at `now`: from an hour before the start to two hours after the end. */
export const checkInWindowOpen = (s: { startsAt: Date; endsAt: Date }, now: Date): boolean =>
  now.getTime() >= s.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS && now.getTime() <= s.endsAt.getTime() + CHECK_OUT_CLOSES_AFTER_MS;

/**
 * Minutes served: check-out minus check-in, both clipped to the session (arriving early or leaving late
 * earns nothing extra). A volunteer who never checked out is counted to the session's end: the
 * organiser sees the record flagged (`noCheckOut`) when confirming and may adjust it with a reason.
 */
export function servedMinutes(session: { startsAt: Date; endsAt: Date }, checkedInAt: Date, checkedOutAt: Date | null): number {
  const start = Math.max(session.startsAt.getTime(), checkedInAt.getTime());
  const end = Math.min(session.endsAt.getTime(), (checkedOutAt ?? session.endsAt).getTime());
  return Math.max(0, Math.floor((end - start) / 60_000));
}

/** Whether two half-open intervals [start, end) overlap. */
export const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/** Distance in metres between two points on the Earth (haversine, mean radius). */
export function distanceMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How far from a venue with coordinates a phone that sends its position may check in. */
export const CHECK_IN_RADIUS_M = 500;

/** Hours with one decimal, from minutes (the certificate and the pages). */
export const hoursOf = (minutes: number): number => Math.round(minutes / 6) / 10;
