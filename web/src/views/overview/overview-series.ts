import { useMemo } from 'react';
import type { HistogramResponse } from '../../api/types';
import { totalOf } from '../../lib/levels';

/** Per-bucket series over the whole range (null where nothing was logged), for the charts. */
export function useSeries(h: HistogramResponse | undefined, from: number, to: number) {
  return useMemo(() => {
    if (h === undefined || h.buckets.length === 0) return null;
    const first = Math.floor(from / h.bucketMs) * h.bucketMs;
    const n = Math.max(1, Math.ceil((to - first) / h.bucketMs));
    const xs = Array.from({ length: n }, (_, i) => first + i * h.bucketMs);
    const perSecond = new Array<number>(n).fill(0);
    const errorShare = new Array<number | null>(n).fill(null);
    let total = 0;
    let errors = 0;
    for (const b of h.buckets) {
      const i = Math.round((b.ts - first) / h.bucketMs);
      if (i < 0 || i >= n) continue;
      const lines = totalOf(b.counts);
      const errs = b.counts.error + b.counts.fatal;
      total += lines;
      errors += errs;
      perSecond[i] = lines / (h.bucketMs / 1000);
      errorShare[i] = lines === 0 ? null : errs / lines;
    }
    return { xs, perSecond, errorShare, total, errorShareAll: total === 0 ? 0 : errors / total };
  }, [h, from, to]);
}

/** Rates over the last minutes of the range, from a per-minute histogram (the newest minute is still filling, so it is left out). */
export function useRecent(h: HistogramResponse | undefined, to: number) {
  return useMemo(() => {
    if (h === undefined) return null;
    const current = Math.floor(to / 60_000) * 60_000;
    const done = h.buckets.filter((b) => b.ts < current);
    const last5 = done.filter((b) => b.ts >= current - 5 * 60_000);
    const lines5 = last5.reduce((n, b) => n + totalOf(b.counts), 0);
    const lines15 = done.reduce((n, b) => n + totalOf(b.counts), 0);
    const errors15 = done.reduce((n, b) => n + b.counts.error + b.counts.fatal, 0);
    return { rate: lines5 / 300, errorShare: lines15 === 0 ? 0 : errors15 / lines15 };
  }, [h, to]);
}

