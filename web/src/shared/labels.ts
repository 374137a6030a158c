/**
 * The names of ticket kinds and sources as the server serves them (GET /api/reference/labels: the
 * engine's one list), so the web keeps no copy of its own. Loaded once and shared by every page; until
 * it arrives (or if it fails) a code shows as itself.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, must } from './api.ts';
import type { paths } from '../api-types';
import type { Lang } from '../shell/i18n.tsx';

type LabelsView = paths['/api/reference/labels']['get']['responses'][200]['content']['application/json'];
export type KindCode = LabelsView['kinds'][number]['code'];
export type SourceCode = LabelsView['sources'][number]['code'];

export interface Labels {
  /** Every kind and source, in the engine's order. */
  kinds: LabelsView['kinds'];
  sources: LabelsView['sources'];
  /** The name of a kind in `lang`, or the code itself when the server does not know it. */
  kind(code: string, lang: Lang): string;
  /** The name of a source in `lang`, or the code itself. */
  source(code: string, lang: Lang): string;
}

let pending: Promise<LabelsView> | null = null;
function load(): Promise<LabelsView> {
  pending ??= must(api.GET('/api/reference/labels')).catch((e: unknown) => {
    pending = null; // try again on the next page that asks
    throw e;
  });
  return pending;
}

const nameIn = (list: readonly { code: string; name: string; nameEn: string }[], code: string, lang: Lang): string => {
  const x = list.find((i) => i.code === code);
  return x === undefined ? code : lang === 'en' ? x.nameEn : x.name;
};

export function useLabels(): Labels {
  const [view, setView] = useState<LabelsView>({ kinds: [], sources: [] });
  useEffect(() => {
    let live = true;
    load()
      .then((v) => live && setView(v))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return useMemo(
    () => ({ kinds: view.kinds, sources: view.sources, kind: (c, lang) => nameIn(view.kinds, c, lang), source: (c, lang) => nameIn(view.sources, c, lang) }),
    [view],
  );
}
