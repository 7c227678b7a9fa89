/**
 * Partitions cover a fixed span of ingest time: a UTC day, or a UTC hour when retention
 * is short. The key is the span start as `YYYYMMDDHH`, which sorts chronologically and
 * names the file (`<tenant>/<key>.db`).
 */
export type PartitionSpan = 'day' | 'hour';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function spanMs(span: PartitionSpan): number {
  return span === 'day' ? DAY : HOUR;
}

export function partitionStart(ts: number, span: PartitionSpan): number {
  const ms = spanMs(span);
  return Math.floor(ts / ms) * ms;
}

export function partitionKey(start: number): string {
  const d = new Date(start);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}`;
}

export function parsePartitionKey(key: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(key);
  if (m === null) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
}

/** Tenant names become directory names: only a safe alphabet is allowed. */
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
