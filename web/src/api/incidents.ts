import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncidentStatus, Severity } from '../../../src/model/index.js';
import { apiGet, apiSend } from './client';
import type { IncidentDetail, IncidentList, IncidentView } from './detection-types';

export interface IncidentFilter {
  readonly statuses: readonly IncidentStatus[];
  readonly severities: readonly Severity[];
  readonly services: readonly string[];
  readonly limit: number;
}

export function useIncidents(filter: IncidentFilter, refetchInterval: number | false = 30_000) {
  return useQuery({
    queryKey: ['incidents', filter],
    queryFn: ({ signal }) =>
      apiGet<IncidentList>(
        '/api/v1/incidents',
        {
          status: filter.statuses.join(','),
          severity: filter.severities.join(','),
          service: filter.services.join(','),
          limit: filter.limit,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** One incident with its timeline, summary and anomalies (their evidence). */
export function useIncident(id: string) {
  return useQuery({
    queryKey: ['incident', id],
    queryFn: ({ signal }) => apiGet<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`, undefined, signal),
    refetchInterval: 30_000,
  });
}

/** After a change the server answers with the incident: show it at once, and refresh the lists. */
function useIncidentUpdate(id: string) {
  const client = useQueryClient();
  return (incident: IncidentView) => {
    client.setQueryData<IncidentDetail>(['incident', id], (old) => (old === undefined ? old : { ...old, incident }));
    void client.invalidateQueries({ queryKey: ['incidents'] });
  };
}

/** Acknowledge, resolve or reopen. */
export function useSetIncidentStatus(id: string) {
  const update = useIncidentUpdate(id);
  return useMutation({
    mutationFn: (status: IncidentStatus) => apiSend<IncidentView>('PATCH', `/api/v1/incidents/${encodeURIComponent(id)}`, { status }),
    onSuccess: update,
  });
}

export function useAddComment(id: string) {
  const update = useIncidentUpdate(id);
  return useMutation({
    mutationFn: (text: string) => apiSend<IncidentView>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/comments`, { text }),
    onSuccess: update,
  });
}
