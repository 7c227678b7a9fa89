import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import {
  ATTRS_DROPPED_ATTR,
  JsonRecordMapper,
  JsonTextFormat,
  TRUNCATED_CHARS_ATTR,
  decodeJsonObject,
  lastJsonFailure,
  looksLikeJsonObject,
} from './json-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);
const limits = { maxDepth: 8, maxAttrs: 128, maxValueChars: 262_144 };

function mapLine(line: string, l = limits): EventDraft {
  const d = new EventDraft();
  expect(new JsonTextFormat(new JsonRecordMapper(l)).parse(line, d, RECEIVED)).toBe(true);
  return d;
}

describe('JSON records', () => {
  it('maps a pino line', () => {
    const d = mapLine('{"level":30,"time":1700000000123,"pid":4242,"hostname":"api-1","msg":"request completed","reqId":"r-1","res":{"statusCode":200},"responseTime":12.5}');
    expect(d.level).toBe('info');
    expect(d.ts).toBe(1700000000123);
    expect(d.host).toBe('api-1');
    expect(d.message).toBe('request completed');
    expect(d.attrs).toEqual({ pid: 4242, reqId: 'r-1', 'res.statusCode': 200, responseTime: 12.5 });
  });

  it('maps a zap production line (float epoch seconds, caller, stacktrace)', () => {
    const d = mapLine('{"level":"error","ts":1700000000.5,"logger":"billing","caller":"pay/charge.go:88","msg":"charge failed","card":"visa","error":"timeout","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}');
    expect(d.level).toBe('error');
    expect(d.ts).toBe(1700000000500);
    expect(d.service).toBe('billing');
    expect(d.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(d.spanId).toBe('00f067aa0ba902b7');
    expect(d.attrs).toEqual({ caller: 'pay/charge.go:88', card: 'visa', error: 'timeout' });
  });

  it('maps logrus JSON and ECS-style nested fields', () => {
    const logrus = mapLine('{"level":"warning","msg":"disk almost full","time":"2024-06-01T10:00:00+02:00","disk":"/dev/sda1"}');
    expect(logrus.level).toBe('warn');
    expect(new Date(logrus.ts).toISOString()).toBe('2024-06-01T08:00:00.000Z');

    const ecs = mapLine(
      '{"@timestamp":"2024-06-01T10:00:00.000Z","log":{"level":"ERROR","logger":"c.x.Api"},"message":"boom","service":{"name":"checkout","version":"1.2"},"host":{"name":"web-3"},"trace":{"id":"abc"},"span":{"id":"def"},"tags":["a","b"]}',
    );
    expect(ecs.level).toBe('error');
    expect(ecs.service).toBe('checkout');
    expect(ecs.host).toBe('web-3');
    expect(ecs.traceId).toBe('abc');
    expect(ecs.spanId).toBe('def');
    expect(ecs.message).toBe('boom');
    expect(ecs.attrs).toEqual({ 'log.logger': 'c.x.Api', 'service.version': '1.2', tags: '["a","b"]' });
  });

  it('maps OpenTelemetry-style flat keys and keeps losing candidates as attributes', () => {
    const d = mapLine('{"timestamp":"2024-06-01T10:00:00Z","severity_text":"WARN","service.name":"cart","traceId":"t1","spanId":"s1","message":"slow","msg":"primary"}');
    expect(d.level).toBe('warn');
    expect(d.service).toBe('cart');
    expect(d.message).toBe('primary');
    expect(d.attrs).toEqual({ message: 'slow' });
  });

  it('keeps a level or time it cannot read as an attribute', () => {
    const d = mapLine('{"level":"loud","time":"yesterday","msg":"x"}');
    expect(d.level).toBeNull();
    expect(d.ts).toBeNaN();
    expect(d.attrs).toEqual({ level: 'loud', time: 'yesterday' });
  });

  it('reads journald and GELF numeric levels as syslog severities', () => {
    const journald = mapLine('{"MESSAGE":"Started Session 1","PRIORITY":"6","_HOSTNAME":"box","SYSLOG_IDENTIFIER":"systemd","__REALTIME_TIMESTAMP":"1700000000123456"}');
    expect(journald.level).toBe('info');
    expect(journald.service).toBe('systemd');
    expect(journald.host).toBe('box');
    expect(journald.ts).toBe(1700000000123);
    const gelf = mapLine('{"version":"1.1","host":"h","short_message":"disk","level":3,"_user":"x"}');
    expect(gelf.level).toBe('error');
  });

  it('counts what the depth and attribute limits cut', () => {
    let deep = '"leaf"';
    for (let i = 0; i < 20; i++) deep = `{"k${i}":${deep}}`;
    const d = mapLine(`{"msg":"deep","a":${deep}}`, { maxDepth: 3, maxAttrs: 128, maxValueChars: 1000 });
    expect(d.attrs?.[ATTRS_DROPPED_ATTR]).toBe(1);

    const many: Record<string, number> = {};
    for (let i = 0; i < 50; i++) many['f' + i] = i;
    const m = mapLine(JSON.stringify({ msg: 'wide', ...many }), { maxDepth: 8, maxAttrs: 10, maxValueChars: 1000 });
    expect(Object.keys(m.attrs ?? {}).length).toBe(11); // 10 kept + the counter
    expect(m.attrs?.[ATTRS_DROPPED_ATTR]).toBe(40);
  });

  it('cuts over-long strings and counts the cut', () => {
    const d = mapLine(JSON.stringify({ msg: 'x'.repeat(150), blob: 'y'.repeat(120) }), { maxDepth: 8, maxAttrs: 10, maxValueChars: 100 });
    expect(d.message.length).toBe(100);
    expect((d.attrs?.blob as string).length).toBe(100);
    expect(d.attrs?.[TRUNCATED_CHARS_ATTR]).toBe(70);
  });

  it('does not let __proto__ keys change the prototype', () => {
    const d = mapLine('{"msg":"x","__proto__":{"polluted":true},"a":{"__proto__":"v"}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(d.attrs)).toBe(Object.prototype);
    expect(d.attrs?.['__proto__.polluted']).toBe(true);
    expect(d.attrs?.['a.__proto__']).toBe('v');
    const top = mapLine('{"msg":"x","__proto__":"str"}');
    expect(Object.getPrototypeOf(top.attrs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(top.attrs, '__proto__')?.value).toBe('str');
  });
});

describe('JSON line decoding', () => {
  it('pre-checks braces cheaply', () => {
    expect(looksLikeJsonObject('  {"a":1}  ')).toBe(true);
    expect(looksLikeJsonObject('{')).toBe(false);
    expect(looksLikeJsonObject('[1,2]')).toBe(false);
    expect(looksLikeJsonObject('{not json} trailing')).toBe(false);
  });

  it('reports why a line is not a JSON object', () => {
    expect(decodeJsonObject('{"a":')).toBeNull();
    expect(lastJsonFailure().reason).toBe('invalid_json');
    expect(lastJsonFailure().detail).toMatch(/not valid JSON/);
    expect(decodeJsonObject('[1]')).toBeNull();
    expect(lastJsonFailure()).toEqual({ reason: 'invalid_record', detail: 'expected a JSON object, got an array' });
  });

  it('declines lines that are not objects', () => {
    const f = new JsonTextFormat(new JsonRecordMapper(limits));
    expect(f.parse('plain text', new EventDraft(), RECEIVED)).toBe(false);
    expect(f.parse('{broken', new EventDraft(), RECEIVED)).toBe(false);
  });
});
