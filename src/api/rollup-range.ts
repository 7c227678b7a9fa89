import { LogsiftError } from '../model/index.js';
import { niceBucket, parseDuration, parseTime } from './query-params.js';

/** Most buckets a rollup series may have: sparklines and overview charts need far fewer. */
export const MAX_SERIES_BUCKETS = 1000;

const MINUTE = 60_000;

export const RANGE_QUERY_PROPERTIES = {
  from: { type: 'string', description: 'Start (inclusive): ISO 8601, epoch ms, or relative like now-1h. Default: one hour before `to`.' },
  to: { type: 'string', description: 'End (exclusive): ISO 8601, epoch ms, or relative. Default: now.' },
} as const;

export const BUCKET_QUERY_PROPERTY = {
  type: 'string',
  description: 'Bucket width, whole minutes (1m, 5m, 1h, …). Default: about 30 buckets over the range.',
} as const;

/** The time axis of a series: `count` buckets of `bucketMs` from `start` (aligned to the epoch, like the histogram's). */
export interface SeriesAxis {
  readonly start: number;
  readonly bucketMs: number;
  readonly count: number;
}

export const SERIES_AXIS_SCHEMA = {
  type: 'object',
  description: 'The time axis shared by every `series`: `count` buckets of `bucketMs` starting at `start` (ms since epoch).',
  properties: { start: { type: 'number' }, bucketMs: { type: 'integer' }, count: { type: 'integer' } },
} as const;

/** A [from, to) range from query text, `to` defaulting to now and `from` to `defaultSpanMs` before it. */
export function parseRange(q: { from?: string; to?: string }, now: number, defaultSpanMs: number, prefix = ''): { from: number; to: number } {
  const to = q.to === undefined ? now : parseTime(q.to, now, `${prefix}to`);
  const from = q.from === undefined ? to - defaultSpanMs : parseTime(q.from, now, `${prefix}from`);
  if (from >= to) throw new LogsiftError('invalid_query', `\`${prefix}from\` must be before \`${prefix}to\``);
  return { from, to };
}

/** The series axis over [from, to): the requested bucket, or a round one giving about `target` buckets; whole minutes either way. */
export function seriesAxis(from: number, to: number, bucket: string | undefined, target: number): SeriesAxis {
  const bucketMs = bucket === undefined ? Math.max(MINUTE, niceBucket(to - from, target)) : parseDuration(bucket, 'bucket');
  if (bucketMs < MINUTE || bucketMs % MINUTE !== 0) throw new LogsiftError('invalid_query', 'bucket must be a whole number of minutes (rollups are per minute)');
  const start = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.ceil((to - start) / bucketMs);
  if (count > MAX_SERIES_BUCKETS) throw new LogsiftError('invalid_query', 'too many buckets: widen the bucket or narrow the range');
  return { start, bucketMs, count };
}

/** Adds `n` at bucket start `ts` into a series on `axis` (created on first use). */
export function addToSeries(series: number[] | undefined, axis: SeriesAxis, ts: number, n: number): number[] {
  const out = series ?? new Array<number>(axis.count).fill(0);
  const i = Math.round((ts - axis.start) / axis.bucketMs);
  if (i >= 0 && i < axis.count) out[i] += n;
  return out;
}
