import { presentedToken } from '../auth/presented-token.js';
import type { AuthRequest } from '../auth/request-auth.js';
import type { DecodeContext, DecodedBody } from './codecs/decoded-body.js';
import { frameConcatenatedJson } from './codecs/concatenated-json.js';
import { setAttribute, setField } from './codecs/record-fields.js';
import { deadLetter, tooLarge } from './codecs/text-lines.js';

/** A HEC reply: HTTP status plus HEC's own `{"text", "code"}` body. */
export interface HecReply {
  readonly status: number;
  readonly code: number;
  readonly text: string;
}

/** HEC's status codes and texts, as Splunk documents them. */
export const HEC_REPLIES = {
  success: { status: 200, code: 0, text: 'Success' },
  tokenDisabled: { status: 403, code: 1, text: 'Token disabled' },
  tokenRequired: { status: 401, code: 2, text: 'Token is required' },
  invalidAuthorization: { status: 401, code: 3, text: 'Invalid authorization' },
  invalidToken: { status: 403, code: 4, text: 'Invalid token' },
  noData: { status: 400, code: 5, text: 'No data' },
  invalidDataFormat: { status: 400, code: 6, text: 'Invalid data format' },
  incorrectIndex: { status: 400, code: 7, text: 'Incorrect index' },
  internalError: { status: 500, code: 8, text: 'Internal server error' },
  serverBusy: { status: 503, code: 9, text: 'Server is busy' },
  eventRequired: { status: 400, code: 12, text: 'Event field is required' },
  eventBlank: { status: 400, code: 13, text: 'Event field cannot be blank' },
  indexedFields: { status: 400, code: 15, text: 'Error in handling indexed fields' },
  healthy: { status: 200, code: 17, text: 'HEC is healthy' },
  unhealthy: { status: 503, code: 18, text: 'HEC is unhealthy, queues are full' },
} as const satisfies Record<string, HecReply>;

/** Decoded `/services/collector/event` body. */
export interface DecodedHecEvents extends DecodedBody {
  /** Events framed in the body (good and bad). */
  readonly events: number;
  /** The first event that failed, with the reply HEC gives for it (`invalid-event-number`), or null. */
  readonly firstError: { readonly reply: HecReply; readonly event: number } | null;
}

/**
 * Decodes HEC's event format: concatenated JSON objects (not an array), each
 * `{"event": …, "time": <epoch s with fraction>, "host", "source", "sourcetype", "index", "fields": {…}}`.
 *
 * Mapping: `event` as a string is the message (parsed by the envelope rule: a JSON or known text
 * line maps its own fields); `event` as an object is a JSON log record (its keys map as usual);
 * `time` → time; `host` → host; `source`, `sourcetype`, `index` and the indexed `fields` →
 * attributes (an indexed `service` or `level` field maps to those fields).
 *
 * Unlike Splunk, which stops at the first bad event, every good event is kept; the bad ones are
 * dead-lettered and the reply names the first (`invalid-event-number`, 0-based).
 */
export function decodeHecEvents(text: string, ctx: DecodeContext): DecodedHecEvents {
  const out: DecodedBody & { readonly streams: string[] } = { records: [], positions: [], rejected: [], streams: [] };
  let firstError: DecodedHecEvents['firstError'] = null;
  const frames = frameConcatenatedJson(text);
  const fail = (index: number, reply: HecReply, detail: string, raw: string, reason: 'invalid_json' | 'invalid_record' = 'invalid_record') => {
    out.rejected.push({ index, letter: deadLetter(ctx, reason, `event ${index}: ${detail}`, raw) });
    if (firstError === null) firstError = { reply, event: index };
  };
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k];
    const raw = text.slice(f.start, f.end);
    if (raw.length > ctx.maxRecordBytes) {
      out.rejected.push({ index: k, letter: tooLarge(raw.slice(0, 4096), raw.length, ctx) });
      firstError ??= { reply: HEC_REPLIES.invalidDataFormat, event: k };
      continue;
    }
    let obj: unknown = undefined;
    if (f.ok) {
      try {
        obj = JSON.parse(raw);
      } catch {
        obj = undefined; // reported below as invalid data format
      }
    }
    if (obj === undefined || obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      fail(k, HEC_REPLIES.invalidDataFormat, 'not a JSON object', raw, 'invalid_json');
      continue;
    }
    const e = obj as Record<string, unknown>;
    const event = e.event;
    if (event === undefined) {
      fail(k, HEC_REPLIES.eventRequired, 'the "event" field is required', raw);
      continue;
    }
    if (event === null || event === '' || (typeof event === 'object' && !Array.isArray(event) && Object.keys(event).length === 0)) {
      fail(k, HEC_REPLIES.eventBlank, 'the "event" field cannot be blank', raw);
      continue;
    }
    const time = hecTime(e.time);
    if (time === null) {
      fail(k, HEC_REPLIES.invalidDataFormat, `"time" must be epoch seconds, got ${JSON.stringify(e.time)}`, raw);
      continue;
    }
    const fields = e.fields;
    if (fields !== undefined && (fields === null || typeof fields !== 'object' || Array.isArray(fields) || !indexedFieldsOk(fields as Record<string, unknown>))) {
      fail(k, HEC_REPLIES.indexedFields, '"fields" must be an object of strings, numbers or arrays of them', raw);
      continue;
    }
    out.records.push(eventRecord(e, event, time, fields as Record<string, unknown> | undefined));
    out.positions.push(k);
    out.streams.push(hecStream(e, fields as Record<string, unknown> | undefined));
  }
  return { ...out, events: frames.length, firstError };
}

function eventRecord(e: Record<string, unknown>, event: unknown, timeMs: number, fields: Record<string, unknown> | undefined): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const key of ['source', 'sourcetype', 'index'] as const) {
    const v = e[key];
    if (typeof v === 'string' && v !== '') meta[key] = v;
  }
  if (fields !== undefined) for (const key of Object.keys(fields)) setAttribute(meta, key, fields[key]);
  if (typeof e.host === 'string' && e.host !== '') meta.host = e.host;
  if (timeMs > 0) meta['@timestamp'] = timeMs;
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) {
    const obj = event as Record<string, unknown>;
    for (const key of Object.keys(meta)) setField(obj, key, meta[key]);
    return obj;
  }
  meta.msg = typeof event === 'string' ? event : JSON.stringify(event);
  return meta;
}

/** The stream of an event for format detection: its indexed `service` field, else its source and sourcetype. */
function hecStream(e: Record<string, unknown>, fields: Record<string, unknown> | undefined): string {
  const service = fields?.service;
  if (typeof service === 'string') return service;
  return `${typeof e.source === 'string' ? e.source : ''}|${typeof e.sourcetype === 'string' ? e.sourcetype : ''}`;
}

/** HEC `time`: epoch seconds (number or numeric string, fraction allowed) → ms; 0 when absent; null when malformed. */
function hecTime(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1000) : null;
}

function indexedFieldsOk(fields: Record<string, unknown>): boolean {
  for (const key of Object.keys(fields)) {
    const v = fields[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) continue;
    return false;
  }
  return true;
}

/** The token of a HEC request: `Authorization: Splunk <token>` or Basic (`x:<token>`), else the reply HEC gives. */
export type HecCredential = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly reply: HecReply };

export function hecCredential(request: AuthRequest): HecCredential {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return { ok: false, reply: HEC_REPLIES.tokenRequired };
  const presented = presentedToken(request);
  if (presented === null || (presented.scheme !== 'splunk' && presented.scheme !== 'basic')) return { ok: false, reply: HEC_REPLIES.invalidAuthorization };
  return { ok: true, token: presented.token };
}
