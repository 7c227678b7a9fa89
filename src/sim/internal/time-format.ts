/**
 * Timestamp renderers for the formats the simulated services write, all in UTC.
 *
 * Formatting a Date costs a few hundred nanoseconds, more than the rest of a line, so each
 * renderer caches the text of the last two whole seconds and only appends milliseconds.
 * Lines of one service arrive nearly in time order, so the cache hits almost always; give
 * each service its own renderer so services do not evict each other's seconds.
 */
export type TimestampStyle =
  /** `2026-11-23T08:00:01.123Z` (RFC 3339 / ISO 8601, logfmt and RFC 5424) */
  | 'iso'
  /** `2026-11-23 08:00:01,123` (log4j `%d`, Python logging `asctime`) */
  | 'comma'
  /** `23/Nov/2026:08:00:01 +0000` (nginx `$time_local`, second precision) */
  | 'nginx-access'
  /** `2026/11/23 08:00:01` (nginx error log, second precision) */
  | 'nginx-error';

export class TimestampFormatter {
  // Two cached seconds: a tick writes lines of its own second and, interleaved, later lines
  // of requests that run into the next one.
  private second = Number.NaN;
  private prefix = '';
  private otherSecond = Number.NaN;
  private otherPrefix = '';

  constructor(readonly style: TimestampStyle) {}

  /** Renders `ts` (ms since the Unix epoch, ≥ 0, integer). */
  format(ts: number): string {
    const second = Math.floor(ts / 1000);
    if (second !== this.second) {
      const second0 = this.second;
      const prefix0 = this.prefix;
      if (second === this.otherSecond) {
        this.prefix = this.otherPrefix;
      } else {
        this.prefix = renderSecond(this.style, second * 1000);
      }
      this.second = second;
      this.otherSecond = second0;
      this.otherPrefix = prefix0;
    }
    switch (this.style) {
      case 'iso':
        return `${this.prefix}.${MILLIS[ts - second * 1000]}Z`;
      case 'comma':
        return `${this.prefix},${MILLIS[ts - second * 1000]}`;
      default:
        return this.prefix;
    }
  }
}

function renderSecond(style: TimestampStyle, ms: number): string {
  const d = new Date(ms);
  const yyyy = String(d.getUTCFullYear());
  const mo = d.getUTCMonth();
  const mm = PAD2[mo + 1];
  const dd = PAD2[d.getUTCDate()];
  const time = `${PAD2[d.getUTCHours()]}:${PAD2[d.getUTCMinutes()]}:${PAD2[d.getUTCSeconds()]}`;
  switch (style) {
    case 'iso':
      return `${yyyy}-${mm}-${dd}T${time}`;
    case 'comma':
      return `${yyyy}-${mm}-${dd} ${time}`;
    case 'nginx-access':
      return `${dd}/${MONTHS[mo]}/${yyyy}:${time} +0000`;
    case 'nginx-error':
      return `${yyyy}/${mm}/${dd} ${time}`;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
