import { LogsiftError } from '../model/index.js';

/** Delivery behaviour shared by every rule and channel. Durations in ms of wall-clock time. */
export interface NotifierConfig {
  /** The first message about an incident waits this long to group a burst of findings into one. Default 30 s. */
  readonly groupWaitMs: number;
  /** Updates about one incident to one channel are sent at most this often (the latest state wins). Default 5 min. */
  readonly groupIntervalMs: number;
  /** Delivery attempts per message before it is marked failed. Default 5. */
  readonly maxAttempts: number;
  /** First retry delay; doubled per attempt (with jitter), at most `maxBackoffMs`. Default 1 s. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Deliveries waiting or in flight; beyond it new ones are dropped (logged and counted). Default 1,000. */
  readonly maxPending: number;
  /** Deliveries in flight at once. Default 4. */
  readonly concurrency: number;
  /** Incidents whose last activity is older than this (replayed or backfilled data) are not sent. 0: no limit. Default 1 h. */
  readonly maxAgeMs: number;
  /** How often open incidents are checked for re-notification. Default 30 s. */
  readonly renotifyCheckMs: number;
  /** Link base for messages, e.g. `https://logsift.example.com`; null: no links. */
  readonly publicUrl: string | null;
}

export const DEFAULT_NOTIFIER_CONFIG: NotifierConfig = Object.freeze({
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  maxAttempts: 5,
  backoffMs: 1000,
  maxBackoffMs: 5 * 60_000,
  maxPending: 1000,
  concurrency: 4,
  maxAgeMs: 3_600_000,
  renotifyCheckMs: 30_000,
  publicUrl: null,
});

export function parseNotifierConfig(raw: Partial<Record<keyof NotifierConfig, unknown>> = {}): NotifierConfig {
  const out: Record<string, unknown> = { ...DEFAULT_NOTIFIER_CONFIG };
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in DEFAULT_NOTIFIER_CONFIG)) throw new LogsiftError('invalid_config', `notifier: unknown option ${k}`);
    if (v === undefined) continue;
    if (k === 'publicUrl') {
      if (v !== null && (typeof v !== 'string' || !/^https?:\/\//.test(v))) throw new LogsiftError('invalid_config', 'publicUrl must be an http(s) URL');
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || ((k === 'maxAttempts' || k === 'maxPending' || k === 'concurrency' || k === 'renotifyCheckMs') && v < 1)) {
      throw new LogsiftError('invalid_config', `notifier: ${k} must be a non-negative integer`);
    }
    out[k] = v;
  }
  return Object.freeze(out) as unknown as NotifierConfig;
}
