import { useCallback, useMemo, useState } from 'react';
import { resolveRange } from './time-range';
import type { ResolvedRange, TimeRange } from './time-range';
import { useUrlTimeRange } from './url-state';

export interface ViewRange {
  /** As in the URL (`now-1h`, ISO…). */
  readonly range: TimeRange;
  /** Resolved at the last refresh; null when the URL's range does not parse. */
  readonly resolved: ResolvedRange | null;
  readonly error: string | null;
  setRange(range: TimeRange): void;
  /** Resolves relative ranges again at the current time (a "refresh" button). */
  refresh(): void;
}

/**
 * A view's time range: kept in the URL, resolved to epoch ms against one "now" that moves only
 * when the user picks a range or refreshes, so all of a view's queries agree and their keys
 * stay stable between renders.
 */
export function useViewRange(defaultFrom: string): ViewRange {
  const [range, setUrlRange] = useUrlTimeRange(defaultFrom);
  const [now, setNow] = useState(() => Date.now());
  const { resolved, error } = useMemo(() => {
    try {
      return { resolved: resolveRange(range, now), error: null };
    } catch (err) {
      return { resolved: null, error: (err as Error).message };
    }
  }, [range, now]);
  const setRange = useCallback(
    (r: TimeRange) => {
      setUrlRange(r);
      setNow(Date.now());
    },
    [setUrlRange],
  );
  const refresh = useCallback(() => setNow(Date.now()), []);
  return { range, resolved, error, setRange, refresh };
}
