import { describe, expect, it } from 'vitest';
import { decodeLokiJson, decodeLokiProtobuf } from './loki-push.js';
import { lokiPushRequestType } from './loki-push-schema.js';

const ctx = { tenant: 'default', source: 'loki', receivedAt: 1_800_000_000_000, maxRecordBytes: 100 };

describe('Loki push decoding', () => {
  it('maps labels onto service, host and level, keeps the rest and structured metadata as attributes', () => {
    const out = decodeLokiJson(
      JSON.stringify({
        streams: [
          { stream: { job: 'varlogs', instance: 'n1', detected_level: 'warn', filename: '/var/log/a', id: 'x' }, values: [['1700000000123456789', 'disk almost full', { trace_id: 't1' }]] },
          { stream: { app: 'api', level: 'error' }, values: [['1700000000000000000', '{"msg":"json line","level":"info"}']] },
        ],
      }),
      ctx,
    );
    expect(out.records).toEqual([
      { filename: '/var/log/a', id: 'x', trace_id: 't1', '@timestamp': 1700000000123, service: 'varlogs', host: 'n1', level: 'warn', msg: 'disk almost full' },
      // A JSON line's own level decides: the label is not set, so the parse stage's envelope rule reads the line.
      { '@timestamp': 1700000000000, service: 'api', msg: '{"msg":"json line","level":"info"}' },
    ]);
    expect(out.streams).toEqual(['varlogs', 'api']);
  });

  it('dead-letters bad entries and too long lines, and refuses a body it cannot read', () => {
    const out = decodeLokiJson(JSON.stringify({ streams: [{ stream: { app: 'a' }, values: [['1', 'ok'], ['x', 'bad ts'], ['1', 'y'.repeat(101)]] }, { stream: 'nope', values: [['1', 'z']] }] }), ctx);
    expect(out.records).toHaveLength(1);
    expect(out.rejected.map((r) => [r.index, r.letter.reason])).toEqual([
      [1, 'invalid_record'],
      [2, 'too_large'],
      [3, 'invalid_record'],
    ]);
    expect(() => decodeLokiJson('{"streams": 3}', ctx)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => decodeLokiProtobuf(Uint8Array.from([0x0a, 0xff]), ctx)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('decodes protobuf PushRequests with Prometheus label strings', () => {
    const type = lokiPushRequestType();
    const bytes = type
      .encode(
        type.fromObject({
          streams: [
            { labels: '{service_name="pay", host="h2"}', entries: [{ timestamp: { seconds: 1700000000, nanos: 5_000_000 }, line: 'charged', structuredMetadata: [{ name: 'order', value: '7' }] }] },
            { labels: '{broken', entries: [{ line: 'lost?' }] },
          ],
        }),
      )
      .finish();
    const out = decodeLokiProtobuf(bytes, ctx);
    expect(out.records).toEqual([{ order: '7', '@timestamp': 1700000000005, service: 'pay', host: 'h2', msg: 'charged' }]);
    expect(out.rejected[0]).toMatchObject({ index: 1, letter: { reason: 'invalid_record', raw: 'lost?' } });
  });
});
