import { lastNameEnd, monthAt, weekdayAt } from './internal/calendar-names.js';
import {
  CH_COLON,
  CH_COMMA,
  CH_DOT,
  CH_MINUS,
  CH_SLASH,
  CH_SPACE,
  CH_UNDERSCORE,
  countDigits,
  isAlpha,
  isBlank,
  isDigit,
  readDigits,
  skipBlanks,
} from './internal/char-codes.js';
import { MAX_TS_MS, MS_PER_DAY, MS_PER_HOUR, daysFromCivil, daysInMonth, isLeapYear, utcYear } from './internal/civil-time.js';
import { hmsToMs, lastTimeEnd, lastZoneOffset, scanTimeOfDay } from './internal/time-of-day.js';

/**
 * Timestamp parsing for the shapes real logs write. Everything is char-code scanning;
 * no regex and no `Date` parsing on the hot path.
 *
 * Recognised (a zone is optional everywhere; no zone means UTC):
 * - ISO 8601 / RFC 3339: `2015-10-18T18:01:47.978Z`, `2015-10-18 18:01:47,978`, `+05:30`/`+0530`/`+05` offsets,
 *   `/` or `.` date separators (`2009/11/10 23:00:00`, `2005.06.03`), `_` or `-` before the time
 *   (`2017-05-16_13:53:08`, DB2/BGL `2005-06-03-15.42.50.675872`), date only (midnight UTC)
 * - compact: `20171223-22:15:29:606`, `20171223T221529Z`, `20171223`, `20171223221529`
 * - `081109 203615` (yyMMdd HHmmss), `17/06/09 20:10:40` (yy/MM/dd)
 * - CLF `10/Oct/2000:13:55:36 -0700`, Tomcat `10-Oct-2023 13:55:36.123`, `18.10.2015 12:00:00` (dd.MM.yyyy)
 * - syslog `Dec 10 06:55:46`, `Dec  4 06:55:46.123`, `Mar 1 2024 12:00:00`, java.util.logging
 *   `Dec 04, 2005 4:47:44 AM`; ctime `Sun Dec 04 04:47:44 2005` (also with `.123456` or a zone
 *   before the year); RFC 1123 `Sun, 06 Nov 1994 08:49:37 GMT`
 * - year-less `03-17 16:13:38.811` (logcat), `10.30 16:49:06` (MM.dd)
 * - epoch seconds / ms / µs / ns by magnitude, as numbers or digit strings (≥ 9 digits, optional fraction)
 *
 * Not recognised on purpose (→ null): ambiguous `01/02/2024`, two-digit `dd-MM-yy`, time-only values.
 */

/** How far past `receivedAt` a year-less timestamp may lie before it is taken to be last year's. */
const FUTURE_SLACK_MS = MS_PER_DAY;

/**
 * Parses a timestamp field. Returns ms since the epoch (UTC), or null when the value is not
 * a timestamp we recognise or lies outside 1970…2200; the caller then uses `receivedAt`.
 * `receivedAt` (ms) supplies the year for formats that carry none.
 * Surrounding blanks and one pair of `[]`, `()` or `""` are ignored.
 */
export function parseTimestamp(raw: string | number, receivedAt: number): number | null {
  if (typeof raw === 'number') return epochToMs(raw);
  let start = 0;
  let end = raw.length;
  while (start < end && isBlank(raw.charCodeAt(start))) start++;
  while (end > start && isBlank(raw.charCodeAt(end - 1))) end--;
  if (end - start >= 2) {
    const a = raw.charCodeAt(start);
    const b = raw.charCodeAt(end - 1);
    if ((a === 91 && b === 93) || (a === 40 && b === 41) || (a === 34 && b === 34)) {
      start++;
      end--;
    }
  }
  if (end - start < 4) return null;
  const ts = scanTimestamp(raw, start, end, receivedAt);
  return ts === ts && scanEnd === end ? ts : null;
}

/** Epoch number → ms, choosing s/ms/µs/ns by magnitude. Null for non-positive or absurd values. */
export function epochToMs(v: number): number | null {
  if (!(v > 0) || !Number.isFinite(v)) return null;
  let ms: number;
  if (v < 1e11) ms = v * 1000;
  else if (v < 1e14) ms = v;
  else if (v < 1e17) ms = v / 1e3;
  else if (v < 1e20) ms = v / 1e6;
  else return null;
  ms = Math.floor(ms);
  return ms > 0 && ms < MAX_TS_MS ? ms : null;
}

// Scanner results. Module-level scratch keeps the hot path free of result objects; the
// scanners are synchronous and never re-entered.
let scanEnd = 0;
let timeEnd = 0;
let zoneOffsetMs = 0;

/** Time of day at `i` (see `scanTimeOfDay`); copies its end and zone into this module's scratch. */
function scanTime(s: string, i: number, end: number): number {
  const tod = scanTimeOfDay(s, i, end);
  if (tod >= 0) {
    timeEnd = lastTimeEnd();
    zoneOffsetMs = lastZoneOffset();
  }
  return tod;
}

/** End index (exclusive) of the text consumed by the last successful `scanTimestamp`. */
export function lastScanEnd(): number {
  return scanEnd;
}

/**
 * Scans a timestamp that starts at `start` and ends at or before `end`. Returns ms since the
 * epoch, or NaN. On success `lastScanEnd()` tells where it ended, so callers can parse a
 * timestamp at the head of a line (syslog, plain lines) without slicing.
 */
export function scanTimestamp(s: string, start: number, end: number, receivedAt: number): number {
  if (start >= end) return NaN;
  const c = s.charCodeAt(start);
  if (isDigit(c)) return scanNumeric(s, start, end, receivedAt);
  if (isAlpha(c)) return scanNamed(s, start, end, receivedAt);
  return NaN;
}

// ---------------------------------------------------------------------------------------------
// Leading digits

function scanNumeric(s: string, i: number, end: number, receivedAt: number): number {
  const n = countDigits(s, i, end);
  const j = i + n;
  const sep = j < end ? s.charCodeAt(j) : -1;
  if (n === 4 && (sep === CH_MINUS || sep === CH_SLASH || sep === CH_DOT)) return scanYmd(s, i, end, sep);
  if (n === 8) {
    const r = scanCompact(s, i, end);
    if (r === r) return r;
  }
  if (n === 14 && (j === end || !isDigit(sep))) {
    const r = scanCompact14(s, i, end);
    if (r === r) return r;
  }
  if (n === 6 && sep === CH_SPACE) return scanYyMMddTime(s, i, end);
  if (n === 2 || n === 1) return scanShortLead(s, i, n, end, receivedAt);
  if (n >= 9 && n <= 19) return scanEpoch(s, i, j, end);
  return NaN;
}

/** `yyyy-MM-dd[( |T|t|_|-)time]`, also with `/` or `.` between date parts. */
function scanYmd(s: string, i: number, end: number, sep: number): number {
  const y = readDigits(s, i, 4);
  let k = i + 5;
  const mLen = countDigits(s, k, end);
  if (mLen < 1 || mLen > 2) return NaN;
  const m = readDigits(s, k, mLen);
  k += mLen;
  if (k >= end || s.charCodeAt(k) !== sep) return NaN;
  k++;
  const dLen = countDigits(s, k, end);
  if (dLen < 1 || dLen > 2) return NaN;
  const d = readDigits(s, k, dLen);
  k += dLen;
  if (!validDate(y, m, d)) return NaN;
  const day = daysFromCivil(y, m, d);
  if (k + 1 < end) {
    const t = s.charCodeAt(k);
    if (t === 84 || t === 116 || t === CH_SPACE || t === CH_UNDERSCORE || t === CH_MINUS) {
      const tod = scanTime(s, k + 1, end);
      if (tod >= 0) return finish(day, tod, timeEnd);
    }
  }
  zoneOffsetMs = 0;
  return finish(day, 0, k);
}

/** `yyyyMMdd` alone, or followed by `-`, `T` or a space and a time (`20171223-22:15:29:606`). */
function scanCompact(s: string, i: number, end: number): number {
  const y = readDigits(s, i, 4);
  const m = readDigits(s, i + 4, 2);
  const d = readDigits(s, i + 6, 2);
  if (!validDate(y, m, d) || y < 1970) return NaN;
  const day = daysFromCivil(y, m, d);
  const k = i + 8;
  if (k + 1 < end) {
    const t = s.charCodeAt(k);
    if (t === CH_MINUS || t === 84 || t === CH_SPACE) {
      const tod = scanTime(s, k + 1, end);
      if (tod >= 0) return finish(day, tod, timeEnd);
      if (t !== CH_SPACE) return NaN;
    }
  }
  if (k < end && !isBoundary(s.charCodeAt(k))) return NaN;
  zoneOffsetMs = 0;
  return finish(day, 0, k);
}

/** `yyyyMMddHHmmss`. */
function scanCompact14(s: string, i: number, end: number): number {
  const y = readDigits(s, i, 4);
  const m = readDigits(s, i + 4, 2);
  const d = readDigits(s, i + 6, 2);
  if (!validDate(y, m, d) || y < 1970) return NaN;
  const tod = hmsToMs(readDigits(s, i + 8, 2), readDigits(s, i + 10, 2), readDigits(s, i + 12, 2), 0);
  if (tod < 0) return NaN;
  zoneOffsetMs = 0;
  return finish(daysFromCivil(y, m, d), tod, Math.min(end, i + 14));
}

/** `yyMMdd HHmmss` or `yyMMdd HH:mm:ss` (HDFS, old MySQL). A bare `yyMMdd` is too ambiguous. */
function scanYyMMddTime(s: string, i: number, end: number): number {
  const y = expandYear(readDigits(s, i, 2));
  const m = readDigits(s, i + 2, 2);
  const d = readDigits(s, i + 4, 2);
  if (!validDate(y, m, d)) return NaN;
  const tod = scanTime(s, i + 7, end);
  if (tod < 0) return NaN;
  return finish(daysFromCivil(y, m, d), tod, timeEnd);
}

/** One or two leading digits: `dd/Mon/yyyy:…`, `yy/MM/dd …`, `dd-Mon-yyyy …`, `MM-dd …`, `dd.MM.yyyy …`, `MM.dd …`. */
function scanShortLead(s: string, i: number, n: number, end: number, receivedAt: number): number {
  const a = readDigits(s, i, n);
  let k = i + n;
  if (k + 1 >= end) return NaN;
  const sep = s.charCodeAt(k);
  if (sep !== CH_SLASH && sep !== CH_MINUS && sep !== CH_DOT) return NaN;
  k++;
  if (isAlpha(s.charCodeAt(k))) {
    // dd/Mon/yyyy or dd-Mon-yyyy
    if (sep === CH_DOT) return NaN;
    const m = monthAt(s, k, end);
    if (m === 0) return NaN;
    k = lastNameEnd();
    if (k >= end || s.charCodeAt(k) !== sep) return NaN;
    const y = readDigits(s, k + 1, 4);
    if (y < 0 || !validDate(y, m, a)) return NaN;
    k += 5;
    return timeAfterDate(s, k, end, daysFromCivil(y, m, a), sep === CH_SLASH);
  }
  const bLen = countDigits(s, k, end);
  if (bLen < 1 || bLen > 2) return NaN;
  const b = readDigits(s, k, bLen);
  k += bLen;
  const next = k < end ? s.charCodeAt(k) : -1;
  if (next === sep) {
    const cLen = countDigits(s, k + 1, end);
    const c = readDigits(s, k + 1, cLen);
    if (sep === CH_SLASH && cLen === 2 && n === 2) {
      // yy/MM/dd (Spark, log4j's yy/MM/dd)
      const y = expandYear(a);
      if (!validDate(y, b, c)) return NaN;
      return timeAfterDate(s, k + 3, end, daysFromCivil(y, b, c), false);
    }
    if (sep === CH_DOT && cLen === 4) {
      // dd.MM.yyyy: with dots the day comes first (German, Russian, … conventions).
      if (!validDate(c, b, a)) return NaN;
      return timeAfterDate(s, k + 5, end, daysFromCivil(c, b, a), false);
    }
    return NaN; // 01/02/2024, 01-02-24: month/day order is ambiguous
  }
  if (next === CH_SPACE && sep !== CH_SLASH) {
    // Year-less MM-dd HH:mm:ss (logcat) or MM.dd HH:mm:ss (Proxifier).
    const tod = scanTime(s, k + 1, end);
    if (tod < 0) return NaN;
    return inferYear(a, b, tod, timeEnd, receivedAt);
  }
  return NaN;
}

/** Epoch digits with an optional fraction, ending at a boundary. */
function scanEpoch(s: string, i: number, j: number, end: number): number {
  let k = j;
  if (k + 1 < end && s.charCodeAt(k) === CH_DOT && isDigit(s.charCodeAt(k + 1))) {
    k += 1 + countDigits(s, k + 1, end);
  }
  if (k < end && !isBoundary(s.charCodeAt(k))) return NaN;
  const ms = epochToMs(Number(s.slice(i, k)));
  if (ms === null) return NaN;
  scanEnd = k;
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Leading words: month or weekday names

function scanNamed(s: string, i: number, end: number, receivedAt: number): number {
  const m = monthAt(s, i, end);
  if (m !== 0) return scanMonthFirst(s, lastNameEnd(), end, m, receivedAt);
  if (!weekdayAt(s, i, end)) return NaN;
  let k = lastNameEnd();
  if (k < end && s.charCodeAt(k) === CH_COMMA) k++;
  k = skipBlanks(s, k, end);
  if (k >= end) return NaN;
  if (isDigit(s.charCodeAt(k))) {
    // RFC 1123 / 2822: Sun, 06 Nov 1994 08:49:37 GMT
    const dLen = countDigits(s, k, end);
    if (dLen > 2) return NaN;
    const d = readDigits(s, k, dLen);
    k = skipBlanks(s, k + dLen, end);
    const m2 = monthAt(s, k, end);
    if (m2 === 0) return NaN;
    k = skipBlanks(s, lastNameEnd(), end);
    const y = readDigits(s, k, 4);
    if (y < 0 || !validDate(y, m2, d)) return NaN;
    k = skipBlanks(s, k + 4, end);
    const tod = scanTime(s, k, end);
    if (tod < 0) return NaN;
    return finish(daysFromCivil(y, m2, d), tod, timeEnd);
  }
  // ctime: Sun Dec 04 04:47:44 2005
  const m3 = monthAt(s, k, end);
  if (m3 === 0) return NaN;
  return scanMonthFirst(s, lastNameEnd(), end, m3, receivedAt);
}

/**
 * After a month name: `dd[,] [yyyy ]HH:mm:ss[.frac][ AM|PM][ zone][ yyyy]`. Without a year the
 * year is inferred from `receivedAt`.
 */
function scanMonthFirst(s: string, k: number, end: number, m: number, receivedAt: number): number {
  if (k >= end || !isBlank(s.charCodeAt(k))) return NaN;
  k = skipBlanks(s, k, end);
  const dLen = countDigits(s, k, end);
  if (dLen < 1 || dLen > 2) return NaN;
  const d = readDigits(s, k, dLen);
  k += dLen;
  let y = -1;
  if (k < end && s.charCodeAt(k) === CH_COMMA) k++;
  k = skipBlanks(s, k, end);
  if (countDigits(s, k, end) === 4 && k + 4 < end && isBlank(s.charCodeAt(k + 4))) {
    y = readDigits(s, k, 4);
    k = skipBlanks(s, k + 4, end);
  }
  let tod = scanTime(s, k, end);
  if (tod < 0) return NaN;
  k = timeEnd;
  const offset = zoneOffsetMs;
  // 12-hour clock (java.util.logging's default): "4:47:44 AM"
  if (k + 3 <= end && isBlank(s.charCodeAt(k))) {
    const a = s.charCodeAt(k + 1) | 0x20;
    const mm = s.charCodeAt(k + 2) | 0x20;
    if ((a === 97 || a === 112) && mm === 109 && (k + 3 === end || !isAlpha(s.charCodeAt(k + 3)))) {
      const hours = Math.floor(tod / MS_PER_HOUR);
      if (hours < 1 || hours > 12) return NaN;
      if (a === 112 && hours !== 12) tod += 12 * MS_PER_HOUR;
      if (a === 97 && hours === 12) tod -= 12 * MS_PER_HOUR;
      k += 3;
    }
  }
  if (y < 0) {
    // ctime puts the year last: "04:47:44 2005" or "04:47:44 UTC 2005"
    const yk = skipBlanks(s, k, end);
    if (yk > k && countDigits(s, yk, end) === 4 && (yk + 4 === end || !isDigit(s.charCodeAt(yk + 4)))) {
      y = readDigits(s, yk, 4);
      k = yk + 4;
    }
  }
  zoneOffsetMs = offset;
  if (y < 0) return inferYear(m, d, tod, k, receivedAt);
  if (!validDate(y, m, d)) return NaN;
  return finish(daysFromCivil(y, m, d), tod, k);
}

/** After a date: optional `:` (CLF) or blank, then a time. A date alone is midnight. */
function timeAfterDate(s: string, k: number, end: number, day: number, colonAllowed: boolean): number {
  if (k < end) {
    const c = s.charCodeAt(k);
    if (isBlank(c) || (colonAllowed && c === CH_COLON)) {
      const tod = scanTime(s, skipBlanks(s, k + 1, end), end);
      if (tod >= 0) return finish(day, tod, timeEnd);
    }
  }
  zoneOffsetMs = 0;
  return finish(day, 0, k);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function finish(day: number, tod: number, endIndex: number): number {
  const ts = day * MS_PER_DAY + tod - zoneOffsetMs;
  if (!(ts > 0 && ts < MAX_TS_MS)) return NaN;
  scanEnd = endIndex;
  return ts;
}

let cachedReceivedAt = NaN;
let cachedYear = 1970;

/** Picks the year for a year-less date: `receivedAt`'s year, or the one before if that lies in the future. */
function inferYear(m: number, d: number, tod: number, endIndex: number, receivedAt: number): number {
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  if (receivedAt !== cachedReceivedAt) {
    cachedReceivedAt = receivedAt;
    cachedYear = Number.isFinite(receivedAt) ? utcYear(receivedAt) : utcYear(Date.now());
  }
  let y = cachedYear;
  if (m === 2 && d === 29) {
    while (!isLeapYear(y)) y--;
  } else if (d > daysInMonth(y, m)) {
    return NaN;
  }
  const offset = zoneOffsetMs;
  let ts = daysFromCivil(y, m, d) * MS_PER_DAY + tod - offset;
  if (ts > receivedAt + FUTURE_SLACK_MS) {
    y--;
    if (m === 2 && d === 29) while (!isLeapYear(y)) y--;
    ts = daysFromCivil(y, m, d) * MS_PER_DAY + tod - offset;
  }
  if (!(ts > 0 && ts < MAX_TS_MS)) return NaN;
  scanEnd = endIndex;
  return ts;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function expandYear(yy: number): number {
  return yy < 0 ? -1 : yy >= 70 ? 1900 + yy : 2000 + yy;
}

/** Characters that may follow a timestamp inside a longer line. */
function isBoundary(c: number): boolean {
  return c === CH_SPACE || c === 9 || c === 93 || c === CH_COMMA || c === 124 || c === 41 || c === 34 || c === 59;
}

