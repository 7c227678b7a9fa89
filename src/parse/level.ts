import type { Level } from '../model/index.js';

/**
 * Maps the level spellings real software writes onto the six normalised levels.
 * Keys are lower case; `normaliseLevel` tries the raw text first (most logs write
 * `INFO`, `info` or `Info`, all pre-registered), then its trimmed lower-case form.
 */
const WORDS: ReadonlyArray<readonly [Level, readonly string[]]> = [
  ['trace', ['trace', 'trc', 'trac', 'finest', 'finer', 'verbose', 'v', 't', 'all']],
  ['debug', ['debug', 'dbg', 'debu', 'd', 'fine', 'config', 'debug1', 'debug2', 'debug3', 'debug4', 'debug5']],
  ['info', ['info', 'inf', 'i', 'information', 'informational', 'notice', 'note', 'n', 'log', 'ok', 'success', 'normal']],
  ['warn', ['warn', 'warning', 'wrn', 'w', 'warnings']],
  ['error', ['error', 'err', 'erro', 'eror', 'e', 'severe', 'errors', 'fail', 'failure']],
  ['fatal', ['fatal', 'fata', 'ftl', 'f', 'crit', 'critical', 'alert', 'emerg', 'emergency', 'panic', 'pani', 'dpanic', 'a', 'c']],
];

const LEVEL_BY_WORD = new Map<string, Level>();
for (const [level, words] of WORDS) {
  for (const w of words) {
    LEVEL_BY_WORD.set(w, level);
    LEVEL_BY_WORD.set(w.toUpperCase(), level);
    LEVEL_BY_WORD.set(w[0].toUpperCase() + w.slice(1), level);
  }
}

/** RFC 5424 §6.2.1 severities 0 (emerg) … 7 (debug). */
const SYSLOG_SEVERITY_LEVELS: readonly Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** Level for a syslog severity 0…7 (emerg, alert and crit are `fatal`; notice is `info`). */
export function levelFromSyslogSeverity(severity: number): Level {
  return SYSLOG_SEVERITY_LEVELS[severity & 7];
}

/**
 * Normalises a native level. Returns null when the value is not a level we know, so
 * the caller can keep the raw value as an attribute instead of guessing.
 *
 * Numbers (and numeric strings):
 * - 10, 20 and 25…99 use the pino/bunyan scale: 10 trace, 20 debug, 30 info, 40 warn,
 *   50 error, 60+ fatal (values in between round down to the level below).
 * - 100 and above use the Monolog scale: 100 debug, 200 info, 250 notice → info,
 *   300 warn, 400 error, 500+ (critical, alert, emergency) fatal.
 * - other integers 1…24 use the OpenTelemetry SeverityNumber ranges: 1–4 trace, 5–8 debug,
 *   9–12 info, 13–16 warn, 17–20 error, 21–24 fatal. (OTLP 10 and 20 therefore read as pino;
 *   a source that knows its scale should map the number itself.)
 * - 0, negatives and non-integers below 25 → null.
 * Syslog severities are words here (`emerg` … `debug`); numeric syslog severities (0–7) go
 * through `levelFromSyslogSeverity`, because a bare 3 cannot be told apart from OTLP.
 */
export function normaliseLevel(raw: string | number): Level | null {
  if (typeof raw === 'number') return levelFromNumber(raw);
  const hit = LEVEL_BY_WORD.get(raw);
  if (hit !== undefined) return hit;
  if (raw.length === 0 || raw.length > 24) return null;
  const c = raw.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const n = Number(raw);
    return Number.isFinite(n) ? levelFromNumber(n) : null;
  }
  return LEVEL_BY_WORD.get(raw.trim().toLowerCase()) ?? null;
}

function levelFromNumber(n: number): Level | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n >= 100) {
    if (n < 200) return 'debug';
    if (n < 300) return 'info';
    if (n < 400) return 'warn';
    if (n < 500) return 'error';
    return 'fatal';
  }
  if (n === 10 || n === 20 || n >= 25) {
    if (n < 20) return 'trace';
    if (n < 30) return 'debug';
    if (n < 40) return 'info';
    if (n < 50) return 'warn';
    if (n < 60) return 'error';
    return 'fatal';
  }
  if (!Number.isInteger(n)) return null;
  if (n <= 4) return 'trace';
  if (n <= 8) return 'debug';
  if (n <= 12) return 'info';
  if (n <= 16) return 'warn';
  if (n <= 20) return 'error';
  return 'fatal';
}
