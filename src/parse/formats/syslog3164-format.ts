import {
  CH_COLON,
  CH_LT,
  CH_LBRACKET,
  CH_MINUS,
  CH_RBRACKET,
  findBlank,
  isAlpha,
  isBlank,
  isDigit,
  skipBlanks,
} from '../internal/char-codes.js';
import type { EventDraft } from '../internal/event-draft.js';
import { levelFromSyslogSeverity, normaliseLevel } from '../level.js';
import { lastScanEnd, scanTimestamp } from '../timestamp.js';
import { detectLeadingLevel } from './plain-format.js';
import { facilityName, lastPriEnd, scanPri } from './syslog-pri.js';
import type { LineParser, TextFormat } from './text-format.js';

/** Longest TAG we accept (RFC 3164 says 32; real tags such as `sshd(pam_unix)` or `postfix/smtpd` run longer). */
const MAX_TAG = 64;

/**
 * RFC 3164 / BSD syslog, on the wire or as written to /var/log:
 * `[<PRI>]Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`. Also accepted: an RFC 3339 timestamp
 * (rsyslog's file format), a missing HOSTNAME (`<13>Jan  1 00:00:00 tag: msg`), and with PRI
 * a missing timestamp.
 *
 * Maps: PRI severity → level (without PRI: a leading level word of MSG, else info),
 * facility → attribute `facility`, timestamp → ts (year inferred near `receivedAt`, UTC),
 * HOSTNAME → host, TAG → service, PID → attribute `pid`, MSG → message.
 *
 * Senders on one port mix dialects: given `rfc5424` (the RFC 5424 line parser, injected to keep
 * the two modules independent), a line that is RFC 5424 (`<PRI>1 …`) is parsed as such.
 */
export class Syslog3164Format implements TextFormat {
  readonly name = 'syslog3164' as const;
  readonly unmatchedContinues = true;

  constructor(private readonly rfc5424: LineParser | null = null) {}

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    if (this.rfc5424 !== null && line.charCodeAt(0) === CH_LT) {
      if (this.rfc5424(line, draft, receivedAt)) return true;
      draft.reset();
    }
    return parseSyslog3164(line, draft, receivedAt);
  }
}

/** Parses an RFC 3164 / BSD line into `draft`; false when the line is not one. */
export function parseSyslog3164(line: string, draft: EventDraft, receivedAt: number): boolean {
  const end = line.length;
  const pri = scanPri(line);
  let i = pri >= 0 ? lastPriEnd() : 0;
  let isoStamp = false;
  let hasStamp = false;
  if (i < end) {
    const c = line.charCodeAt(i);
    // Month-first stamps, or ISO dates (yyyy-…). Other digit-led text is not a syslog header.
    if (isAlpha(c) || (isDigit(c) && i + 4 < end && line.charCodeAt(i + 4) === CH_MINUS)) {
      const ts = scanTimestamp(line, i, end, receivedAt);
      const e = lastScanEnd();
      if (ts === ts && (e === end || isBlank(line.charCodeAt(e)))) {
        draft.ts = ts;
        isoStamp = isDigit(c);
        hasStamp = true;
        i = e;
      }
    }
  }
  if (!hasStamp && pri < 0) return false;
  i = skipBlanks(line, i, end);

  // HOSTNAME, unless the first token is already the TAG.
  let e = findBlank(line, i, end);
  if (e > i && hasStamp && !scanTag(line, i, e)) {
    if (pri < 0 && isoStamp && normaliseLevel(line.slice(i, e)) !== null) return false; // "… INFO main: x" is not syslog
    draft.host = line.slice(i, e);
    i = skipBlanks(line, e, end);
    e = findBlank(line, i, end);
  }
  if (e > i && scanTag(line, i, e)) {
    draft.service = line.slice(i, tagEnd);
    if (pidStart >= 0) draft.setAttr('pid', line.slice(pidStart, pidEnd));
    i = e < end ? e + 1 : e;
  } else if (pri < 0 && isoStamp) {
    return false;
  }

  draft.message = line.slice(i);
  if (pri >= 0) {
    draft.level = levelFromSyslogSeverity(pri);
    draft.setAttr('facility', facilityName(pri));
  } else {
    draft.level = detectLeadingLevel(line, i);
  }
  return true;
  }

// Set by scanTag.
let tagEnd = 0;
let pidStart = -1;
let pidEnd = -1;

/**
 * True when [a, b) is a TAG token: `name:`, `name[pid]:` or `name[pid]`. Sets `tagEnd`
 * (end of the name) and `pidStart`/`pidEnd` (-1 when there is no pid).
 */
function scanTag(line: string, a: number, b: number): boolean {
  let last = b - 1;
  const colon = line.charCodeAt(last) === CH_COLON;
  if (colon) last--;
  if (last < a) return false;
  pidStart = -1;
  pidEnd = -1;
  if (line.charCodeAt(last) === CH_RBRACKET) {
    let k = last - 1;
    while (k > a && line.charCodeAt(k) !== CH_LBRACKET) k--;
    if (k <= a || line.charCodeAt(k) !== CH_LBRACKET) return false;
    pidStart = k + 1;
    pidEnd = last;
    tagEnd = k;
  } else if (colon) {
    tagEnd = last + 1;
  } else {
    return false;
  }
  const len = tagEnd - a;
  if (len < 1 || len > MAX_TAG) return false;
  for (let k = a; k < tagEnd; k++) {
    const c = line.charCodeAt(k);
    if (c === CH_COLON || c === CH_LBRACKET || c === CH_RBRACKET) return false;
  }
  return true;
}
