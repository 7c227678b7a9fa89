import type { Level } from '../../model/index.js';
import {
  CH_COLON,
  CH_LBRACKET,
  CH_RBRACKET,
  CH_SPACE,
  findBlank,
  isAlpha,
  isBlank,
  isDigit,
  skipBlanks,
} from '../internal/char-codes.js';
import type { EventDraft } from '../internal/event-draft.js';
import { lastScanEnd, scanTimestamp } from '../timestamp.js';
import type { TextFormat } from './text-format.js';

/**
 * Anything else: the whole line is the message. Two things are taken from its head, both
 * conservatively so prose is not misread:
 * - a leading timestamp (optionally in brackets) → ts;
 * - a level word right at the start or after that timestamp (and at most one bracketed
 *   token such as a thread name): `ERROR`, `WARN:`, `[warn]`, `<error>`, `error:`, logrus
 *   `ERRO[0000]`, klog `W0312 …`; and the first line of a crash: `Traceback (most recent call
 *   last):` and Java `…Exception: …` → error, Go `panic:` / `fatal error:` → fatal.
 *   A bare lower-case word (`error occurred`) does not count. Default level: info.
 */
export class PlainFormat implements TextFormat {
  readonly name = 'plain' as const;
  readonly unmatchedContinues = false;

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    draft.message = line;
    const start = skipBlanks(line, 0, line.length);
    const i = skipLeadingTimestamp(line, start, receivedAt);
    if (i > start && leadingTs === leadingTs) draft.ts = leadingTs;
    draft.level = i > start ? levelAt(line, i) : levelAtLineStart(line, start);
    return true;
  }
}

/**
 * Level named by the head of `s` from `start` (after an optional timestamp), or null.
 * Used for plain lines and for syslog messages without PRI.
 */
export function detectLeadingLevel(s: string, start: number, receivedAt = 0): Level | null {
  start = skipBlanks(s, start, s.length);
  const i = skipLeadingTimestamp(s, start, receivedAt);
  return i > start ? levelAt(s, i) : levelAtLineStart(s, start);
}

// Set by skipLeadingTimestamp: the timestamp it skipped, or NaN.
let leadingTs = NaN;

/** Skips a timestamp (or a bare time of day) at `i`, optionally in brackets; returns the index after it. */
function skipLeadingTimestamp(s: string, i: number, receivedAt: number): number {
  leadingTs = NaN;
  const end = s.length;
  if (i >= end) return i;
  const c = s.charCodeAt(i);
  if (c === CH_LBRACKET) {
    const ts = scanTimestamp(s, i + 1, end, receivedAt);
    const e = lastScanEnd();
    if (ts === ts && e < end && s.charCodeAt(e) === CH_RBRACKET) {
      leadingTs = ts;
      return e + 1;
    }
    return i;
  }
  if (!isDigit(c) && !isAlpha(c)) return i;
  const ts = scanTimestamp(s, i, end, receivedAt);
  const e = lastScanEnd();
  if (ts === ts && (e === end || !isAlpha(s.charCodeAt(e)))) {
    leadingTs = ts;
    return e;
  }
  // A bare time of day (logback's default `HH:mm:ss.SSS`): skip it, no ts.
  if (isDigit(c) && i + 2 < end && isDigit(s.charCodeAt(i + 1)) && s.charCodeAt(i + 2) === CH_COLON) {
    return findBlank(s, i, end);
  }
  return i;
}

/** Level at the very start of a line: level words, klog, and crash headers. */
function levelAtLineStart(s: string, i: number): Level | null {
  const end = s.length;
  if (i + 5 < end) {
    const c = s.charCodeAt(i);
    // klog/glog: Lmmdd hh:mm:ss.uuuuuu
    if ((c === 73 || c === 87 || c === 69 || c === 70) && isKlogHead(s, i)) {
      return c === 73 ? 'info' : c === 87 ? 'warn' : c === 69 ? 'error' : 'fatal';
    }
    if (c === 84 && s.startsWith('Traceback (most recent call last):', i)) return 'error';
    if (c === 112 && s.startsWith('panic: ', i)) return 'fatal';
    if (c === 102 && s.startsWith('fatal error: ', i)) return 'fatal';
    if (c === 69 && s.startsWith('Exception in thread ', i)) return 'error';
  }
  const level = levelAt(s, i);
  if (level !== null) return level;
  return isJavaExceptionHead(s, i) ? 'error' : null;
}

/** Level word at `i`, or after separators and one bracketed token (thread name) following `i`. */
function levelAt(s: string, i: number): Level | null {
  const end = s.length;
  i = skipSeparators(s, i, end);
  const first = levelToken(s, i, end);
  if (first !== null || i >= end) return first;
  const c = s.charCodeAt(i);
  if (c !== CH_LBRACKET && c !== 40) return null;
  const close = c === CH_LBRACKET ? CH_RBRACKET : 41;
  const limit = Math.min(end, i + 80);
  let k = i + 1;
  while (k < limit && s.charCodeAt(k) !== close) k++;
  if (k >= limit) return null;
  return levelToken(s, skipSeparators(s, k + 1, end), end);
}

/** Skips blanks and lone `-`, `|`, `:` separators. */
function skipSeparators(s: string, i: number, end: number): number {
  for (;;) {
    i = skipBlanks(s, i, end);
    if (i + 1 < end && isSeparator(s.charCodeAt(i)) && isBlank(s.charCodeAt(i + 1))) i += 2;
    else return i;
  }
}

function isSeparator(c: number): boolean {
  return c === 45 || c === 124 || c === CH_COLON;
}

/** A level word at `i` in one of the accepted spellings, or null. */
function levelToken(s: string, i: number, end: number): Level | null {
  if (i >= end) return null;
  let c = s.charCodeAt(i);
  let close = -1;
  if (c === CH_LBRACKET) close = CH_RBRACKET;
  else if (c === 60) close = 62; // <error>
  else if (c === 40) close = 41; // (INFO)
  const a = close < 0 ? i : i + 1;
  let e = a;
  let upper = true;
  while (e < end && e - a <= 9) {
    c = s.charCodeAt(e);
    if (!isAlpha(c)) break;
    if (c >= 97) upper = false;
    e++;
  }
  const len = e - a;
  if (len < 3 || len > 9) return null;
  const after = e < end ? s.charCodeAt(e) : -1;
  if (close >= 0) {
    if (after !== close) return null;
  } else if (after === CH_COLON) {
    // `error: …`, `WARNING: …`, Python's `ERROR:root:…`: any case
  } else if (after === CH_LBRACKET && len === 4 && upper) {
    // logrus text format: ERRO[0000]
  } else if (!upper || !(after === -1 || after === CH_SPACE || after === 9 || after === 124 || after === 44)) {
    return null;
  }
  return STRONG_LEVEL_WORDS.get(s.slice(a, e).toLowerCase()) ?? null;
}

/** `[IWEF]mmdd hh:` at `i`. */
function isKlogHead(s: string, i: number): boolean {
  if (s.length < i + 9) return false;
  for (let k = 1; k <= 4; k++) if (!isDigit(s.charCodeAt(i + k))) return false;
  return s.charCodeAt(i + 5) === CH_SPACE && isDigit(s.charCodeAt(i + 6)) && isDigit(s.charCodeAt(i + 7)) && s.charCodeAt(i + 8) === CH_COLON;
}

/** `java.lang.IllegalStateException: boom` or `com.x.FooError` alone: a dotted class name ending in Exception/Error. */
function isJavaExceptionHead(s: string, i: number): boolean {
  const end = s.length;
  let k = i;
  let dots = 0;
  while (k < end && k - i < 200) {
    const c = s.charCodeAt(k);
    if (c === 46) dots++;
    else if (!(isAlpha(c) || isDigit(c) || c === 95 || c === 36)) break;
    k++;
  }
  if (dots === 0 || (k < end && s.charCodeAt(k) !== CH_COLON)) return false;
  return s.startsWith('Exception', k - 9) || s.startsWith('Error', k - 5) || s.startsWith('Throwable', k - 9);
}

/** Level words strong enough to trust at the head of free text (no single letters, no `log`/`ok`). */
const STRONG_LEVEL_WORDS: ReadonlyMap<string, Level> = new Map<string, Level>([
  ['trace', 'trace'],
  ['trac', 'trace'],
  ['verbose', 'trace'],
  ['debug', 'debug'],
  ['debu', 'debug'],
  ['dbg', 'debug'],
  ['info', 'info'],
  ['notice', 'info'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['error', 'error'],
  ['erro', 'error'],
  ['err', 'error'],
  ['severe', 'error'],
  ['fatal', 'fatal'],
  ['fata', 'fatal'],
  ['crit', 'fatal'],
  ['critical', 'fatal'],
  ['alert', 'fatal'],
  ['emerg', 'fatal'],
  ['emergency', 'fatal'],
  ['panic', 'fatal'],
  ['pani', 'fatal'],
]);
