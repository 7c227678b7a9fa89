import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet } from './client';
import type { HistogramResponse, LogEvent, SearchPage } from './types';

/** The first page is small so the first lines paint fast; later pages are large so deep scrolling needs few requests. */
export const FIRST_PAGE = 200;
export const NEXT_PAGE = 1000;

export interface LogSearchKey {
  /** API filter parameters (q, service, level, …). */
  readonly filters: Readonly<Record<string, string>>;
  readonly from: number;
  readonly to: number;
  /** Histogram bucket width (`1m`…); default: about 60 buckets over the range. */
  readonly bucket?: string;
}

interface PageParam {
  readonly cursor: string | null;
  readonly limit: number;
}

/** Search results, newest first, a page at a time as the list scrolls. */
export function useLogSearch(key: LogSearchKey, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['logs', key],
    enabled,
    initialPageParam: { cursor: null, limit: FIRST_PAGE } as PageParam,
    queryFn: ({ pageParam, signal }) =>
      apiGet<SearchPage>('/api/v1/logs', { ...key.filters, from: key.from, to: key.to, limit: pageParam.limit, cursor: pageParam.cursor }, signal),
    getNextPageParam: (last): PageParam | undefined => (last.nextCursor === null ? undefined : { cursor: last.nextCursor, limit: NEXT_PAGE }),
    // A result set is a snapshot of a resolved range: never refetch it behind the user's back.
    staleTime: Infinity,
    gcTime: 60_000,
    // Pages are only ever appended: comparing 100,000 loaded lines deeply for sharing would stall each page load.
    structuralSharing: false,
  });
}

export function useHistogram(key: LogSearchKey, enabled = true) {
  return useQuery({
    queryKey: ['histogram', key],
    enabled,
    queryFn: ({ signal }) => apiGet<HistogramResponse>('/api/v1/logs/histogram', { ...key.filters, from: key.from, to: key.to, bucket: key.bucket }, signal),
    staleTime: Infinity,
    // Keep the old bars on screen while the new range loads, instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

/** Lines around one event (same partition, arrival order), for "show surrounding lines". */
export function useLogContext(id: string | null, before = 30, after = 30) {
  return useQuery({
    queryKey: ['context', id, before, after],
    enabled: id !== null,
    queryFn: ({ signal }) => apiGet<{ events: LogEvent[] }>(`/api/v1/logs/${encodeURIComponent(id ?? '')}/context`, { before, after }, signal),
    staleTime: Infinity,
    // Loading more lines keeps the ones on screen (and the scroll position) meanwhile.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === id ? previous : undefined),
  });
}
