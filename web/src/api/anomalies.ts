import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AnomalyKind } from '../../../src/model/index.js';
import { apiGet, apiSend } from './client';
import type { AnomalyList, AnomalyView, Explanation } from './detection-types';

export interface AnomalyFilter {
  readonly from: number;
  readonly to: number;
  readonly kinds: readonly AnomalyKind[];
  readonly services: readonly string[];
  /** Include anomalies marked as noise. */
  readonly withNoise: boolean;
  readonly limit: number;
}

export function useAnomalies(filter: AnomalyFilter) {
  return useQuery({
    queryKey: ['anomalies', filter],
    queryFn: ({ signal }) =>
      apiGet<AnomalyList>(
        '/api/v1/anomalies',
        {
          from: filter.from,
          to: filter.to,
          kind: filter.kinds.join(','),
          service: filter.services.join(','),
          noise: filter.withNoise ? undefined : false,
          limit: filter.limit,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useAnomaly(id: string | null) {
  return useQuery({
    queryKey: ['anomaly', id],
    enabled: id !== null,
    queryFn: ({ signal }) => apiGet<AnomalyView>(`/api/v1/anomalies/${encodeURIComponent(id ?? '')}`, undefined, signal),
  });
}

/** `template`: this kind for this template; `service`: this kind for the whole service. */
export type NoiseScope = 'template' | 'service';

/** Marks an anomaly as noise (or takes that back): detection stops raising that kind there. */
export function useSetNoise(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ noise, scope }: { noise: boolean; scope?: NoiseScope }) =>
      apiSend<AnomalyView>('PATCH', `/api/v1/anomalies/${encodeURIComponent(id)}`, scope === undefined ? { noise } : { noise, scope }),
    onSuccess: (anomaly) => {
      client.setQueryData(['anomaly', id], anomaly);
      void client.invalidateQueries({ queryKey: ['anomalies'] });
      void client.invalidateQueries({ queryKey: ['incident'] });
    },
  });
}

/** What accounts for the difference between a range and a baseline window. */
export function useExplanation(params: { from: number; to: number; baselineFrom: number; baselineTo: number; service?: string } | null) {
  return useQuery({
    queryKey: ['explain', params],
    enabled: params !== null,
    queryFn: ({ signal }) => apiGet<Explanation>('/api/v1/explain', { ...params, limit: 8 }, signal),
  });
}
