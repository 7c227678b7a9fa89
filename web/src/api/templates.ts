import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from './client';
import type { ServiceActivity, TemplateActivity, TemplateComparison, TemplateDetail, TemplateList } from './types';

/** One template with its parameter distributions (the server samples up to 1,000 recent lines). */
export function useTemplate(id: string | null) {
  return useQuery({
    queryKey: ['template', id],
    enabled: id !== null,
    queryFn: ({ signal }) => apiGet<TemplateDetail>(`/api/v1/templates/${encodeURIComponent(id ?? '')}`, undefined, signal),
    staleTime: 30_000,
  });
}

export interface ActivityParams {
  readonly from: number;
  readonly to: number;
  readonly q?: string;
  readonly service?: string;
  readonly sort?: 'count' | 'rare' | 'new' | 'recent';
  readonly limit?: number;
  readonly bucket?: string;
}

/** Templates active in a range, with count, share, level mix and a trend series each. */
export function useTemplateActivity(params: ActivityParams) {
  return useQuery({
    queryKey: ['template-activity', params],
    queryFn: ({ signal }) => apiGet<TemplateActivity>('/api/v1/templates/activity', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface CompareParams {
  readonly baselineFrom: number;
  readonly baselineTo: number;
  readonly from: number;
  readonly to: number;
  readonly service?: string;
}

export function useTemplateComparison(params: CompareParams | null) {
  return useQuery({
    queryKey: ['template-compare', params],
    enabled: params !== null,
    queryFn: ({ signal }) => apiGet<TemplateComparison>('/api/v1/templates/compare', { ...params }, signal),
  });
}

/** The newest templates (first seen), for "new patterns". */
export function useNewestTemplates(limit: number) {
  return useQuery({
    queryKey: ['templates-newest', limit],
    queryFn: ({ signal }) => apiGet<TemplateList>('/api/v1/templates', { sort: 'new', limit }, signal),
    refetchInterval: 60_000,
  });
}

export function useServiceActivity(from: number, to: number, limit = 50) {
  return useQuery({
    queryKey: ['services', from, to, limit],
    queryFn: ({ signal }) => apiGet<ServiceActivity>('/api/v1/services', { from, to, limit }, signal),
    placeholderData: keepPreviousData,
  });
}
