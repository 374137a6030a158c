/** The district's streets and communities as cascader options (street › community), from the public divisions list. */
import { useEffect, useMemo, useState } from 'react';
import type { ApiJson } from '../../shared/api.ts';
import { api, must } from '../../shared/api.ts';

type Divisions = ApiJson<'/api/public/divisions'>['items'];

export interface Place {
  value: string;
  label: string;
  children?: Place[];
}

/** `short`: community names without 居委会/村委会 (the phone pages); otherwise as the division tree names them. */
export function usePlaces(short: boolean): Place[] {
  const [divisions, setDivisions] = useState<Divisions>([]);
  useEffect(() => {
    void must(api.GET('/api/public/divisions'))
      .then((r) => setDivisions(r.items))
      .catch(() => setDivisions([]));
  }, []);
  return useMemo(
    () =>
      divisions.map((s) => ({
        value: s.code,
        label: s.name,
        children: s.communities.map((c) => ({ value: c.code, label: short ? c.name.replace(/居委会$/, '').replace(/村委会$/, '村') : c.name })),
      })),
    [divisions, short],
  );
}
