import type { Level } from '../../model/index.js';
import {
  CH_BACKSLASH,
  CH_MINUS,
  CH_QUOTE,
  CH_SPACE,
  countDigits,
  findBlank,
  readDigits,
  skipBlanks,
} from '../internal/char-codes.js';
import type { EventDraft } from '../internal/event-draft.js';
import { lastScanEnd, scanTimestamp } from '../timestamp.js';
import type { TextFormat } from './text-format.js';

/**
 * Apache/nginx access logs, Common Log Format and the combined format that adds referer and
 * user agent: `ip ident user [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 200 2326 "ref" "ua"`.
 *
 * Maps: the bracketed time → ts; status → level (5xx error, 4xx warn, else info);
 * message = `<request line> <status>`; attributes `client_ip`, `user` (unless `-`), `method`,
 * `path`, `protocol`, `status` and `bytes` (numbers), `referer` and `user_agent` (unless `-`),
 * and `extra` for anything after the user agent (nginx variables appended to the format).
 * Both names accept both shapes; they differ only in what detection reports.
 */
export class AccessLogFormat implements TextFormat {
  readonly unmatchedContinues = false;

  constructor(readonly name: 'access-common' | 'access-combined') {}

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    return scanAccessLine(line, draft, receivedAt) !== ACCESS_NONE;
  }
}

/** Shapes `scanAccessLine` reports. */
export const ACCESS_NONE = 0;
export const ACCESS_COMMON = 1;
export const ACCESS_COMBINED = 2;
export type AccessShape = typeof ACCESS_NONE | typeof ACCESS_COMMON | typeof ACCESS_COMBINED;

/** Parses an access-log line into `draft`; returns which shape it had (None: not an access log). */
export function scanAccessLine(line: string, draft: EventDraft, receivedAt: number): AccessShape {
  const end = line.length;
  // ip ident user
  let i = 0;
  const ipEnd = findBlank(line, 0, end);
  if (ipEnd === 0 || ipEnd >= end) return ACCESS_NONE;
  i = ipEnd + 1;
  const identEnd = findBlank(line, i, end);
  if (identEnd === i || identEnd >= end) return ACCESS_NONE;
  const userStart = identEnd + 1;
  // The user may be quoted or contain spaces in odd setups; it runs up to " [".
  const bracket = line.indexOf(' [', identEnd);
  if (bracket < 0 || bracket < userStart || bracket - userStart > 256) return ACCESS_NONE;
  // [time]
  const tsStart = bracket + 2;
  const tsEnd = line.indexOf(']', tsStart);
  if (tsEnd < 0 || tsEnd - tsStart > 64 || tsEnd + 2 >= end) return ACCESS_NONE;
  if (line.charCodeAt(tsEnd + 1) !== CH_SPACE || line.charCodeAt(tsEnd + 2) !== CH_QUOTE) return ACCESS_NONE;
  // "request"
  const reqStart = tsEnd + 3;
  const reqEnd = quotedEnd(line, reqStart);
  if (reqEnd < 0) return ACCESS_NONE;
  // status bytes
  i = reqEnd + 1;
  if (i >= end || line.charCodeAt(i) !== CH_SPACE) return ACCESS_NONE;
  i++;
  if (countDigits(line, i, end) !== 3) return ACCESS_NONE;
  const status = readDigits(line, i, 3);
  i += 3;
  if (i >= end || line.charCodeAt(i) !== CH_SPACE) return ACCESS_NONE;
  i++;
  let bytes = -1;
  const bLen = countDigits(line, i, end);
  if (bLen > 0 && bLen <= 15) {
    bytes = Number(line.slice(i, i + bLen));
    i += bLen;
  } else if (i < end && line.charCodeAt(i) === CH_MINUS) {
    i++;
  } else {
    return ACCESS_NONE;
  }
  if (i < end && line.charCodeAt(i) !== CH_SPACE) return ACCESS_NONE;

  const ts = scanTimestamp(line, tsStart, tsEnd, receivedAt);
  if (ts !== ts || lastScanEnd() !== tsEnd) return ACCESS_NONE;
  draft.ts = ts;
  draft.setAttr('client_ip', line.slice(0, ipEnd));
  const user = line.slice(userStart, bracket);
  if (user !== '-') draft.setAttr('user', user);
  const request = unescapeRequest(line.slice(reqStart, reqEnd));
  setRequestAttrs(request, draft);
  draft.setAttr('status', status);
  if (bytes >= 0) draft.setAttr('bytes', bytes);
  draft.level = levelForStatus(status);
  draft.message = request + ' ' + status;

  // Optional "referer" "user agent", then anything else.
  let shape: AccessShape = ACCESS_COMMON;
  i = skipBlanks(line, i, end);
  if (i < end && line.charCodeAt(i) === CH_QUOTE) {
    const refEnd = quotedEnd(line, i + 1);
    if (refEnd > 0 && refEnd + 2 < end && line.charCodeAt(refEnd + 1) === CH_SPACE && line.charCodeAt(refEnd + 2) === CH_QUOTE) {
      const uaEnd = quotedEnd(line, refEnd + 3);
      if (uaEnd > 0) {
        const referer = line.slice(i + 1, refEnd);
        const ua = unescapeRequest(line.slice(refEnd + 3, uaEnd));
        if (referer !== '-' && referer !== '') draft.setAttr('referer', referer);
        if (ua !== '-' && ua !== '') draft.setAttr('user_agent', ua);
        shape = ACCESS_COMBINED;
        i = skipBlanks(line, uaEnd + 1, end);
      }
    }
  }
  if (i < end) draft.setAttr('extra', line.slice(i));
  return shape;
}

export function levelForStatus(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** `GET /x?y=1 HTTP/1.1` → method, path, protocol. Garbage request lines (TLS probes) set nothing. */
function setRequestAttrs(request: string, draft: EventDraft): void {
  const sp1 = request.indexOf(' ');
  if (sp1 <= 0 || sp1 > 16) return;
  for (let k = 0; k < sp1; k++) {
    const c = request.charCodeAt(k);
    if (c < 65 || c > 90) return; // methods are upper-case letters
  }
  draft.setAttr('method', request.slice(0, sp1));
  const sp2 = request.lastIndexOf(' ');
  if (sp2 > sp1 && request.startsWith('HTTP/', sp2 + 1)) {
    draft.setAttr('path', request.slice(sp1 + 1, sp2));
    draft.setAttr('protocol', request.slice(sp2 + 1));
  } else {
    draft.setAttr('path', request.slice(sp1 + 1));
  }
}

/** Index of the closing quote of a string whose body starts at `i`, honouring `\"`; -1 if none. */
function quotedEnd(line: string, i: number): number {
  const end = line.length;
  while (i < end) {
    const c = line.charCodeAt(i);
    if (c === CH_BACKSLASH) i += 2;
    else if (c === CH_QUOTE) return i;
    else i++;
  }
  return -1;
}

/** Apache writes `\"` and `\\`, nginx `\x22`; undo both. Other escapes stay as written. */
function unescapeRequest(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(ESCAPES, unescapeOne);
}

function unescapeOne(m: string): string {
  return m === '\\x22' ? '"' : m[1];
}

const ESCAPES = /\\x22|\\["\\]/g;
