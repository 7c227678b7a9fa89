import {
  CH_COLON,
  CH_COMMA,
  CH_DOT,
  CH_MINUS,
  CH_PLUS,
  CH_SPACE,
  countDigits,
  isAlpha,
  isDigit,
  readDigits,
} from './char-codes.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from './civil-time.js';

/**
 * Time of day and zone scanning for the timestamp parser. Results of the last successful
 * `scanTimeOfDay` are read with `lastTimeEnd()` and `lastZoneOffset()` (module scratch: the
 * scanners are synchronous and never re-entered, and this keeps the hot path allocation-free).
 */

let timeEnd = 0;
let zoneOffsetMs = 0;

/** End index of the time (and zone) consumed by the last `scanTimeOfDay`. */
export function lastTimeEnd(): number {
  return timeEnd;
}

/** Zone offset in ms (east positive) found by the last `scanTimeOfDay`; 0 when it named none. */
export function lastZoneOffset(): number {
  return zoneOffsetMs;
}

/**
 * `HH:mm[:ss[(.|,)frac | :SSS]][zone]`, also `HH.mm.ss.ffffff` (DB2) and compact `HHmmss`.
 * Returns ms since midnight or -1; on success see `lastTimeEnd()` and `lastZoneOffset()`.
 */
export function scanTimeOfDay(s: string, i: number, end: number): number {
  const hLen = countDigits(s, i, end);
  let h: number;
  let mi: number;
  let sec = 0;
  let ms = 0;
  let k: number;
  if (hLen === 6) {
    h = readDigits(s, i, 2);
    mi = readDigits(s, i + 2, 2);
    sec = readDigits(s, i + 4, 2);
    k = i + 6;
  } else if (hLen === 1 || hLen === 2) {
    h = readDigits(s, i, hLen);
    k = i + hLen;
    const sep = k < end ? s.charCodeAt(k) : -1;
    if (sep !== CH_COLON && sep !== CH_DOT) return -1;
    mi = readDigits(s, k + 1, 2);
    if (mi < 0 || k + 3 > end) return -1;
    k += 3;
    if (k + 1 < end && s.charCodeAt(k) === sep && isDigit(s.charCodeAt(k + 1))) {
      sec = readDigits(s, k + 1, 2);
      if (sec < 0 || k + 3 > end) return -1;
      k += 3;
    }
  } else {
    return -1;
  }
  if (k + 1 < end) {
    const f = s.charCodeAt(k);
    if ((f === CH_DOT || f === CH_COMMA || f === CH_COLON) && isDigit(s.charCodeAt(k + 1))) {
      const fLen = countDigits(s, k + 1, end);
      // ':' introduces milliseconds only as exactly three digits (HealthApp's 22:15:29:606).
      if (f !== CH_COLON || fLen === 3) {
        ms = fractionToMs(s, k + 1, fLen);
        k += 1 + fLen;
      }
    }
  }
  const tod = hmsToMs(h, mi, sec, ms);
  if (tod < 0) return -1;
  timeEnd = scanZone(s, k, end);
  return tod;
}

/** Reads an optional zone at `k`; sets `zoneOffsetMs` (0 when none) and returns the end index. */
function scanZone(s: string, k: number, end: number): number {
  zoneOffsetMs = 0;
  if (k >= end) return k;
  let c = s.charCodeAt(k);
  if (c === 90 || c === 122) {
    // Z / z
    if (k + 1 === end || !isAlpha(s.charCodeAt(k + 1))) return k + 1;
    return k;
  }
  let j = k;
  const spaced = c === CH_SPACE;
  if (spaced) {
    j = k + 1;
    if (j >= end) return k;
    c = s.charCodeAt(j);
  }
  if (c === CH_PLUS || c === CH_MINUS) {
    const sign = c === CH_PLUS ? 1 : -1;
    const n = countDigits(s, j + 1, end);
    let hh: number;
    let mm = 0;
    let e: number;
    if (n === 4) {
      hh = readDigits(s, j + 1, 2);
      mm = readDigits(s, j + 3, 2);
      e = j + 5;
    } else if (n === 2) {
      hh = readDigits(s, j + 1, 2);
      e = j + 3;
      if (e + 2 < end && s.charCodeAt(e) === CH_COLON && countDigits(s, e + 1, end) === 2) {
        mm = readDigits(s, e + 1, 2);
        e += 3;
      } else if (spaced) {
        return k; // " -12" after a time is more likely text than a zone
      }
    } else {
      return k;
    }
    if (hh > 14 || mm > 59) return k;
    if (e < end && isAlpha(s.charCodeAt(e))) return k;
    zoneOffsetMs = sign * (hh * MS_PER_HOUR + mm * MS_PER_MINUTE);
    return e;
  }
  if (spaced && isAlpha(c)) {
    let e = j;
    while (e < end && e - j < 5 && isAlpha(s.charCodeAt(e))) e++;
    if (e < end && isAlpha(s.charCodeAt(e))) return k;
    const off = zoneAbbrevOffset(s, j, e - j);
    if (off === null) return k;
    zoneOffsetMs = off;
    return e;
  }
  return k;
}

/** Unambiguous zone abbreviations only; anything else is left unparsed. */
function zoneAbbrevOffset(s: string, i: number, len: number): number | null {
  let key = 0;
  for (let k = 0; k < len; k++) key = key * 32 + ((s.charCodeAt(i + k) | 0x20) - 96);
  switch (key) {
    case abbrev('utc'):
    case abbrev('gmt'):
    case abbrev('ut'):
      return 0;
    case abbrev('est'):
      return -5 * MS_PER_HOUR;
    case abbrev('edt'):
      return -4 * MS_PER_HOUR;
    case abbrev('cst'):
      return -6 * MS_PER_HOUR;
    case abbrev('cdt'):
      return -5 * MS_PER_HOUR;
    case abbrev('mst'):
      return -7 * MS_PER_HOUR;
    case abbrev('mdt'):
      return -6 * MS_PER_HOUR;
    case abbrev('pst'):
      return -8 * MS_PER_HOUR;
    case abbrev('pdt'):
      return -7 * MS_PER_HOUR;
    case abbrev('cet'):
      return MS_PER_HOUR;
    case abbrev('cest'):
      return 2 * MS_PER_HOUR;
    case abbrev('jst'):
      return 9 * MS_PER_HOUR;
    default:
      return null;
  }
}

function abbrev(word: string): number {
  let key = 0;
  for (let k = 0; k < word.length; k++) key = key * 32 + (word.charCodeAt(k) - 96);
  return key;
}

/** ms since midnight, or -1 when a part is out of range (24:00:00 is allowed, a leap second 60 too). */
export function hmsToMs(h: number, m: number, sec: number, ms: number): number {
  if (h < 0 || m < 0 || sec < 0 || h > 24 || m > 59 || sec > 60) return -1;
  if (h === 24 && (m > 0 || sec > 0 || ms > 0)) return -1;
  return h * MS_PER_HOUR + m * MS_PER_MINUTE + sec * 1000 + ms;
}

/** First three digits of a fraction as milliseconds ("5" → 500, "978" → 978, "675872" → 675). */
function fractionToMs(s: string, i: number, len: number): number {
  const d0 = s.charCodeAt(i) - 48;
  const d1 = len > 1 ? s.charCodeAt(i + 1) - 48 : 0;
  const d2 = len > 2 ? s.charCodeAt(i + 2) - 48 : 0;
  return d0 * 100 + d1 * 10 + d2;
}

/** Two-digit years: 70–99 → 19xx, otherwise 20xx. */
