/**
 * What the side of the intake workbench looks up while the operator types: the dispatch catalogue's
 * suggestion, likely repeats of an open ticket, and knowledge-base articles for a consultation. A failed
 * look-up shows nothing; a late answer to an older question is dropped.
 */
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import type { Knowledge, RepeatCandidate, RoutingSuggestion } from '../ticket-types.ts';
import type { FormValues, RequestType } from './intake-form.ts';

/** Debounced copy of a value. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/**
 * The catalogue's suggestion as soon as category or place is known; it fills the lead and co-handling
 * units unless the operator chose them (`leadTouched`).
 */
export function useRoutingSuggestion(
  form: FormInstance<FormValues>,
  where: { categoryId: number | undefined; streetCode: string | undefined; communityCode: string | undefined },
  leadTouched: boolean,
) {
  const { categoryId, streetCode, communityCode } = where;
  const [suggestion, setSuggestion] = useState<RoutingSuggestion | null>(null);
  useEffect(() => {
    if (categoryId === undefined && streetCode === undefined) {
      setSuggestion(null);
      return;
    }
    let live = true;
    api
      .GET('/api/routing/suggest', { params: { query: { categoryId, streetCode: communityCode ? undefined : streetCode, communityCode } } })
      .then((r) => {
        if (!live || !r.data) return;
        setSuggestion(r.data);
        if (!leadTouched) form.setFieldsValue({ leadUnitId: r.data.leadUnitId, coUnitIds: r.data.coUnitIds });
      })
      .catch(() => live && setSuggestion(null));
    return () => {
      live = false;
    };
  }, [categoryId, streetCode, communityCode, leadTouched, form]);
  return [suggestion, setSuggestion] as const;
}

/** Likely repeats once phone and category (and community) are known. */
export function useRepeatCandidates(phone: string | undefined, categoryId: number | undefined, communityCode: string | undefined) {
  const [repeats, setRepeats] = useState<RepeatCandidate[]>([]);
  const debouncedPhone = useDebounced((phone ?? '').trim(), 300);
  useEffect(() => {
    if (categoryId === undefined || debouncedPhone.replace(/\D/g, '').length < 5) {
      setRepeats([]);
      return;
    }
    let live = true;
    api
      .GET('/api/tickets/repeat-candidates', { params: { query: { phone: debouncedPhone, categoryId, communityCode } } })
      .then((r) => live && setRepeats(r.data?.items ?? []))
      .catch(() => live && setRepeats([]));
    return () => {
      live = false;
    };
  }, [debouncedPhone, categoryId, communityCode]);
  return [repeats, setRepeats] as const;
}

/** The knowledge base for consultations: by words typed, else by category. */
export function useKnowledge(requestType: RequestType, query: string, categoryId: number | undefined): Knowledge[] {
  const [items, setItems] = useState<Knowledge[]>([]);
  const debounced = useDebounced(query.trim(), 250);
  useEffect(() => {
    if (requestType !== 'consultation' || (!debounced && categoryId === undefined)) {
      setItems([]);
      return;
    }
    let live = true;
    api
      .GET('/api/knowledge', { params: { query: debounced ? { q: debounced } : { categoryId } } })
      .then((r) => live && setItems(r.data?.items ?? []))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [requestType, debounced, categoryId]);
  return items;
}
