/**
 * Request bodies for each shipper protocol, built from the same batches of log records, so the
 * protocols are benchmarked on identical data. Encoding happens before the clock starts.
 */
import { compressSync } from 'snappy';
import { lokiPushRequestType } from '../../src/ingest/loki-push-schema.js';
import { otlpTypes } from '../../src/ingest/otlp-logs-schema.js';

/** One batch of records from one service and host. */
export interface RecordBatch {
  readonly service: string;
  readonly host: string;
  readonly ts: readonly number[];
  readonly lines: readonly string[];
}

/** A ready HTTP request. */
export interface PreparedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly records: number;
}

export type HttpProtocolName = 'native' | 'loki-json' | 'loki-proto' | 'elastic' | 'otlp-json' | 'otlp-proto' | 'splunk';

const ns = (ms: number) => `${ms}000000`;

function native(b: RecordBatch, round: number): PreparedRequest {
  // A unique first line per round keeps repeated bodies from being deduplicated (as bench/ingest-http.ts does).
  return {
    path: `/api/v1/logs?service=${b.service}&host=${b.host}`,
    headers: { 'content-type': 'text/plain' },
    body: Buffer.from(`bench round ${round}\n${b.lines.join('\n')}`),
    records: b.lines.length,
  };
}

function lokiJson(b: RecordBatch, round: number): PreparedRequest {
  const values = b.lines.map((line, i) => [ns(b.ts[i] + round), line]);
  return {
    path: '/loki/api/v1/push',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ streams: [{ stream: { service_name: b.service, host: b.host }, values }] })),
    records: b.lines.length,
  };
}

function lokiProto(b: RecordBatch, round: number): PreparedRequest {
  const type = lokiPushRequestType();
  const message = type.fromObject({
    streams: [
      {
        labels: `{service_name="${b.service}", host="${b.host}"}`,
        entries: b.lines.map((line, i) => ({ timestamp: { seconds: Math.floor((b.ts[i] + round) / 1000), nanos: ((b.ts[i] + round) % 1000) * 1e6 }, line })),
      },
    ],
  });
  return { path: '/loki/api/v1/push', headers: { 'content-type': 'application/x-protobuf' }, body: compressSync(type.encode(message).finish()), records: b.lines.length };
}

/**
 * As Filebeat, Logstash and the OpenTelemetry Collector's exporter send `_bulk`: they ask for only
 * the errors and each item's status (`filter_path`), not the full per-item reply.
 */
const ELASTIC_BULK_PATH = '/_bulk?filter_path=errors,items.*.error,items.*.status';

function elastic(b: RecordBatch, round: number): PreparedRequest {
  let body = '';
  for (let i = 0; i < b.lines.length; i++) {
    body += `{"create":{"_index":"logs-${b.service}-default"}}\n`;
    body += JSON.stringify({ '@timestamp': new Date(b.ts[i] + round).toISOString(), message: b.lines[i], host: { name: b.host } }) + '\n';
  }
  return { path: ELASTIC_BULK_PATH, headers: { 'content-type': 'application/x-ndjson' }, body: Buffer.from(body), records: b.lines.length };
}

function otlpRequest(b: RecordBatch, round: number): Record<string, unknown> {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: b.service } }, { key: 'host.name', value: { stringValue: b.host } }] },
        scopeLogs: [{ scope: { name: 'bench' }, logRecords: b.lines.map((line, i) => ({ timeUnixNano: ns(b.ts[i] + round), body: { stringValue: line } })) }],
      },
    ],
  };
}

function otlpJson(b: RecordBatch, round: number): PreparedRequest {
  return { path: '/v1/logs', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(otlpRequest(b, round))), records: b.lines.length };
}

function otlpProto(b: RecordBatch, round: number): PreparedRequest {
  const { request } = otlpTypes();
  return { path: '/v1/logs', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(request.encode(request.fromObject(otlpRequest(b, round))).finish()), records: b.lines.length };
}

function splunk(b: RecordBatch, round: number): PreparedRequest {
  let body = '';
  for (let i = 0; i < b.lines.length; i++) body += JSON.stringify({ time: (b.ts[i] + round) / 1000, host: b.host, event: b.lines[i], fields: { service: b.service } });
  return { path: '/services/collector/event', headers: { authorization: 'Splunk bench-token', 'content-type': 'application/json' }, body: Buffer.from(body), records: b.lines.length };
}

export const HTTP_ENCODERS: Readonly<Record<HttpProtocolName, (b: RecordBatch, round: number) => PreparedRequest>> = {
  native,
  'loki-json': lokiJson,
  'loki-proto': lokiProto,
  elastic,
  'otlp-json': otlpJson,
  'otlp-proto': otlpProto,
  splunk,
};

/** An RFC 5424 frame with RFC 6587 octet counting. */
export function syslogFrame(service: string, host: string, ts: number, line: string): Buffer {
  const frame = Buffer.from(`<14>1 ${new Date(ts).toISOString()} ${host} ${service} - - - ${line}`);
  return Buffer.concat([Buffer.from(`${frame.length} `), frame]);
}
