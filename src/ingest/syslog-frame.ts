import type { FormatSpec } from '../parse/index.js';

/** The two syslog formats, as the parse stage names them. */
export type SyslogFormat = 'syslog5424' | 'syslog3164';

export const SYSLOG_5424: FormatSpec = Object.freeze({ kind: 'builtin', name: 'syslog5424' });
export const SYSLOG_3164: FormatSpec = Object.freeze({ kind: 'builtin', name: 'syslog3164' });

const LT = 60;
const GT = 62;
/** Largest PRI value: facility 23 × 8 + severity 7. */
const MAX_PRI = 191;

/**
 * Decides which parser gets a syslog frame (the parse stage does the parsing): `<PRI>1 ` is
 * RFC 5424 (VERSION 1), any other `<PRI>` is RFC 3164. A frame without a valid PRI is not
 * syslog: null (the source counts it and dead-letters it). `text` is the decoded frame.
 */
export function syslogFormatOf(text: string): SyslogFormat | null {
  if (text.charCodeAt(0) !== LT) return null;
  let i = 1;
  let pri = 0;
  while (i < text.length && i <= 4) {
    const c = text.charCodeAt(i);
    if (c === GT) break;
    if (c < 48 || c > 57) return null;
    pri = pri * 10 + (c - 48);
    i++;
  }
  if (i === 1 || i > 4 || text.charCodeAt(i) !== GT || pri > MAX_PRI) return null;
  return text.charCodeAt(i + 1) === 49 && text.charCodeAt(i + 2) === 32 ? 'syslog5424' : 'syslog3164';
}

/** Decodes a frame's bytes: UTF-8, a trailing LF/CR/NUL trimmed (UDP senders often add them). */
export function decodeSyslogFrame(bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 10 || bytes[end - 1] === 13 || bytes[end - 1] === 0)) end--;
  return bytes.toString('utf8', 0, end);
}
