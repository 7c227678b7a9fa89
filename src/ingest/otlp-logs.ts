import { LogsiftError } from '../model/index.js';
import type { DecodeContext, DecodedBody } from './codecs/decoded-body.js';
import { setAttribute } from './codecs/record-fields.js';
import { deadLetter, tooLarge } from './codecs/text-lines.js';
import { int64ToNumber } from './loki-push-schema.js';
import { otlpTypes } from './otlp-logs-schema.js';
import type { PbExportLogsRequest } from './otlp-logs-schema.js';
import { jsonAnyValue, jsonField, jsonKeyValues, pbAnyValue, pbKeyValues } from './otlp-values.js';
import type { PlainValue } from './otlp-values.js';

/** Severity number ranges (1–4 TRACE … 21–24 FATAL) onto logsift levels. */
const SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** `SEVERITY_NUMBER_INFO2` → 10: the enum names OTLP/JSON senders may use instead of numbers. */
const SEVERITY_NAMES: ReadonlyMap<string, number> = new Map(
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((name, g) =>
    [1, 2, 3, 4].map((k): [string, number] => [`SEVERITY_NUMBER_${name}${k === 1 ? '' : k}`, g * 4 + k]),
  ),
);
/** Keys of a map-valued body that hold the human message, in priority order. */
const BODY_MESSAGE_KEYS = ['message', 'msg', 'log', 'body', 'text'] as const;
const ZERO_ID = /^0+$/;
const HEX_TRACE_ID = /^[0-9a-fA-F]{32}$/;
const HEX_SPAN_ID = /^[0-9a-fA-F]{16}$/;

/** Resource and scope context shared by the records of one ScopeLogs. */
interface ScopeFields {
  readonly attrs: readonly [string, PlainValue][];
  readonly service: string | null;
  readonly host: string | null;
}

function scopeFields(resource: Record<string, PlainValue>, scopeName: string, scopeVersion: string, scopeAttrs: Record<string, PlainValue>): ScopeFields {
  const service = resource['service.name'];
  const host = resource['host.name'];
  const attrs: [string, PlainValue][] = [];
  for (const key of Object.keys(resource)) if (key !== 'service.name' && key !== 'host.name') attrs.push([key, resource[key]]);
  if (scopeName !== '') attrs.push(['otel.scope.name', scopeName]);
  if (scopeVersion !== '') attrs.push(['otel.scope.version', scopeVersion]);
  for (const key of Object.keys(scopeAttrs)) attrs.push([key, scopeAttrs[key]]);
  return {
    attrs,
    service: typeof service === 'string' && service !== '' ? service : null,
    host: typeof host === 'string' && host !== '' ? host : null,
  };
}

/** One log record's own fields, already converted from either encoding. */
interface LogFields {
  timeMs: number;
  observedMs: number;
  severityNumber: number;
  severityText: string;
  /** undefined: no body. */
  body: PlainValue | undefined;
  bodyIsBytes: boolean;
  attrs: Record<string, PlainValue>;
  /** Lower-case hex, null when absent, or an error text when malformed. */
  traceId: string | null;
  spanId: string | null;
  idError: string | null;
  eventName: string;
}

/**
 * Maps OTLP log records onto records for the parse stage:
 * resource `service.name` → service, `host.name` → host, other resource attributes, scope
 * name/version (`otel.scope.name`, `otel.scope.version`), scope and record attributes →
 * attributes; `timeUnixNano`, else `observedTimeUnixNano` → time; `severityNumber` (else
 * `severityText`) → level; body: a string is the message (parsed by the envelope rule when the
 * record has no severity), a map's `message`/`msg`/`log`/`body`/`text` entry is the message and its
 * other entries attributes, arrays and other values become the message as JSON text, bytes as
 * base64; `traceId`/`spanId` (hex) → trace and span ids; `eventName` → `event.name`.
 * A record with a malformed trace or span id is rejected (partial success).
 */
class OtlpRecordBuilder {
  readonly out: DecodedBody & { readonly streams: string[] } = { records: [], positions: [], rejected: [], streams: [] };
  total = 0;

  constructor(private readonly ctx: DecodeContext) {}

  add(scope: ScopeFields, f: LogFields, source: unknown): void {
    const index = this.total++;
    if (f.idError !== null) {
      this.out.rejected.push({ index, letter: deadLetter(this.ctx, 'invalid_record', `log record ${index}: ${f.idError}`, rawText(source)) });
      return;
    }
    const record: Record<string, unknown> = {};
    for (const [k, v] of scope.attrs) setAttribute(record, k, v);
    let message: string | null = null;
    const body = f.body;
    if (typeof body === 'string') message = body;
    else if (body !== null && body !== undefined && typeof body === 'object' && !Array.isArray(body)) {
      const key = BODY_MESSAGE_KEYS.find((k) => typeof body[k] === 'string');
      for (const k of Object.keys(body)) if (k !== key) setAttribute(record, k, body[k]);
      message = key === undefined ? JSON.stringify(body) : (body[key] as string);
    } else if (body !== undefined && body !== null) message = typeof body === 'object' ? JSON.stringify(body) : String(body);
    for (const k of Object.keys(f.attrs)) setAttribute(record, k, f.attrs[k]);
    if (f.bodyIsBytes) record['otel.body_encoding'] = 'base64';
    if (f.eventName !== '') record['event.name'] = f.eventName;
    const ts = f.timeMs > 0 ? f.timeMs : f.observedMs;
    if (ts > 0) record['@timestamp'] = ts;
    if (f.severityNumber >= 1 && f.severityNumber <= 24) record.level = SEVERITY_LEVELS[((f.severityNumber - 1) / 4) | 0];
    else if (f.severityText !== '') record.level = f.severityText;
    if (scope.service !== null) record.service = scope.service;
    if (scope.host !== null) record.host = scope.host;
    if (f.traceId !== null) record.trace_id = f.traceId;
    if (f.spanId !== null) record.span_id = f.spanId;
    if (message !== null) {
      if (message.length > this.ctx.maxRecordBytes) {
        this.out.rejected.push({ index, letter: tooLarge(message.slice(0, 4096), message.length, this.ctx) });
        return;
      }
      record.msg = message;
    }
    this.out.records.push(record);
    this.out.positions.push(index);
    this.out.streams.push(scope.service ?? '');
  }
}

/** A decoded request: records for the pipeline and how many log records it held in all. */
export interface OtlpDecoded extends DecodedBody {
  readonly total: number;
}

/** `application/x-protobuf` body (already decompressed): `ExportLogsServiceRequest`. Undecodable → 400. */
export function decodeOtlpProtobuf(body: Uint8Array, ctx: DecodeContext): OtlpDecoded {
  let message: PbExportLogsRequest;
  try {
    message = otlpTypes().request.decode(body) as unknown as PbExportLogsRequest;
  } catch (err) {
    throw new LogsiftError('bad_request', `body is not a valid ExportLogsServiceRequest: ${(err as Error).message}`);
  }
  const b = new OtlpRecordBuilder(ctx);
  for (const rl of message.resourceLogs) {
    const resource = pbKeyValues(rl.resource?.attributes ?? []);
    for (const sl of rl.scopeLogs) {
      const scope = scopeFields(resource, sl.scope?.name ?? '', sl.scope?.version ?? '', pbKeyValues(sl.scope?.attributes ?? []));
      for (const r of sl.logRecords) {
        const trace = pbId(r.traceId, 16, 'traceId');
        const span = pbId(r.spanId, 8, 'spanId');
        b.add(
          scope,
          {
            timeMs: int64ToNumber(r.timeUnixNano) / 1e6,
            observedMs: int64ToNumber(r.observedTimeUnixNano) / 1e6,
            severityNumber: r.severityNumber,
            severityText: r.severityText,
            body: r.body === null ? undefined : pbAnyValue(r.body),
            bodyIsBytes: r.body?.value === 'bytesValue',
            attrs: pbKeyValues(r.attributes),
            traceId: trace.hex,
            spanId: span.hex,
            idError: trace.error ?? span.error,
            eventName: r.eventName,
          },
          r,
        );
      }
    }
  }
  return { ...b.out, total: b.total };
}

function pbId(bytes: Uint8Array, size: number, name: string): { hex: string | null; error: string | null } {
  if (bytes.length === 0) return { hex: null, error: null };
  if (bytes.length !== size) return { hex: null, error: `${name} must be ${size} bytes, got ${bytes.length}` };
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
  return { hex: ZERO_ID.test(hex) ? null : hex, error: null };
}

/**
 * `application/json` body (OTLP/JSON: lowerCamelCase or proto field names, hex ids, int64 as
 * string or number, enums as numbers or names). Not JSON → 400; a malformed record → rejected.
 */
export function decodeOtlpJson(text: string, ctx: DecodeContext): OtlpDecoded {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (err) {
    throw new LogsiftError('invalid_json', `body is not valid JSON: ${(err as Error).message}`);
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new LogsiftError('bad_request', 'body must be an ExportLogsServiceRequest object');
  }
  const b = new OtlpRecordBuilder(ctx);
  for (const rl of list(jsonField(message, 'resourceLogs', 'resource_logs'))) {
    const resource = jsonKeyValues(jsonField(jsonField(rl, 'resource', 'resource'), 'attributes', 'attributes'));
    for (const sl of list(jsonField(rl, 'scopeLogs', 'scope_logs'))) {
      const s = jsonField(sl, 'scope', 'scope');
      const name = jsonField(s, 'name', 'name');
      const version = jsonField(s, 'version', 'version');
      const scope = scopeFields(resource, typeof name === 'string' ? name : '', typeof version === 'string' ? version : '', jsonKeyValues(jsonField(s, 'attributes', 'attributes')));
      for (const r of list(jsonField(sl, 'logRecords', 'log_records'))) {
        if (r === null || typeof r !== 'object' || Array.isArray(r)) {
          b.add(scope, emptyFields(`expected a LogRecord object, got ${JSON.stringify(r)}`), r);
          continue;
        }
        const trace = jsonId(jsonField(r, 'traceId', 'trace_id'), 32, 'traceId');
        const span = jsonId(jsonField(r, 'spanId', 'span_id'), 16, 'spanId');
        const body = jsonField(r, 'body', 'body');
        const severityText = jsonField(r, 'severityText', 'severity_text');
        const eventName = jsonField(r, 'eventName', 'event_name');
        b.add(
          scope,
          {
            timeMs: nanosToMs(jsonField(r, 'timeUnixNano', 'time_unix_nano')),
            observedMs: nanosToMs(jsonField(r, 'observedTimeUnixNano', 'observed_time_unix_nano')),
            severityNumber: severityNumber(jsonField(r, 'severityNumber', 'severity_number')),
            severityText: typeof severityText === 'string' ? severityText : '',
            body: body === undefined || body === null ? undefined : jsonAnyValue(body),
            bodyIsBytes: jsonField(body, 'bytesValue', 'bytes_value') !== undefined,
            attrs: jsonKeyValues(jsonField(r, 'attributes', 'attributes')),
            traceId: trace.hex,
            spanId: span.hex,
            idError: trace.error ?? span.error,
            eventName: typeof eventName === 'string' ? eventName : '',
          },
          r,
        );
      }
    }
  }
  return { ...b.out, total: b.total };
}

/** The dead letter's raw text: the record as JSON (protobufjs messages serialise themselves). */
function rawText(source: unknown): string {
  try {
    return JSON.stringify(source) ?? String(source);
  } catch {
    return String(source);
  }
}

function emptyFields(idError: string): LogFields {
  return { timeMs: 0, observedMs: 0, severityNumber: 0, severityText: '', body: undefined, bodyIsBytes: false, attrs: {}, traceId: null, spanId: null, idError, eventName: '' };
}

function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

function nanosToMs(v: unknown): number {
  if (typeof v === 'number') return v / 1e6;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n / 1e6 : 0;
  }
  return 0;
}

function severityNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return SEVERITY_NAMES.get(v) ?? (/^\d+$/.test(v) ? Number(v) : 0);
  return 0;
}

function jsonId(v: unknown, hexLength: number, name: string): { hex: string | null; error: string | null } {
  if (v === undefined || v === null || v === '') return { hex: null, error: null };
  const pattern = hexLength === 32 ? HEX_TRACE_ID : HEX_SPAN_ID;
  if (typeof v !== 'string' || !pattern.test(v)) return { hex: null, error: `${name} must be ${hexLength} hex digits, got ${JSON.stringify(v)}` };
  return { hex: ZERO_ID.test(v) ? null : v.toLowerCase(), error: null };
}

/** The success reply: empty, or a partial success naming how many records were rejected and why. */
export interface OtlpReply {
  readonly rejected: number;
  readonly errorMessage: string;
}

/** Encodes an ExportLogsServiceResponse as protobuf bytes. */
export function encodeOtlpResponseProtobuf(reply: OtlpReply): Uint8Array {
  const { response } = otlpTypes();
  const body = reply.rejected > 0 ? { partialSuccess: { rejectedLogRecords: reply.rejected, errorMessage: reply.errorMessage } } : {};
  return response.encode(response.fromObject(body)).finish();
}

/** Encodes an ExportLogsServiceResponse as OTLP/JSON (int64 as a decimal string, per the proto3 JSON mapping). */
export function encodeOtlpResponseJson(reply: OtlpReply): string {
  if (reply.rejected === 0) return '{}';
  return JSON.stringify({ partialSuccess: { rejectedLogRecords: String(reply.rejected), errorMessage: reply.errorMessage } });
}

/** gRPC status codes used in `google.rpc.Status` error replies. */
export const GRPC_CODES = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16, PERMISSION_DENIED: 7 } as const;

/** Encodes a `google.rpc.Status` error body as protobuf bytes. */
export function encodeOtlpStatusProtobuf(code: number, message: string): Uint8Array {
  const { status } = otlpTypes();
  return status.encode(status.fromObject({ code, message })).finish();
}
