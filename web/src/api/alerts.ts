import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertRule as StoredRule, ChannelRecord } from '../../../src/store/alert-store.js';
import { apiGet, apiSend } from './client';
import type { NotificationView } from './detection-types';

/** An alert rule as the API shows it (src/api/routes/alert-rules.ts). */
export type AlertRule = Omit<StoredRule, 'tenant'>;
/** A channel as the API shows it: secrets in `config` are masked (src/api/routes/channels.ts). */
export type Channel = Omit<ChannelRecord, 'tenant'>;

/** What a rule form sends; the server fills in id and timestamps. */
export type RuleInput = Omit<AlertRule, 'id' | 'createdAt' | 'updatedAt'>;
/** What a channel form sends. On edit, config fields are merged and omitted secrets are kept. */
export interface ChannelInput {
  readonly name: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly config: Readonly<Record<string, unknown>>;
}

export function useAlertRules() {
  return useQuery({ queryKey: ['alert-rules'], queryFn: ({ signal }) => apiGet<{ rules: AlertRule[] }>('/api/v1/alert-rules', undefined, signal) });
}

export function useChannels() {
  return useQuery({ queryKey: ['channels'], queryFn: ({ signal }) => apiGet<{ channels: Channel[] }>('/api/v1/channels', undefined, signal) });
}

export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, rule }: { id: string | null; rule: Partial<RuleInput> }) =>
      id === null ? apiSend<AlertRule>('POST', '/api/v1/alert-rules', rule) : apiSend<AlertRule>('PATCH', `/api/v1/alert-rules/${encodeURIComponent(id)}`, rule),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['alert-rules'] }),
  });
}

export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<void>('DELETE', `/api/v1/alert-rules/${encodeURIComponent(id)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['alert-rules'] }),
  });
}

export function useSaveChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, channel }: { id: string | null; channel: Partial<ChannelInput> }) =>
      id === null ? apiSend<Channel>('POST', '/api/v1/channels', channel) : apiSend<Channel>('PATCH', `/api/v1/channels/${encodeURIComponent(id)}`, channel),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['channels'] }),
  });
}

export function useDeleteChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<void>('DELETE', `/api/v1/channels/${encodeURIComponent(id)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['channels'] }),
  });
}

/** Sends a test notification through one channel; the answer is the delivery, delivered or failed with why. */
export function useTestChannel() {
  return useMutation({ mutationFn: (id: string) => apiSend<NotificationView>('POST', `/api/v1/channels/${encodeURIComponent(id)}/test`) });
}

/** The delivery log, newest first: what was sent where, and what failed with which error. */
export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: ({ signal }) => apiGet<{ notifications: NotificationView[] }>('/api/v1/notifications', { limit: 200 }, signal),
    refetchInterval: 30_000,
  });
}
