import type { Level } from './level.js';

/** A flat attribute value; nested input is flattened to dotted keys by the parsers. */
export type AttrValue = string | number | boolean | null;
export type Attrs = Record<string, AttrValue>;

/** Service name used when a record names none. */
export const UNKNOWN_SERVICE = 'unknown';
/** Tenant used when a request names none. */
export const DEFAULT_TENANT = 'default';

/**
 * One log record after parsing. Immutable downstream of the parser.
 * `ts` is event time in milliseconds since the Unix epoch (UTC); when the record
 * carries no time, the parser uses the time it was received.
 */
export interface LogEvent {
  readonly tenant: string;
  readonly ts: number;
  readonly service: string;
  readonly host: string;
  readonly level: Level;
  readonly message: string;
  readonly attrs: Readonly<Attrs> | null;
  readonly traceId: string | null;
  readonly spanId: string | null;
}

/** A parsed event after template mining. */
export interface MinedEvent extends LogEvent {
  /** Template id from the miner; see `TemplateId`. */
  readonly templateId: number;
  /** Values of the template's `<*>` positions, in order. */
  readonly params: readonly string[];
}

/** An event as read back from the store. `id` is opaque and stable. */
export interface StoredEvent extends LogEvent {
  readonly id: string;
  readonly templateId: number;
}

/** Builds a LogEvent with every field set in one fixed order (stable object shape). */
export function makeLogEvent(
  tenant: string,
  ts: number,
  service: string,
  host: string,
  level: Level,
  message: string,
  attrs: Attrs | null,
  traceId: string | null,
  spanId: string | null,
): LogEvent {
  return { tenant, ts, service, host, level, message, attrs, traceId, spanId };
}

export function withTemplate(event: LogEvent, templateId: number, params: readonly string[]): MinedEvent {
  return {
    tenant: event.tenant,
    ts: event.ts,
    service: event.service,
    host: event.host,
    level: event.level,
    message: event.message,
    attrs: event.attrs,
    traceId: event.traceId,
    spanId: event.spanId,
    templateId,
    params,
  };
}
