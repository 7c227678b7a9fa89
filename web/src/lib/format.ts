/** Display formatting. Times are shown in the browser's time zone. */

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat();

/** 1234 → "1.2K" (for tight cells); `exact` keeps every digit with grouping. */
export function formatCount(n: number, exact = false): string {
  return exact || Math.abs(n) < 10_000 ? whole.format(n) : compact.format(n);
}

/** 0.0312 → "3.1%"; tiny non-zero shares read "<0.1%" rather than a misleading "0%". */
export function formatShare(share: number): string {
  if (share === 0) return '0%';
  if (share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `14:03:07.123` */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `Mar 1, 14:03:07` (with the year when it is not this year). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** A duration for people: `45s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** `5 min ago`, `in 2 h` (clock skew), `just now`. */
export function formatAgo(ms: number, now = Date.now()): string {
  const diff = now - ms;
  if (Math.abs(diff) < 5000) return 'just now';
  return diff > 0 ? `${formatDuration(diff)} ago` : `in ${formatDuration(diff)}`;
}

/** A number with at most `digits` significant decimals, no trailing zeros: 2.50 → "2.5". */
export function formatNumber(n: number, digits = 2): string {
  if (Number.isInteger(n)) return whole.format(n);
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(n);
}
