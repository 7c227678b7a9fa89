import { inlineTraceId } from './inline-trace-id.js';
import { UNKNOWN_SERVICE, makeLogEvent } from '../../model/index.js';
import type { Attrs, Level, LogEvent, AttrValue } from '../../model/index.js';
import type { ParseContext } from '../types.js';

/**
 * The mutable, reusable record a format fills in while parsing one line or object.
 * Every field is set in the constructor and `reset()` restores the same values, so the
 * hidden class never changes. `null`/NaN mean "the record did not say"; `toEvent`
 * applies the context defaults.
 */
export class EventDraft {
  /** ms since epoch; NaN when the record carries no (parseable) time. */
  ts = NaN;
  level: Level | null = null;
  service: string | null = null;
  host: string | null = null;
  /** Host named by a weak source (a header `<Node>` field): used only when the context names none. */
  hostFallback: string | null = null;
  message = '';
  attrs: Attrs | null = null;
  traceId: string | null = null;
  spanId: string | null = null;
  /**
   * True when the record is structured (any JSON object, or logfmt with a message key): its
   * attribute keys are part of its shape, so the miner gets them with the message.
   */
  structured = false;

  reset(): void {
    this.ts = NaN;
    this.level = null;
    this.service = null;
    this.host = null;
    this.hostFallback = null;
    this.message = '';
    this.attrs = null;
    this.traceId = null;
    this.spanId = null;
    this.structured = false;
  }

  setAttr(key: string, value: AttrValue): void {
    if (this.attrs === null) this.attrs = {};
    // A plain assignment to `__proto__` would replace the prototype instead of adding a key.
    if (key === '__proto__') Object.defineProperty(this.attrs, key, { value, enumerable: true, writable: true, configurable: true });
    else this.attrs[key] = value;
  }

  /** Copies every field of `other` into this draft (attrs are shared, not cloned). */
  copyFrom(other: EventDraft): void {
    this.ts = other.ts;
    this.level = other.level;
    this.service = other.service;
    this.host = other.host;
    this.hostFallback = other.hostFallback;
    this.message = other.message;
    this.attrs = other.attrs;
    this.traceId = other.traceId;
    this.spanId = other.spanId;
    this.structured = other.structured;
  }

  /**
   * Builds the immutable event. Record values win over context defaults; `receivedAt` stands
   * in for a missing time, `info` for a missing level, `unknown` for a missing service; a
   * trace id written into the message or an attribute is used when no trace field names one.
   */
  toEvent(ctx: ParseContext): LogEvent {
    return makeLogEvent(
      ctx.tenant,
      this.ts === this.ts ? this.ts : ctx.receivedAt,
      this.service ?? ctx.service ?? UNKNOWN_SERVICE,
      this.host ?? ctx.host ?? this.hostFallback ?? '',
      this.level ?? 'info',
      this.message,
      this.attrs,
      this.traceId ?? inlineTraceId(this.message, this.attrs),
      this.spanId,
    );
  }
}
