import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import { LogfmtFormat, LogfmtScanner, logfmtPairCount } from './logfmt-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function parse(line: string): EventDraft | null {
  const d = new EventDraft();
  return new LogfmtFormat().parse(line, d, RECEIVED) ? d : null;
}

describe('logfmt', () => {
  it('parses the canonical example', () => {
    const d = parse('level=info msg="hello world" user=alice dur=3ms');
    expect(d?.level).toBe('info');
    expect(d?.message).toBe('hello world');
    expect(d?.attrs).toEqual({ user: 'alice', dur: '3ms' });
  });

  it('parses logrus text output with quoted time', () => {
    const d = parse('time="2024-06-01T10:00:00Z" level=warning msg="cache miss rate high" component=cache rate=0.42');
    expect(d?.level).toBe('warn');
    expect(new Date(d?.ts ?? 0).toISOString()).toBe('2024-06-01T10:00:00.000Z');
    expect(d?.attrs).toEqual({ component: 'cache', rate: '0.42' });
  });

  it('parses go-kit / slog lines with ts, caller and trace ids', () => {
    const d = parse('ts=2024-06-01T10:00:00.123Z caller=main.go:42 level=error service=auth trace_id=abc123 msg="login failed" err="invalid \\"token\\""');
    expect(d?.level).toBe('error');
    expect(d?.service).toBe('auth');
    expect(d?.traceId).toBe('abc123');
    expect(d?.message).toBe('login failed');
    expect(d?.attrs).toEqual({ caller: 'main.go:42', err: 'invalid "token"' });
  });

  it('handles escapes, empty values and bare keys', () => {
    const d = parse('msg="a\\tb\\nc \\u00e9" empty= flag path=/a=b');
    expect(d?.message).toBe('a\tb\nc é');
    expect(d?.attrs).toEqual({ empty: '', flag: true, path: '/a=b' });
  });

  it('uses the whole line as message when there is no msg key', () => {
    const d = parse('at=info method=GET path="/" host=myapp.herokuapp.com status=200 bytes=1548');
    expect(d?.message).toBe('at=info method=GET path="/" host=myapp.herokuapp.com status=200 bytes=1548');
    expect(d?.host).toBe('myapp.herokuapp.com');
  });

  it('survives an unterminated quote', () => {
    const d = parse('level=info msg="never closed');
    expect(d?.message).toBe('never closed');
  });

  it('declines prose and stack frames', () => {
    expect(parse('Connection closed by 10.0.0.1 port 22')).toBeNull();
    expect(parse('\tat com.x.Y.run(Y.java:12)')).toBeNull();
    expect(parse('user=alice logged in from the office today')).toBeNull();
  });

  it('counts pairs for detection', () => {
    const sc = new LogfmtScanner();
    expect(logfmtPairCount(sc, 'a=1 b=2 c=3')).toBe(3);
    expect(logfmtPairCount(sc, 'just words here')).toBe(0);
    expect(logfmtPairCount(sc, 'x=1')).toBe(1);
  });
});
