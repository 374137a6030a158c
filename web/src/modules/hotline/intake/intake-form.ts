/**
 * The intake form's values and what a submission asks the server to do with the new ticket (its
 * triage): record only, dispatch, answer directly, close by a special route or link it to an open one.
 */
import type { Category } from '../../../shared/reference.ts';
import type { CHANNELS, REQUEST_TYPES, SPECIAL_ROUTES, URGENCIES } from '../ticket-types.ts';

export type RequestType = (typeof REQUEST_TYPES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type SpecialRoute = (typeof SPECIAL_ROUTES)[number];

export interface FormValues {
  requestType: RequestType;
  channel: Channel;
  urgency: Urgency;
  requesterPhone?: string;
  requesterName?: string;
  categoryId?: number;
  place?: string[];
  address?: string;
  content?: string;
  leadUnitId?: number;
  coUnitIds?: number[];
  dispatchReason?: string;
  specialRoute?: SpecialRoute;
  specialNote?: string;
}

export type Triage =
  | { action: 'none' }
  | { action: 'dispatch'; leadUnitId?: number; coUnitIds?: number[]; reason?: string }
  | { action: 'answerDirectly'; answer: string; articleId?: number }
  | { action: 'closeSpecial'; route: SpecialRoute; note?: string }
  | { action: 'linkRepeat'; originalId: number };

export const INITIAL: FormValues = { requestType: 'complaint', channel: 'phone', urgency: 'normal' };

/** Does a leaf category match what the operator typed (name, path, keywords or code)? */
export function categoryMatches(c: Category, input: string): boolean {
  const q = input.trim().toLowerCase();
  if (!q) return true;
  return (
    c.name.toLowerCase().includes(q) ||
    c.path.toLowerCase().includes(q) ||
    c.code.toLowerCase().includes(q) ||
    c.nameEn.toLowerCase().includes(q) ||
    c.keywords.some((k) => k.toLowerCase().includes(q) || q.includes(k.toLowerCase()))
  );
}

/** Closest matches first: name, then keyword, then path. */
export function categoryRank(c: Category, input: string): number {
  const q = input.trim().toLowerCase();
  if (c.name.toLowerCase().startsWith(q)) return 0;
  if (c.name.toLowerCase().includes(q)) return 1;
  if (c.keywords.some((k) => k.toLowerCase() === q)) return 2;
  if (c.keywords.some((k) => k.toLowerCase().includes(q))) return 3;
  return 4;
}
