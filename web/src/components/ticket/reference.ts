/** Types of the ticket API answers, and reference data (categories, places, units) for ticket forms. */
import { useEffect, useState } from 'react';
import { api, must } from '../../shared/api.ts';
import type { paths } from '../../api-types';
import type { MessageKey } from '../../messages/zh-CN.ts';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type TicketDetails = Json<'/api/tickets/{id}', 'get'>;
export type TicketEvent = TicketDetails['events'][number];
export type Category = Json<'/api/categories', 'get'>['items'][number];
export type Division = Json<'/api/divisions', 'get'>['items'][number];
export type Unit = Json<'/api/units', 'get'>['items'][number];
export type Knowledge = Json<'/api/knowledge', 'get'>['items'][number];
export type RoutingSuggestion = Json<'/api/routing/suggest', 'get'>;
export type RepeatCandidate = Json<'/api/tickets/repeat-candidates', 'get'>['items'][number];
export type IntakeResult = Json<'/api/tickets', 'post'>;

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

/** The message for `prefix.value`, or the value itself when the catalogue has no such key. */
export function labelOf(t: (k: MessageKey) => string, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const key = `${prefix}.${value}` as MessageKey;
  const s = t(key);
  return s === key ? value : s;
}

export interface Reference {
  categories: Category[];
  divisions: Division[];
  units: Unit[];
  loading: boolean;
  error: unknown;
}

/** Categories, places and units, loaded once per page. */
export function useReference(): Reference {
  const [state, setState] = useState<Reference>({ categories: [], divisions: [], units: [], loading: true, error: null });
  useEffect(() => {
    let live = true;
    Promise.all([must(api.GET('/api/categories')), must(api.GET('/api/divisions')), must(api.GET('/api/units'))])
      .then(([c, d, u]) => live && setState({ categories: c.items, divisions: d.items, units: u.items, loading: false, error: null }))
      .catch((error: unknown) => live && setState((s) => ({ ...s, loading: false, error })));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export interface PlaceOption {
  value: string;
  label: string;
  children?: PlaceOption[];
}

/** Streets/towns with their communities, for a Cascader. Community names lose the 居委会/村委会 suffix. */
export function placeOptions(divisions: readonly Division[]): PlaceOption[] {
  const streets = divisions.filter((d) => d.level === 'street');
  const byStreet = new Map<string, PlaceOption[]>();
  for (const d of divisions) {
    if (d.level !== 'community' || d.parentCode === null) continue;
    const list = byStreet.get(d.parentCode) ?? [];
    list.push({ value: d.code, label: shortCommunity(d.name) });
    byStreet.set(d.parentCode, list);
  }
  return streets
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => ({ value: s.code, label: s.name, children: (byStreet.get(s.code) ?? []).sort((a, b) => a.value.localeCompare(b.value)) }));
}

/** 德露苑社区居委会 → 德露苑社区, 炭厂村委会 → 炭厂村. */
export const shortCommunity = (name: string) => name.replace(/居委会$/, '').replace(/村委会$/, '村');

/** Units that can handle tickets (not the centre), active, in seed order. */
export const handlingUnits = (units: readonly Unit[]) => units.filter((u) => u.active && u.unitType !== 'centre');

/** A random UUID, also where crypto.randomUUID is missing (plain-HTTP pages). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
