import { LogsiftError } from '../model/index.js';
import type { RawRecord } from '../pipeline/index.js';
import type { DecodeContext, DecodedBody } from './codecs/decoded-body.js';
import { parsePrometheusLabels } from './codecs/prometheus-labels.js';
import { isJsonObjectText, nanosTextToMs, setAttribute } from './codecs/record-fields.js';
import { deadLetter, tooLarge } from './codecs/text-lines.js';
import { int64ToNumber, lokiPushRequestType } from './loki-push-schema.js';
import type { LokiPushMessage } from './loki-push-schema.js';

/** Labels that name the service, host and level, in priority order (first present wins). */
const SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'job'] as const;
const HOST_LABELS = ['host', 'hostname', 'instance'] as const;
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'] as const;

/**
 * What one Loki stream contributes to each of its entries: its labels (minus the ones that
 * became fields) and the service, host and level they name.
 */
interface StreamFields {
  readonly attrs: readonly [string, string][];
  readonly service: string | null;
  readonly host: string | null;
  readonly level: string | null;
}

function streamFields(pairs: readonly [string, string][]): StreamFields {
  const service = pick(pairs, SERVICE_LABELS);
  const host = pick(pairs, HOST_LABELS);
  const level = pick(pairs, LEVEL_LABELS);
  const attrs = pairs.filter(([k]) => k !== service?.[0] && k !== host?.[0] && k !== level?.[0]);
  return { attrs, service: service?.[1] ?? null, host: host?.[1] ?? null, level: level?.[1] ?? null };
}

function pick(pairs: readonly [string, string][], names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const hit = pairs.find(([k, v]) => k === name && v !== '');
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * One entry as a record. Mapping: stream labels → attributes, except the ones naming the
 * service (`service_name`, `service`, `app`, `application`, `job`), host (`host`, `hostname`,
 * `instance`) and level (`level`, `detected_level`, `severity`, `lvl`), which become those
 * fields; structured metadata → attributes (overriding a label of the same name); the entry
 * timestamp → time, unless the line carries its own.
 *
 * The line goes through the parse stage's envelope rule: a JSON line (pino, Promtail's json
 * stage) or a text line in a known format is parsed, its own message, level and time win. A
 * stream level label applies to text lines (the line is then kept whole as the message); for
 * JSON lines the line's own level field decides (pino-loki and Promtail send both, and they agree).
 */
function entryRecord(stream: StreamFields, tsMs: number, line: string, metadata: readonly [string, string][] | null): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [k, v] of stream.attrs) setAttribute(record, k, v);
  if (metadata !== null) for (const [k, v] of metadata) setAttribute(record, k, v);
  if (tsMs === tsMs && tsMs > 0) record['@timestamp'] = tsMs;
  if (stream.service !== null) record.service = stream.service;
  if (stream.host !== null) record.host = stream.host;
  if (stream.level !== null && !isJsonObjectText(line)) record.level = stream.level;
  record.msg = line;
  return record;
}

/** Accumulates records and rejects with running entry numbers (entries counted over all streams). */
class LokiBodyBuilder {
  readonly out: DecodedBody & { readonly streams: string[] } = { records: [], positions: [], rejected: [], streams: [] };
  entry = 0;

  constructor(private readonly ctx: DecodeContext) {}

  add(stream: StreamFields, tsMs: number, line: string, metadata: readonly [string, string][] | null): void {
    const index = this.entry++;
    if (line.length > this.ctx.maxRecordBytes) {
      this.out.rejected.push({ index, letter: tooLarge(line.slice(0, 4096), line.length, this.ctx) });
      return;
    }
    this.out.records.push(entryRecord(stream, tsMs, line, metadata) as RawRecord);
    this.out.positions.push(index);
    this.out.streams.push(stream.service ?? '');
  }

  reject(detail: string, raw: string): void {
    const index = this.entry++;
    this.out.rejected.push({ index, letter: deadLetter(this.ctx, 'invalid_record', `entry ${index}: ${detail}`, raw) });
  }
}

/**
 * `application/json` push body: `{"streams": [{"stream": {label: value}, "values": [[ns, line,
 * {metadata}?], …]}]}`. A body that is not such an object is refused whole (400); a malformed
 * stream or entry is a dead letter and the rest of the push is kept.
 */
export function decodeLokiJson(text: string, ctx: DecodeContext): DecodedBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new LogsiftError('invalid_json', `loki push body is not valid JSON: ${(err as Error).message}`);
  }
  const streams = (body as { streams?: unknown } | null)?.streams;
  if (!Array.isArray(streams)) throw new LogsiftError('bad_request', 'loki push body must be an object with a "streams" array');
  const b = new LokiBodyBuilder(ctx);
  for (const s of streams as unknown[]) {
    const labels = (s as { stream?: unknown } | null)?.stream ?? {};
    const values = (s as { values?: unknown } | null)?.values;
    const pairs = labelPairs(labels);
    if (pairs === null || !Array.isArray(values)) {
      const count = Array.isArray(values) ? values.length : 1;
      for (let k = 0; k < count; k++) b.reject('stream must have "stream" (string labels) and "values" (an array)', JSON.stringify(s) ?? '');
      continue;
    }
    const fields = streamFields(pairs);
    for (const v of values as unknown[]) {
      if (!Array.isArray(v) || typeof v[1] !== 'string' || (typeof v[0] !== 'string' && typeof v[0] !== 'number')) {
        b.reject('expected ["<unix epoch ns>", "<line>", {metadata}?]', JSON.stringify(v) ?? '');
        continue;
      }
      const ts = typeof v[0] === 'number' ? Math.floor(v[0] / 1e6) : nanosTextToMs(v[0]);
      if (ts !== ts) {
        b.reject(`timestamp ${JSON.stringify(v[0])} is not unix epoch nanoseconds`, JSON.stringify(v));
        continue;
      }
      const meta = v.length > 2 ? labelPairs(v[2]) : null;
      b.add(fields, ts, v[1], meta);
    }
  }
  return b.out;
}

function labelPairs(value: unknown): [string, string][] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out.push([k, v]);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push([k, String(v)]);
    else return null;
  }
  return out;
}

/**
 * `application/x-protobuf` push body, already snappy-decompressed: `logproto.PushRequest`.
 * Undecodable protobuf refuses the request (400); a stream with unparseable labels is a dead
 * letter per entry.
 */
export function decodeLokiProtobuf(body: Uint8Array, ctx: DecodeContext): DecodedBody {
  let message: LokiPushMessage;
  try {
    message = lokiPushRequestType().decode(body) as unknown as LokiPushMessage;
  } catch (err) {
    throw new LogsiftError('bad_request', `loki push body is not a valid PushRequest: ${(err as Error).message}`);
  }
  const b = new LokiBodyBuilder(ctx);
  for (const s of message.streams) {
    const pairs = parsePrometheusLabels(s.labels);
    if (pairs === null) {
      for (const e of s.entries) b.reject(`stream labels ${JSON.stringify(s.labels.slice(0, 200))} are not a valid label set`, e.line);
      continue;
    }
    const fields = streamFields(pairs);
    for (const e of s.entries) {
      const t = e.timestamp;
      const ts = t === null ? Number.NaN : int64ToNumber(t.seconds) * 1000 + Math.floor(t.nanos / 1e6);
      const meta = e.structuredMetadata.length > 0 ? e.structuredMetadata.map((p): [string, string] => [p.name, p.value]) : null;
      b.add(fields, ts, e.line, meta);
    }
  }
  return b.out;
}
