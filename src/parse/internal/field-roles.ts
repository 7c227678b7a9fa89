import type { AttrValue } from '../../model/index.js';
import { levelFromSyslogSeverity, normaliseLevel } from '../level.js';
import { epochToMs, parseTimestamp } from '../timestamp.js';
import type { EventDraft } from './event-draft.js';

/**
 * Which keys of a structured record (JSON, logfmt) carry the event's own fields.
 * Nested JSON is matched by its flattened dotted key (`service.name`, `log.level`).
 * Listed in priority order: when a record has several keys for one role, the earliest
 * wins and the others stay attributes.
 */
const ROLE_KEYS: readonly (readonly string[])[] = [
  /* ts      */ ['@timestamp', 'timestamp', 'ts', 'time', 't', '@t', '__REALTIME_TIMESTAMP', 'datetime'],
  /* level   */ [
    'level',
    'severity',
    'lvl',
    'loglevel',
    'log.level',
    'severity_text',
    'severityText',
    'levelname',
    'log_level',
    'level_name',
    '@l',
    'PRIORITY',
  ],
  /* message */ ['msg', 'message', '@m', 'short_message', 'MESSAGE', 'log', 'text', 'event', '@mt'],
  /* service */ [
    'service',
    'service.name',
    'service_name',
    'serviceName',
    'app',
    'application',
    'app_name',
    'logger',
    'SYSLOG_IDENTIFIER',
  ],
  /* host    */ ['host', 'hostname', 'host.name', 'host.hostname', '_HOSTNAME'],
  /* trace   */ ['trace_id', 'traceId', 'trace.id', 'traceid', 'dd.trace_id'],
  /* span    */ ['span_id', 'spanId', 'span.id', 'spanid', 'dd.span_id'],
];

const ROLE_TS = 0;
const ROLE_LEVEL = 1;
const ROLE_MESSAGE = 2;
const ROLE_SERVICE = 3;
const ROLE_HOST = 4;
const ROLE_TRACE = 5;
const ROLE_SPAN = 6;
const ROLE_COUNT = 7;
const RANK_BITS = 32;

/** Level keys whose numbers are syslog severities (journald's PRIORITY), not pino/OTLP numbers. */
const SYSLOG_LEVEL_KEYS: ReadonlySet<string> = new Set(['PRIORITY']);
/** GELF writes syslog severities in `level`; a record with `short_message` is GELF. */
const GELF_MESSAGE_KEY = 'short_message';

const ROLE_CODES = new Map<string, number>();
/**
 * (length, first char) pairs of role keys, as a bitmap: most keys of a record are ordinary
 * attributes, and this rejects them without hashing a freshly sliced key string.
 */
const MAX_ROLE_KEY_LENGTH = 31;
const MAYBE_ROLE = new Uint8Array((MAX_ROLE_KEY_LENGTH + 1) * 128);
ROLE_KEYS.forEach((keys, role) =>
  keys.forEach((key, rank) => {
    ROLE_CODES.set(key, role * RANK_BITS + rank);
    MAYBE_ROLE[key.length * 128 + key.charCodeAt(0)] = 1;
  }),
);

/** Role code of a key (role × 32 + rank), or -1 when the key is an ordinary attribute. */
export function roleCodeOf(key: string): number {
  const len = key.length;
  const c = key.charCodeAt(0);
  if (len > MAX_ROLE_KEY_LENGTH || c >= 128 || MAYBE_ROLE[len * 128 + c] === 0) return -1;
  return ROLE_CODES.get(key) ?? -1;
}

/**
 * Collects the best candidate per role while a record's fields stream past, then moves
 * them into a draft. One instance is reused per parser; `reset()` between records.
 */
export class RoleSlots {
  private readonly keys: (string | null)[] = new Array<string | null>(ROLE_COUNT).fill(null);
  private readonly values: AttrValue[] = new Array<AttrValue>(ROLE_COUNT).fill(null);
  private readonly ranks: number[] = new Array<number>(ROLE_COUNT).fill(RANK_BITS);
  /** Set by `apply`: the message was taken from a field that may hold a raw text line. */
  messageKey: string | null = null;

  reset(): void {
    for (let r = 0; r < ROLE_COUNT; r++) {
      this.keys[r] = null;
      this.values[r] = null;
      this.ranks[r] = RANK_BITS;
    }
    this.messageKey = null;
  }

  /**
   * Offers a field with role code `code` (from `roleCodeOf`, ≥ 0). A candidate it displaces
   * goes back to `draft` as an attribute, as does a field that loses to an earlier better one.
   */
  offer(key: string, code: number, value: AttrValue, draft: EventDraft): void {
    const role = (code / RANK_BITS) | 0;
    const rank = code % RANK_BITS;
    if (rank < this.ranks[role]) {
      const old = this.keys[role];
      if (old !== null) draft.setAttr(old, this.values[role]);
      this.keys[role] = key;
      this.values[role] = value;
      this.ranks[role] = rank;
    } else {
      draft.setAttr(key, value);
    }
  }

  /** Converts the candidates into draft fields; a value that does not convert stays an attribute. */
  apply(draft: EventDraft, receivedAt: number): void {
    const keys = this.keys;
    const values = this.values;

    let key = keys[ROLE_TS];
    if (key !== null) {
      const v = values[ROLE_TS];
      const ts = typeof v === 'string' ? parseTimestamp(v, receivedAt) : typeof v === 'number' ? epochToMs(v) : null;
      if (ts !== null) draft.ts = ts;
      else draft.setAttr(key, v);
    }

    key = keys[ROLE_MESSAGE];
    if (key !== null) {
      const v = values[ROLE_MESSAGE];
      if (typeof v === 'string') {
        draft.message = v;
        this.messageKey = key;
      } else if (v !== null) {
        draft.message = String(v);
      }
    }

    key = keys[ROLE_LEVEL];
    if (key !== null) {
      const v = values[ROLE_LEVEL];
      let level = null;
      if (typeof v === 'number' && (SYSLOG_LEVEL_KEYS.has(key) || keys[ROLE_MESSAGE] === GELF_MESSAGE_KEY)) {
        level = Number.isInteger(v) && v >= 0 && v <= 7 ? levelFromSyslogSeverity(v) : null;
      } else if (typeof v === 'string' && SYSLOG_LEVEL_KEYS.has(key) && v.length === 1) {
        const n = v.charCodeAt(0) - 48;
        level = n >= 0 && n <= 7 ? levelFromSyslogSeverity(n) : null;
      } else if (typeof v === 'string' || typeof v === 'number') {
        level = normaliseLevel(v);
      }
      if (level !== null) draft.level = level;
      else draft.setAttr(key, values[ROLE_LEVEL]);
    }

    draft.service = this.takeText(ROLE_SERVICE, draft) ?? draft.service;
    draft.host = this.takeText(ROLE_HOST, draft) ?? draft.host;
    draft.traceId = this.takeText(ROLE_TRACE, draft) ?? draft.traceId;
    draft.spanId = this.takeText(ROLE_SPAN, draft) ?? draft.spanId;
  }

  /** A non-empty string (numbers are stringified); anything else goes back to attrs. */
  private takeText(role: number, draft: EventDraft): string | null {
    const key = this.keys[role];
    if (key === null) return null;
    const v = this.values[role];
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number') return String(v);
    draft.setAttr(key, v);
    return null;
  }
}
