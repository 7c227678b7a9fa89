import {
  CH_BACKSLASH,
  CH_BOM,
  CH_EQ,
  CH_LBRACKET,
  CH_MINUS,
  CH_QUOTE,
  CH_RBRACKET,
  CH_SPACE,
  findBlank,
  isDigit,
} from '../internal/char-codes.js';
import type { EventDraft } from '../internal/event-draft.js';
import { levelFromSyslogSeverity } from '../level.js';
import { lastScanEnd, scanTimestamp } from '../timestamp.js';
import { parseSyslog3164 } from './syslog3164-format.js';
import { facilityName, lastPriEnd, scanPri } from './syslog-pri.js';
import type { TextFormat } from './text-format.js';

/**
 * RFC 5424 syslog:
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, `-` for absent fields.
 *
 * Maps: severity → level, HOSTNAME → host, APP-NAME → service, TIMESTAMP → ts, MSG → message
 * (a leading UTF-8 BOM removed); attributes `facility` (name), `pid` (PROCID), `msgid`, and
 * `sd.<SD-ID>.<PARAM-NAME>` for each structured-data parameter (`\"`, `\\`, `\]` unescaped).
 * Malformed structured data is kept in the message rather than rejected.
 *
 * Senders on one port often mix the two syslog dialects, so a line with a PRI that is not
 * RFC 5424 is parsed as RFC 3164.
 */
export class Syslog5424Format implements TextFormat {
  readonly name = 'syslog5424' as const;
  readonly unmatchedContinues = true;

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    if (parseSyslog5424(line, draft, receivedAt)) return true;
    if (scanPri(line) < 0) return false;
    draft.reset();
    return parseSyslog3164(line, draft, receivedAt);
  }
}

/** Parses an RFC 5424 line into `draft`; false when the line is not RFC 5424. */
export function parseSyslog5424(line: string, draft: EventDraft, receivedAt: number): boolean {
  const pri = scanPri(line);
  if (pri < 0) return false;
  const end = line.length;
  let i = lastPriEnd();
  // VERSION: 1–2 digits, no leading zero, then a space.
  if (i >= end || !isDigit(line.charCodeAt(i)) || line.charCodeAt(i) === 48) return false;
  i++;
  if (i < end && isDigit(line.charCodeAt(i))) i++;
  if (i >= end || line.charCodeAt(i) !== CH_SPACE) return false;
  i++;

  // TIMESTAMP
  let e = findBlank(line, i, end);
  if (!(e === i + 1 && line.charCodeAt(i) === CH_MINUS)) {
    const ts = scanTimestamp(line, i, e, receivedAt);
    if (ts === ts && lastScanEnd() === e) draft.ts = ts;
    else if (!isDigit(line.charCodeAt(i))) return false; // not a timestamp at all: not RFC 5424
  }
  draft.level = levelFromSyslogSeverity(pri);
  draft.setAttr('facility', facilityName(pri));

  // HOSTNAME APP-NAME PROCID MSGID
  for (let field = 0; field < 4; field++) {
    i = e + 1;
    if (i >= end) return true;
    e = findBlank(line, i, end);
    if (e === i + 1 && line.charCodeAt(i) === CH_MINUS) continue;
    if (e === i) continue;
    const v = line.slice(i, e);
    if (field === 0) draft.host = v;
    else if (field === 1) draft.service = v;
    else if (field === 2) draft.setAttr('pid', v);
    else draft.setAttr('msgid', v);
  }

  // STRUCTURED-DATA
  i = e + 1;
  if (i >= end) return true;
  if (line.charCodeAt(i) === CH_MINUS && (i + 1 === end || line.charCodeAt(i + 1) === CH_SPACE)) {
    i += 1;
  } else if (line.charCodeAt(i) === CH_LBRACKET) {
    const sdEnd = scanStructuredData(line, i, draft);
    if (sdEnd > 0) i = sdEnd;
  }

  // MSG
  if (i < end && line.charCodeAt(i) === CH_SPACE) i++;
  if (i < end && line.charCodeAt(i) === CH_BOM) i++;
  draft.message = line.slice(i);
  return true;
  }

/**
 * Parses SD-ELEMENTs starting at `i` (a `[`) into `sd.<id>.<name>` attributes.
 * Returns the index after the last element, or -1 when they are malformed (nothing is
 * kept then, and the caller leaves the text in the message).
 */
function scanStructuredData(line: string, i: number, draft: EventDraft): number {
  const end = line.length;
  const start = i;
  const params: string[] = [];
  while (i < end && line.charCodeAt(i) === CH_LBRACKET) {
    i++;
    const idStart = i;
    while (i < end) {
      const c = line.charCodeAt(i);
      if (c === CH_SPACE || c === CH_RBRACKET || c === CH_EQ || c === CH_QUOTE) break;
      i++;
    }
    if (i === idStart || i >= end) return -1;
    const id = line.slice(idStart, i);
    for (;;) {
      if (i >= end) return -1;
      const c = line.charCodeAt(i);
      if (c === CH_RBRACKET) {
        i++;
        break;
      }
      if (c !== CH_SPACE) return -1;
      i++;
      const nameStart = i;
      while (i < end && line.charCodeAt(i) !== CH_EQ && line.charCodeAt(i) !== CH_SPACE && line.charCodeAt(i) !== CH_RBRACKET) i++;
      if (i === nameStart || i + 1 >= end || line.charCodeAt(i) !== CH_EQ || line.charCodeAt(i + 1) !== CH_QUOTE) return -1;
      const name = line.slice(nameStart, i);
      i += 2;
      const valStart = i;
      let escaped = false;
      while (i < end) {
        const v = line.charCodeAt(i);
        if (v === CH_BACKSLASH && i + 1 < end) {
          escaped = true;
          i += 2;
        } else if (v === CH_QUOTE) {
          break;
        } else {
          i++;
        }
      }
      if (i >= end) return -1;
      const raw = line.slice(valStart, i);
      i++;
      params.push(`sd.${id}.${name}`, escaped ? raw.replace(SD_ESCAPE, '$1') : raw);
    }
  }
  if (i === start) return -1;
  for (let k = 0; k < params.length; k += 2) draft.setAttr(params[k], params[k + 1]);
  return i;
}

/** RFC 5424 §6.3.3: inside PARAM-VALUE only `"`, `\` and `]` are escaped; other backslashes stay. */
const SD_ESCAPE = /\\(["\\\]])/g;
