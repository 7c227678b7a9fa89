import { LEVELS, LogsiftError, parseTemplateId } from '../model/index.js';
import type { Level, TemplateId } from '../model/index.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `15m`, `7d`, `1h30m`, or a number of milliseconds. Zero is allowed. */
export function parseDuration(text: string, what = 'duration'): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched += m[0].length;
  }
  if (matched === 0 || matched !== t.length) {
    throw new LogsiftError('invalid_query', `${what} ${JSON.stringify(text)} is not a duration like 30s, 15m, 12h or 7d`);
  }
  return Math.round(total);
}

/**
 * A point in time: ISO 8601, milliseconds since the epoch, `now`, or `now-15m` / `-15m`
 * (relative to `now`).
 */
export function parseTime(text: string, now: number, what: string): number {
  const t = text.trim();
  if (t === 'now') return now;
  const rel = /^(?:now)?-(.+)$/.exec(t);
  if (rel !== null) return now - parseDuration(rel[1], what);
  if (/^-?\d{1,16}$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new LogsiftError('invalid_query', `${what} ${JSON.stringify(text)} is not a time (ISO 8601, epoch ms, or now-15m)`);
  return ms;
}

/** Comma-separated and/or repeated query values. */
export function parseList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((p) => p.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseLevels(value: string | string[] | undefined): Level[] {
  return parseList(value).map((l) => {
    const level = l.toLowerCase();
    if (!(LEVELS as readonly string[]).includes(level)) {
      throw new LogsiftError('invalid_query', `unknown level ${JSON.stringify(l)}; use ${LEVELS.join(', ')}`);
    }
    return level as Level;
  });
}

export function parseTemplateIds(value: string | string[] | undefined): TemplateId[] {
  return parseList(value).map((t) => {
    const id = parseTemplateId(t);
    if (id === null) throw new LogsiftError('invalid_query', `template ${JSON.stringify(t)} is not a template id (hex)`);
    return id;
  });
}

/** Bucket widths a histogram snaps to, so bucket edges are round numbers. */
const NICE_BUCKETS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** A round bucket width giving about `target` buckets over the range. */
export function niceBucket(rangeMs: number, target = 60): number {
  const want = rangeMs / target;
  return NICE_BUCKETS.find((b) => b >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}
