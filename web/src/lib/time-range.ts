/**
 * Time ranges as the user writes them (`now-1h`, `now`, ISO 8601, epoch ms): kept as text in the
 * URL so a shared link means "the last hour" or "that exact hour" as its author meant, and
 * resolved to epoch ms only when a view fetches.
 */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export interface ResolvedRange {
  /** Inclusive, ms since epoch. */
  readonly from: number;
  /** Exclusive, ms since epoch. */
  readonly to: number;
}

export interface QuickRange {
  readonly label: string;
  readonly short: string;
  readonly from: string;
}

export const QUICK_RANGES: readonly QuickRange[] = [
  { label: 'Last 5 minutes', short: '5m', from: 'now-5m' },
  { label: 'Last 15 minutes', short: '15m', from: 'now-15m' },
  { label: 'Last 1 hour', short: '1h', from: 'now-1h' },
  { label: 'Last 6 hours', short: '6h', from: 'now-6h' },
  { label: 'Last 24 hours', short: '24h', from: 'now-24h' },
  { label: 'Last 7 days', short: '7d', from: 'now-7d' },
];

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `15m`, `1h30m`, `7d` in ms, or null. */
export function parseDuration(text: string): number | null {
  const re = /(\d+(?:\.\d+)?)([smhdw])/gy;
  let total = 0;
  let matched = 0;
  for (const m of text.trim().matchAll(re)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched += m[0].length;
  }
  return matched > 0 && matched === text.trim().length ? total : null;
}

/**
 * A point in time: `now`, `now-15m`, `-15m`, epoch ms, ISO 8601, or `YYYY-MM-DD HH:mm[:ss]`
 * in local time. Null when it is none of these.
 */
export function parseTimeExpr(text: string, now: number): number | null {
  const t = text.trim();
  if (t === '' ) return null;
  if (t === 'now') return now;
  const rel = /^(?:now)?\s*-\s*(.+)$/.exec(t);
  if (rel !== null) {
    const d = parseDuration(rel[1]);
    return d === null ? null : now - d;
  }
  if (/^\d{10,16}$/.test(t)) return Number(t);
  // `2026-03-01 10:00` is not ISO; with a T it parses as local time everywhere.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(t) ? t.replace(' ', 'T') : t);
  return Number.isNaN(ms) ? null : ms;
}

export function isRelative(range: TimeRange): boolean {
  return range.to.trim() === 'now' && parseTimeExpr(range.from, 0) !== null && range.from.trim().startsWith('now');
}

/** Resolves both ends at `now`; throws a message fit to show when either end is not a time or they are out of order. */
export function resolveRange(range: TimeRange, now: number): ResolvedRange {
  const from = parseTimeExpr(range.from, now);
  const to = parseTimeExpr(range.to, now);
  if (from === null) throw new Error(`"${range.from}" is not a time: use now-1h, 2026-03-01 10:00 or an ISO date`);
  if (to === null) throw new Error(`"${range.to}" is not a time: use now, 2026-03-01 10:30 or an ISO date`);
  if (from >= to) throw new Error('the start of the range must be before its end');
  return { from, to };
}

/** The same range, or null when it does not parse (for places that should not throw). */
export function tryResolveRange(range: TimeRange, now: number): ResolvedRange | null {
  try {
    return resolveRange(range, now);
  } catch {
    return null;
  }
}

/** An absolute range as URL text: ISO 8601 without milliseconds when they are zero (shorter links). */
export function absoluteRange(from: number, to: number): TimeRange {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { from: iso(from), to: iso(to) };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local `YYYY-MM-DD HH:mm` (seconds when not zero): what the custom range inputs show. */
export function localInputText(ms: number): string {
  const d = new Date(ms);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() === 0 ? base : `${base}:${pad(d.getSeconds())}`;
}

/** "Last 1 hour" for quick ranges, "now-90m → now" for other relative ones, local times for absolute ones. */
export function describeRange(range: TimeRange): string {
  if (range.to.trim() === 'now') {
    const quick = QUICK_RANGES.find((q) => q.from === range.from.trim());
    if (quick !== undefined) return quick.label;
  }
  // Relative at both ends: keep it relative, as written.
  if (range.from.trim().startsWith('now') && range.to.trim().startsWith('now')) return `${range.from.trim()} → ${range.to.trim()}`;
  const from = parseTimeExpr(range.from, Date.now());
  const to = parseTimeExpr(range.to, Date.now());
  if (from === null || to === null) return `${range.from} → ${range.to}`;
  const a = localInputText(from);
  const b = localInputText(to);
  // Same day: show the date once.
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} → ${b.slice(11)}` : `${a} → ${b}`;
}

/** The window just before `range`, of the same length: the default baseline to compare with. */
export function previousWindow(range: ResolvedRange): ResolvedRange {
  const span = range.to - range.from;
  return { from: range.from - span, to: range.from };
}

/** Whether the range ends inside the last bucket of a series on this axis, so its point covers only part of a bucket. */
export function lastBucketPartial(axis: { start: number; bucketMs: number; count: number }, to: number): boolean {
  return to < axis.start + axis.count * axis.bucketMs;
}
