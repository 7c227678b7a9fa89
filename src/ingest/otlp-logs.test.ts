import { describe, expect, it } from 'vitest';
import { decodeOtlpJson, decodeOtlpProtobuf, encodeOtlpResponseJson, encodeOtlpResponseProtobuf } from './otlp-logs.js';
import { otlpTypes } from './otlp-logs-schema.js';

const ctx = { tenant: 'default', source: 'otlp', receivedAt: 1_800_000_000_000, maxRecordBytes: 1000 };

const request = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }, { key: 'host.name', value: { stringValue: 'h9' } }, { key: 'k8s.pod', value: { stringValue: 'p-1' } }] },
      scopeLogs: [
        {
          scope: { name: 'lib', version: '1.0' },
          logRecords: [
            {
              timeUnixNano: '1700000000000000000',
              severityNumber: 13,
              body: { kvlistValue: { values: [{ key: 'message', value: { stringValue: 'slow' } }, { key: 'ms', value: { intValue: '812' } }] } },
              attributes: [{ key: 'id', value: { stringValue: 'not a record id' } }, { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }],
              traceId: 'AABBCCDDEEFF00112233445566778899',
              spanId: '0000000000000000',
            },
          ],
        },
      ],
    },
  ],
};

const expected = {
  'k8s.pod': 'p-1',
  'otel.scope.name': 'lib',
  'otel.scope.version': '1.0',
  ms: 812,
  id: 'not a record id',
  tags: ['a'],
  '@timestamp': 1700000000000,
  level: 'warn',
  service: 'cart',
  host: 'h9',
  trace_id: 'aabbccddeeff00112233445566778899',
  msg: 'slow',
};

describe('OTLP logs decoding', () => {
  it('maps JSON and protobuf requests to the same records', () => {
    const json = decodeOtlpJson(JSON.stringify(request), ctx);
    expect(json.records).toEqual([expected]);
    const { request: type } = otlpTypes();
    const pbRequest = structuredClone(request) as unknown as { resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[] };
    const record = pbRequest.resourceLogs[0].scopeLogs[0].logRecords[0];
    record.traceId = Buffer.from(String(record.traceId), 'hex');
    record.spanId = Buffer.alloc(8);
    const proto = decodeOtlpProtobuf(type.encode(type.fromObject(pbRequest)).finish(), ctx);
    expect(proto.records).toEqual([expected]);
  });

  it('encodes partial-success replies in both encodings', () => {
    expect(encodeOtlpResponseJson({ rejected: 0, errorMessage: '' })).toBe('{}');
    expect(JSON.parse(encodeOtlpResponseJson({ rejected: 2, errorMessage: 'why' }))).toEqual({ partialSuccess: { rejectedLogRecords: '2', errorMessage: 'why' } });
    const decoded = otlpTypes().response.toObject(otlpTypes().response.decode(encodeOtlpResponseProtobuf({ rejected: 2, errorMessage: 'why' })), { longs: Number });
    expect(decoded).toEqual({ partialSuccess: { rejectedLogRecords: 2, errorMessage: 'why' } });
  });
});
