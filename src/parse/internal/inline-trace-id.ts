import type { Attrs } from '../../model/index.js';

/**
 * Trace ids that a record carries outside the usual fields: written into the message by a
 * text layout (`… trace_id=4bf92f35…`, `traceId: "…"`), or as an attribute whose key ends in
 * a trace-id name (`sd.ctx@32473.trace_id`, `mdc.traceId`). Only hex or UUID-like values of
 * 8–64 characters count, so words that merely mention tracing are not taken.
 */
const IN_MESSAGE = /\btrace[_.-]?id["']?\s*[=:]\s*["']?([0-9a-fA-F][0-9a-fA-F-]{7,63})\b/i;
const KEY_SUFFIX = /(?:^|[._@-])trace[_.-]?id$/i;
const VALUE = /^[0-9a-fA-F][0-9a-fA-F-]{7,63}$/;
/** Messages longer than this are not scanned (a trace id sits in a line's first part). */
const SCAN_LIMIT = 16_384;

export function inlineTraceId(message: string, attrs: Attrs | null): string | null {
  if (attrs !== null) {
    for (const key in attrs) {
      if (!KEY_SUFFIX.test(key)) continue;
      const v = attrs[key];
      if (typeof v === 'string' && VALUE.test(v)) return v;
    }
  }
  const text = message.length > SCAN_LIMIT ? message.slice(0, SCAN_LIMIT) : message;
  // Cheap gate before the regex: most lines never mention a trace id.
  if (!/trace/i.test(text)) return null;
  return IN_MESSAGE.exec(text)?.[1] ?? null;
}
