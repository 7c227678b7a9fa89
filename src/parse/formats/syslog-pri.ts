import { CH_GT, CH_LT, isDigit } from '../internal/char-codes.js';

/** Facility names (RFC 5424 §6.2.1, with the names rsyslog and syslog-ng use). */
const FACILITY_NAMES: readonly string[] = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

export function facilityName(pri: number): string {
  return FACILITY_NAMES[pri >> 3] ?? String(pri >> 3);
}

// Set by scanPri: index just past the closing `>`.
let priEnd = 0;

export function lastPriEnd(): number {
  return priEnd;
}

/**
 * Reads `<PRI>` at the start of a line: 1–3 digits, value 0…191, no leading zeros except `<0>`.
 * Returns PRI (facility × 8 + severity) or -1 when the line does not start with one.
 */
export function scanPri(line: string): number {
  if (line.length < 3 || line.charCodeAt(0) !== CH_LT) return -1;
  let v = 0;
  let i = 1;
  while (i < line.length && i <= 4 && isDigit(line.charCodeAt(i))) {
    v = v * 10 + (line.charCodeAt(i) - 48);
    i++;
  }
  const digits = i - 1;
  if (digits < 1 || digits > 3 || i >= line.length || line.charCodeAt(i) !== CH_GT) return -1;
  if (digits > 1 && line.charCodeAt(1) === 48) return -1;
  if (v > 191) return -1;
  priEnd = i + 1;
  return v;
}
