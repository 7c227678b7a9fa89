import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import { ACCESS_COMBINED, ACCESS_COMMON, ACCESS_NONE, AccessLogFormat, scanAccessLine } from './access-log-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function parse(line: string): EventDraft | null {
  const d = new EventDraft();
  return new AccessLogFormat('access-combined').parse(line, d, RECEIVED) ? d : null;
}

describe('access logs', () => {
  it('parses the Apache common log format example', () => {
    const d = parse('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
    expect(new Date(d?.ts ?? 0).toISOString()).toBe('2000-10-10T20:55:36.000Z');
    expect(d?.level).toBe('info');
    expect(d?.message).toBe('GET /apache_pb.gif HTTP/1.0 200');
    expect(d?.attrs).toEqual({
      client_ip: '127.0.0.1',
      user: 'frank',
      method: 'GET',
      path: '/apache_pb.gif',
      protocol: 'HTTP/1.0',
      status: 200,
      bytes: 2326,
    });
  });

  it('parses nginx combined with referer and user agent', () => {
    const d = parse(
      '203.0.113.9 - - [15/Jun/2024:11:59:58 +0000] "POST /api/v1/orders?id=7 HTTP/1.1" 502 157 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"',
    );
    expect(d?.level).toBe('error');
    expect(d?.message).toBe('POST /api/v1/orders?id=7 HTTP/1.1 502');
    expect(d?.attrs).toMatchObject({
      path: '/api/v1/orders?id=7',
      status: 502,
      referer: 'https://shop.example.com/cart',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
    });
    expect(d?.attrs?.user).toBeUndefined();
  });

  it('maps 4xx to warn, keeps trailing nginx variables, and handles "-" bytes', () => {
    const d = parse('10.1.2.3 - - [15/Jun/2024:11:59:58 +0000] "GET /missing HTTP/1.1" 404 - "-" "curl/8.4.0" rt=0.002 uct="0.000"');
    expect(d?.level).toBe('warn');
    expect(d?.attrs?.bytes).toBeUndefined();
    expect(d?.attrs?.referer).toBeUndefined();
    expect(d?.attrs?.extra).toBe('rt=0.002 uct="0.000"');
  });

  it('keeps garbage request lines (TLS probes) as the message', () => {
    const d = parse('198.51.100.7 - - [15/Jun/2024:11:59:58 +0000] "\\x16\\x03\\x01\\x00\\xA5\\x01" 400 157 "-" "-"');
    expect(d?.level).toBe('warn');
    expect(d?.attrs?.method).toBeUndefined();
    expect(d?.message).toBe('\\x16\\x03\\x01\\x00\\xA5\\x01 400');
  });

  it('unescapes quotes inside the request and user agent', () => {
    const d = parse('1.2.3.4 - - [15/Jun/2024:11:59:58 +0000] "GET /q?s=\\"x\\" HTTP/1.1" 200 1 "-" "agent \\x22quoted\\x22"');
    expect(d?.attrs?.path).toBe('/q?s="x"');
    expect(d?.attrs?.user_agent).toBe('agent "quoted"');
  });

  it('reports the shape for detection and declines other lines', () => {
    const d = new EventDraft();
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1', d, RECEIVED)).toBe(ACCESS_COMMON);
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "-" "ua"', d, RECEIVED)).toBe(ACCESS_COMBINED);
    expect(scanAccessLine('hello world', d, RECEIVED)).toBe(ACCESS_NONE);
    expect(scanAccessLine('1.2.3.4 - - [not a time] "GET / HTTP/1.0" 200 1', d, RECEIVED)).toBe(ACCESS_NONE);
    expect(scanAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 2000 1', d, RECEIVED)).toBe(ACCESS_NONE);
  });
});
