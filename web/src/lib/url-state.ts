import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'wouter';
import type { TimeRange } from './time-range';

export interface UrlUpdateOptions {
  /** Replace the history entry instead of adding one (for state not worth a Back step, like a selected row). */
  readonly replace?: boolean;
}

export type UrlPatch = Readonly<Record<string, string | null | undefined>>;

/**
 * View state lives in the query string, so every view is a link. `set` merges a patch
 * (null/undefined/'' removes a key) into the current parameters.
 */
export function useUrlState(): {
  readonly params: URLSearchParams;
  get(key: string, fallback: string): string;
  set(patch: UrlPatch, options?: UrlUpdateOptions): void;
} {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (patch: UrlPatch, options: UrlUpdateOptions = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );
  const get = useCallback((key: string, fallback: string) => params.get(key) ?? fallback, [params]);
  return { params, get, set };
}

/** The view's time range (`from`, `to` in the URL), defaulting to `defaultFrom` → now. */
export function useUrlTimeRange(defaultFrom: string): [TimeRange, (range: TimeRange) => void] {
  const { get, set } = useUrlState();
  const from = get('from', defaultFrom);
  const to = get('to', 'now');
  // Stable identity while the text is unchanged, so effects and query keys depending on it settle.
  const range = useMemo<TimeRange>(() => ({ from, to }), [from, to]);
  const setRange = useCallback((r: TimeRange) => set({ from: r.from, to: r.to === 'now' ? null : r.to }), [set]);
  return [range, setRange];
}

/** `?from=…&to=…` to carry a time range onto a link to another view. */
export function rangeQuery(range: TimeRange | null, extra: UrlPatch = {}): string {
  const p = new URLSearchParams();
  if (range !== null) {
    p.set('from', range.from);
    if (range.to !== 'now') p.set('to', range.to);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}
