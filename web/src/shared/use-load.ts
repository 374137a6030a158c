/**
 * Data a component loads from the server: `useLoad(fetcher, deps)` runs the fetcher when the component
 * mounts and whenever `deps` change, and again on `reload()`. How it behaves is the same everywhere:
 *
 * - `loading` is true while a load runs; the last data stays (a table keeps its rows under the spinner,
 *   a page its content) and stays after a failed load too;
 * - `error` is the readable message of the last failed load (`errorMessage`), cleared when a load succeeds;
 *   the caller shows it as the page always did (an alert above the table, or `onError` for a toast);
 * - only the latest load counts: an older answer arriving late is dropped, and nothing is set after the
 *   component unmounts.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type DependencyList } from 'react';
import { errorMessage } from './api.ts';

export interface LoadOptions<T> {
  /** The data before the first load succeeds (say `[]` for a table); without it, `data` starts undefined. */
  initial?: T;
  /**
   * Nothing to load while true (no ticket selected, no tab known yet): `data` is back to `initial`, no
   * error, and `reload()` does nothing.
   */
  skip?: boolean;
  /** Called with the message of each failed load, for pages that show load errors as a toast. */
  onError?(message: string): void;
}

export interface Loaded<T> {
  data: T;
  loading: boolean;
  /** The last load's failure as a readable message; null once a load succeeds. */
  error: string | null;
  /** What the last failed load threw (the API's error body or an Error), for pages that look at its code. */
  failure: unknown;
  /** Loads again with the current inputs; resolves when that load is over (it never rejects). */
  reload(): Promise<void>;
}

interface State<T> {
  data: T;
  loading: boolean;
  error: string | null;
  failure: unknown;
}

export function useLoad<T>(fetcher: () => Promise<T>, deps: DependencyList, options: LoadOptions<T> & { initial: T }): Loaded<T>;
export function useLoad<T>(fetcher: () => Promise<T>, deps: DependencyList, options?: LoadOptions<T>): Loaded<T | undefined>;
export function useLoad<T>(fetcher: () => Promise<T>, deps: DependencyList, options: LoadOptions<T> = {}): Loaded<T | undefined> {
  const skip = options.skip ?? false;
  const initial = useRef(options.initial);
  const [state, setState] = useState<State<T | undefined>>(() => ({ data: initial.current, loading: !skip, error: null, failure: null }));
  // The fetcher and callbacks of the latest render, so `reload` stays the same function.
  const latest = useRef({ fetcher, onError: options.onError, skip });
  useLayoutEffect(() => {
    latest.current = { fetcher, onError: options.onError, skip };
  });
  /** Counts loads; a load whose number is no longer the latest (or after unmount) sets nothing. */
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    try {
      const data = await latest.current.fetcher();
      if (mine === generation.current) setState({ data, loading: false, error: null, failure: null });
    } catch (e) {
      if (mine !== generation.current) return;
      const message = errorMessage(e);
      setState((s) => ({ ...s, loading: false, error: message, failure: e }));
      latest.current.onError?.(message);
    }
  }, []);

  useEffect(() => {
    if (skip) {
      setState((s) =>
        s.data === initial.current && !s.loading && s.error === null ? s : { data: initial.current, loading: false, error: null, failure: null },
      );
      return;
    }
    void run();
    return () => {
      // A counter, not a DOM node: bumping it makes the answer of the load in flight stale.
      // eslint-disable-next-line react-hooks/exhaustive-deps
      generation.current++;
    };
    // The caller's deps decide when to load again, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as with useEffect
  }, [skip, run, ...deps]);

  const reload = useCallback(() => (latest.current.skip ? Promise.resolve() : run()), [run]);
  return { ...state, reload };
}
