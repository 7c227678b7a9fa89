import { context, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as HttpProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, deadLetters, listeningServer } from './protocol-helpers.js';
import type { ListeningServer } from './protocol-helpers.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

async function emitWith(exporter: LogRecordExporter, service: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'host.name': 'pod-17', 'deployment.environment': 'prod' }),
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 50 })],
  });
  const logger = provider.getLogger('checkout-lib', '2.1.0');
  const ctx = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  for (let i = 0; i < 25; i++) {
    logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `cart ${i} priced`, attributes: { 'cart.items': i, 'http.route': '/cart' } });
  }
  logger.emit({ severityNumber: SeverityNumber.ERROR, body: 'payment declined by issuer', attributes: { 'error.type': 'card_declined' }, context: ctx });
  logger.emit({ severityNumber: SeverityNumber.WARN2, body: { message: 'structured body', retries: 3 } });
  await provider.forceFlush();
  await provider.shutdown();
}

/** OTLP/HTTP logs with the OpenTelemetry JS SDK and its JSON and protobuf exporters. */
describe('OTLP/HTTP logs', () => {
  let s: ListeningServer;
  beforeAll(async () => {
    s = await listeningServer();
  });
  afterAll(async () => {
    await s.dispose();
  });

  const check = async (service: string) => {
    const events = await allEvents(s.url, `service=${service}`);
    expect(events).toHaveLength(27);
    const err = events.find((e) => e.message === 'payment declined by issuer');
    expect(err).toMatchObject({ level: 'error', host: 'pod-17', traceId: TRACE_ID, spanId: SPAN_ID });
    expect(err?.attrs).toMatchObject({ 'error.type': 'card_declined', 'deployment.environment': 'prod', 'otel.scope.name': 'checkout-lib', 'otel.scope.version': '2.1.0' });
    expect(events.find((e) => e.message === 'cart 3 priced')).toMatchObject({ level: 'info', attrs: expect.objectContaining({ 'cart.items': 3 }) });
    expect(events.find((e) => e.message === 'structured body')).toMatchObject({ level: 'warn', attrs: expect.objectContaining({ retries: 3 }) });
  };

  it('stores what the JSON exporter sends (gzip)', async () => {
    await emitWith(new HttpJsonExporter({ url: `${s.url}/v1/logs`, compression: 'gzip' as never }), 'otel-json');
    await check('otel-json');
  });

  it('stores what the protobuf exporter sends', async () => {
    await emitWith(new HttpProtoExporter({ url: `${s.url}/v1/logs` }), 'otel-proto');
    await check('otel-proto');
  });

  it('reports rejected records as a partial success and keeps the rest', async () => {
    const ns = `${Date.now()}000000`;
    const body = {
      resource_logs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial' } }] },
          scope_logs: [
            {
              log_records: [
                { time_unix_nano: ns, severity_number: 'SEVERITY_NUMBER_ERROR', body: { string_value: 'snake case and enum names' }, trace_id: 'not-hex' },
                { observedTimeUnixNano: ns, severityText: 'warning', body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'kvlist body' } }] } } },
                { timeUnixNano: ns, body: { arrayValue: { values: [{ intValue: '1' }, { boolValue: true }] } } },
                { timeUnixNano: ns, body: { bytesValue: Buffer.from('raw bytes').toString('base64') } },
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${s.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { partialSuccess?: { rejectedLogRecords: string; errorMessage: string } };
    expect(reply.partialSuccess?.rejectedLogRecords).toBe('1');
    expect(reply.partialSuccess?.errorMessage).toMatch(/traceId must be 32 hex digits/);
    const events = await allEvents(s.url, 'service=partial');
    expect(events.map((e) => e.message).sort()).toEqual(['[1,true]', 'cmF3IGJ5dGVz', 'kvlist body']);
    expect(events.find((e) => e.message === 'kvlist body')?.level).toBe('warn');
    expect((await deadLetters(s.url)).some((d) => d.source === 'otlp' && d.reason === 'invalid_record')).toBe(true);
  });

  it('answers malformed requests with google.rpc.Status in the request encoding', async () => {
    const json = await fetch(`${s.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceLogs": [' });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ code: 3, message: expect.stringMatching(/not valid JSON/) });
    const proto = await fetch(`${s.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from([0x0a, 0xff, 0xff, 0xff]) });
    expect(proto.status).toBe(400);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await fetch(`${s.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
  });
});
