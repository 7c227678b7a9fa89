import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../model/index.js';
import type { LogEvent } from '../model/index.js';
import { createRecordParser } from './record-parser.js';
import type { FormatSpec, ParseContext } from './types.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);
const AUTO: FormatSpec = { kind: 'auto' };

function ctx(over: Partial<ParseContext> = {}): ParseContext {
  return { tenant: 'acme', receivedAt: RECEIVED, service: null, host: null, streamKey: 'stream-1', format: AUTO, ...over };
}
const messages = (events: readonly LogEvent[]): string[] => events.map((e) => e.message);

describe('createRecordParser', () => {
  it('validates options', () => {
    expect(() => createRecordParser({ maxStreams: 0 })).toThrow(LogsiftError);
    expect(() => createRecordParser({ maxRecordChars: 1.5 })).toThrow(/maxRecordChars/);
    expect(() => createRecordParser({ maxRecordLines: 10 })).not.toThrow();
  });
});

describe('parseLines: context and events', () => {
  it('fills defaults from the context and keeps record values over them', () => {
    const p = createRecordParser();
    const out = p.parseLines(
      ['plain line without anything', '{"msg":"named","service":"billing","host":"db-1","time":"2024-06-01T00:00:00Z"}'],
      ctx({ service: 'default-svc', host: 'default-host' }),
    );
    const [a, b] = out.events;
    expect(a).toEqual({
      tenant: 'acme',
      ts: RECEIVED,
      service: 'default-svc',
      host: 'default-host',
      level: 'info',
      message: 'plain line without anything',
      attrs: null,
      traceId: null,
      spanId: null,
    });
    expect(b.service).toBe('billing');
    expect(b.host).toBe('db-1');
    expect(b.ts).toBe(Date.UTC(2024, 5, 1));
    expect(Object.keys(a)).toEqual(['tenant', 'ts', 'service', 'host', 'level', 'message', 'attrs', 'traceId', 'spanId']);
  });

  it('uses "unknown" and an empty host when nobody names them', () => {
    const [e] = createRecordParser().parseLines(['hello'], ctx()).events;
    expect(e.service).toBe('unknown');
    expect(e.host).toBe('');
  });

  it('strips CR/LF and BOM, skips blank lines, keeps order', () => {
    const out = createRecordParser().parseLines(['\uFEFFfirst\r\n', '', '   ', 'second\r'], ctx());
    expect(messages(out.events)).toEqual(['first', 'second']);
    expect(out.rejects).toEqual([]);
  });

  it('gives untimed records the time of the record before them', () => {
    const out = createRecordParser().parseLines(['2024-06-01T10:00:00Z started', 'java.lang.IllegalStateException: x', '\tat a.B(B.java:1)'], ctx());
    expect(out.events.map((e) => e.ts)).toEqual([Date.UTC(2024, 5, 1, 10), Date.UTC(2024, 5, 1, 10)]);
  });

  it('removes ANSI colours so levels are still found', () => {
    const [e] = createRecordParser().parseLines(['\u001b[31mERROR\u001b[0m connection refused'], ctx()).events;
    expect(e.message).toBe('ERROR connection refused');
    expect(e.level).toBe('error');
  });
});

describe('parseLines: auto detection per stream', () => {
  it('detects each stream on its own and remembers it', () => {
    const p = createRecordParser();
    const a = p.parseLines(['level=info msg=one', 'level=error msg=two'], ctx({ streamKey: 'a' }));
    const b = p.parseLines(['<34>Oct 11 22:14:15 mymachine su: failed'], ctx({ streamKey: 'b' }));
    expect(a.events.map((e) => e.level)).toEqual(['info', 'error']);
    expect(b.events[0].service).toBe('su');
    // Remembered: a lone ambiguous line on stream a is still read as logfmt.
    expect(p.parseLines(['level=warn msg=three'], ctx({ streamKey: 'a' })).events[0].message).toBe('three');
  });

  it('parses JSON lines in any auto stream (NDJSON sent as text)', () => {
    const out = createRecordParser().parseLines(['plain one', 'plain two', '{"level":"error","msg":"json"}'], ctx());
    expect(out.events[2].level).toBe('error');
    expect(out.events[2].message).toBe('json');
  });

  it('re-detects when a stream changes format', () => {
    const p = createRecordParser();
    const k = ctx({ streamKey: 'switch' });
    p.parseLines(Array.from({ length: 10 }, (_, i) => `level=info msg=m${i} n=${i}`), k);
    const access = Array.from({ length: 200 }, (_, i) => `10.0.0.${i % 250} - - [15/Jun/2024:11:00:00 +0000] "GET /p/${i} HTTP/1.1" 200 ${i}`);
    const out = p.parseLines(access, k);
    // The first window is read as plain lines; after it the stream is re-detected as access logs.
    expect(out.events.at(-1)?.attrs?.status).toBe(200);
    expect(out.events.at(-1)?.message).toBe('GET /p/199 HTTP/1.1 200');
  });

  it('bounds the number of remembered streams', () => {
    const p = createRecordParser({ maxStreams: 2 });
    for (let i = 0; i < 50; i++) p.parseLines(['level=info msg=x'], ctx({ streamKey: `s${i}` }));
    expect(p.parseLines(['level=info msg=y'], ctx({ streamKey: 's49' })).events[0].message).toBe('y');
    expect(p.stats()).toEqual({ streams: 2, streamEvictions: 48 });
  });
});

describe('parseLines: declared formats', () => {
  it('json: every line must be a JSON object', () => {
    const out = createRecordParser().parseLines(
      ['{"msg":"ok"}', 'not json', '{"msg": broken', '[1,2,3]', '{"msg":"ok2"}'],
      ctx({ format: { kind: 'builtin', name: 'json' } }),
    );
    expect(messages(out.events)).toEqual(['ok', 'ok2']);
    expect(out.rejects.map((r) => [r.index, r.reason])).toEqual([
      [1, 'invalid_json'],
      [2, 'invalid_json'],
      [3, 'invalid_record'],
    ]);
    expect(out.rejects[1].detail).toMatch(/not valid JSON/);
    expect(out.rejects[2].raw).toBe('[1,2,3]');
  });

  it('header: lines that do not match continue the previous record', () => {
    const format: FormatSpec = { kind: 'header', pattern: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>' };
    const out = createRecordParser().parseLines(
      [
        'stray line before any record',
        '2015-10-18 18:01:47,978 ERROR [main] org.apache.A: Failed to launch',
        'java.io.IOException: disk',
        '\tat org.apache.A.run(A.java:12)',
        '2015-10-18 18:01:48,001 INFO [main] org.apache.A: Recovered',
      ],
      ctx({ format }),
    );
    expect(messages(out.events)).toEqual([
      'stray line before any record',
      'Failed to launch\njava.io.IOException: disk\n\tat org.apache.A.run(A.java:12)',
      'Recovered',
    ]);
    expect(out.events[1].level).toBe('error');
    expect(out.events[1].attrs).toEqual({ process: 'main', component: 'org.apache.A' });
  });

  it('header: <Node>-like fields become the host only when the context has none', () => {
    const format: FormatSpec = { kind: 'header', pattern: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>' };
    const line = '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change';
    expect(createRecordParser().parseLines([line], ctx({ format })).events[0].host).toBe('node-246');
    expect(createRecordParser().parseLines([line], ctx({ format, host: 'collector' })).events[0].host).toBe('collector');
  });

  it('syslog: continuation lines join the record, PRI sets the level', () => {
    const out = createRecordParser().parseLines(
      ['<11>Jun 14 15:16:01 web-1 app[42]: request failed', 'Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: bad'],
      ctx({ format: { kind: 'builtin', name: 'syslog3164' } }),
    );
    expect(out.events).toHaveLength(1);
    expect(out.events[0].level).toBe('error');
    expect(out.events[0].message).toBe('request failed\nTraceback (most recent call last):\n  File "x.py", line 1\nValueError: bad');
  });

  it('throws invalid_config for a header pattern that was never validated', () => {
    expect(() => createRecordParser().parseLines(['x'], ctx({ format: { kind: 'header', pattern: 'no fields' } }))).toThrow(LogsiftError);
  });
});

describe('parseLines: multi-line records', () => {
  it('joins Java, Python and Go traces in a plain stream', () => {
    const out = createRecordParser().parseLines(
      [
        '2024-06-01 10:00:00,123 ERROR [main] c.x.Service - failed',
        'java.lang.IllegalStateException: boom',
        '\tat com.x.Service.process(Service.java:42)',
        'Caused by: java.io.IOException: disk',
        '\t... 2 more',
        'Traceback (most recent call last):',
        '  File "app.py", line 3, in <module>',
        'ValueError: bad value',
        'panic: runtime error: index out of range [5] with length 3',
        '',
        'goroutine 1 [running]:',
        'main.main()',
        '\t/tmp/prog.go:8 +0x1d',
        'exit status 2',
      ],
      ctx(),
    );
    expect(out.events.map((e) => [e.level, e.message.split('\n').length])).toEqual([
      ['error', 1],
      ['error', 4],
      ['error', 3],
      ['fatal', 5],
      ['info', 1],
    ]);
  });

  it('does not join across parseLines calls', () => {
    const p = createRecordParser();
    p.parseLines(['java.lang.X: y'], ctx());
    const out = p.parseLines(['\tat a.B(B.java:1)'], ctx());
    expect(messages(out.events)).toEqual(['\tat a.B(B.java:1)']);
  });

  it('starts a new event past the line and size limits', () => {
    const frames = Array.from({ length: 25 }, (_, i) => `\tat com.x.F${i}.run(F.java:${i})`);
    const byLines = createRecordParser({ maxRecordLines: 10 }).parseLines(['java.lang.IllegalStateException: y', ...frames], ctx());
    expect(byLines.events.map((e) => e.message.split('\n').length)).toEqual([10, 10, 6]);
    expect(byLines.events.every((e) => e.level === 'error')).toBe(true);
    const bySize = createRecordParser({ maxRecordChars: 100 }).parseLines(['java.lang.IllegalStateException: y', ...frames], ctx());
    expect(bySize.events.every((e) => e.message.length <= 100)).toBe(true);
    expect(bySize.events.map((e) => e.message).join('\n')).toBe(['java.lang.IllegalStateException: y', ...frames].join('\n'));
  });

  it('does not change events already emitted when a later part of the record is cut', () => {
    const lines = ['level=error msg=boom user=a', '\t' + 'x'.repeat(60), '\t' + 'y'.repeat(60), '\t' + 'z'.repeat(150)];
    const out = createRecordParser({ maxRecordChars: 100 }).parseLines(lines, ctx());
    expect(out.events.map((e) => e.attrs)).toEqual([{ user: 'a' }, { user: 'a' }, { user: 'a', 'logsift.truncated_chars': 51 }]);
    expect(out.events.map((e) => e.level)).toEqual(['error', 'error', 'error']);
  });

  it('declared json never joins lines', () => {
    const out = createRecordParser().parseLines(['{"msg":"a"}', '  {"msg":"b"}'], ctx({ format: { kind: 'builtin', name: 'json' } }));
    expect(messages(out.events)).toEqual(['a', 'b']);
  });
});

describe('JSON envelopes (Docker, Fluent Bit, Kubernetes)', () => {
  it('parses the inner line of {"log": …} objects', () => {
    const out = createRecordParser().parseObjects(
      [
        { log: '2024-06-01T10:00:00Z ERROR boom\n', stream: 'stderr', time: '2024-06-01T10:00:00.5Z' },
        { log: '{"level":"warn","msg":"inner json","user":"a","stream":"x"}\n', stream: 'stdout', time: '2024-06-01T10:00:01Z' },
      ],
      ctx({ streamKey: 'docker' }),
    );
    expect(out.events[0]).toMatchObject({ level: 'error', message: '2024-06-01T10:00:00Z ERROR boom', ts: Date.UTC(2024, 5, 1, 10) });
    expect(out.events[0].attrs).toEqual({ stream: 'stderr' });
    expect(out.events[1]).toMatchObject({ level: 'warn', message: 'inner json', attrs: { stream: 'stdout', user: 'a' } });
  });

  it('uses the declared text format for the inner line', () => {
    const format: FormatSpec = { kind: 'header', pattern: '<Date> <Time> <Level> <Component>: <Content>' };
    const [e] = createRecordParser().parseObjects([{ log: '17/06/09 20:10:40 WARN spark.Foo: slow\n', stream: 'stdout' }], ctx({ format })).events;
    expect(e).toMatchObject({ level: 'warn', message: 'slow', ts: Date.UTC(2017, 5, 9, 20, 10, 40) });
    expect(e.attrs).toEqual({ stream: 'stdout', component: 'spark.Foo' });
  });

  it('leaves application JSON with its own level alone', () => {
    const [e] = createRecordParser().parseObjects([{ level: 'info', msg: 'level=error msg=x' }], ctx()).events;
    expect(e.level).toBe('info');
    expect(e.message).toBe('level=error msg=x');
  });

  it('applies to Docker json-file lines read as text', () => {
    const [e] = createRecordParser().parseLines(['{"log":"level=error msg=\\"db down\\"\\n","stream":"stderr","time":"2024-06-01T10:00:00Z"}'], ctx()).events;
    expect(e.level).toBe('error');
    expect(e.message).toBe('db down');
  });
});

describe('parseObjects: rejects', () => {
  it('rejects what is not an object, keeps going', () => {
    const records = [{ msg: 'a' }, null, [1], 'str', 42, { msg: 'b' }] as unknown as Record<string, unknown>[];
    const out = createRecordParser().parseObjects(records, ctx());
    expect(messages(out.events)).toEqual(['a', 'b']);
    expect(out.rejects.map((r) => [r.index, r.reason, r.detail])).toEqual([
      [1, 'invalid_record', 'expected a JSON object, got null'],
      [2, 'invalid_record', 'expected a JSON object, got an array'],
      [3, 'invalid_record', 'expected a JSON object, got string'],
      [4, 'invalid_record', 'expected a JSON object, got number'],
    ]);
  });

  it('rejects objects whose fields cannot be read', () => {
    const evil = {
      msg: 'x',
      get boom(): string {
        throw new Error('getter exploded');
      },
    };
    const out = createRecordParser().parseObjects([evil], ctx());
    expect(out.events).toEqual([]);
    expect(out.rejects[0].detail).toMatch(/getter exploded/);
  });
});

describe('hostile input', () => {
  it('rejects binary lines with invalid_encoding and keeps text around them', () => {
    const binary = String.fromCharCode(...Array.from({ length: 200 }, (_, i) => (i * 37) % 256));
    const out = createRecordParser().parseLines(['before', binary, 'with\u0000nul', '\uFFFD\uFFFD\uFFFD\uFFFD', 'after'], ctx());
    expect(messages(out.events)).toEqual(['before', 'after']);
    expect(out.rejects.map((r) => [r.index, r.reason])).toEqual([
      [1, 'invalid_encoding'],
      [2, 'invalid_encoding'],
      [3, 'invalid_encoding'],
    ]);
  });

  it('keeps text with a stray replacement character and repairs lone surrogates', () => {
    const out = createRecordParser().parseLines(['caf\uFFFD menu updated for the day', 'half \uD83D pair'], ctx());
    expect(messages(out.events)).toEqual(['caf\uFFFD menu updated for the day', 'half \uFFFD pair']);
  });

  it('rejects non-strings in parseLines', () => {
    const out = createRecordParser().parseLines([42, null, 'ok'] as unknown as string[], ctx());
    expect(out.rejects.map((r) => r.reason)).toEqual(['invalid_record', 'invalid_record']);
    expect(messages(out.events)).toEqual(['ok']);
  });

  it('cuts 1 MB lines quickly and counts the cut', () => {
    const p = createRecordParser();
    const big = 'ERROR ' + 'a b: c [d] '.repeat(100_000); // ~1.1 MB, separators everywhere
    const t0 = performance.now();
    for (const format of [
      AUTO,
      { kind: 'builtin', name: 'logfmt' },
      { kind: 'builtin', name: 'syslog3164' },
      { kind: 'builtin', name: 'access-combined' },
      { kind: 'header', pattern: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>' },
    ] as FormatSpec[]) {
      const out = p.parseLines([big], ctx({ format, streamKey: JSON.stringify(format) }));
      expect(out.events).toHaveLength(1);
      expect(out.events[0].message.length).toBeLessThanOrEqual(262_144);
      expect(out.events[0].attrs?.['logsift.truncated_chars']).toBeGreaterThan(800_000);
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('handles a 1 MB JSON line and 100k-deep nesting without overflowing', () => {
    const p = createRecordParser();
    const deep = '{"msg":"deep","a":' + '{"b":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}';
    const arrays = '{"msg":"arr","a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])));
    const t0 = performance.now();
    const out = p.parseLines([deep, arrays, wide], ctx({ format: { kind: 'builtin', name: 'json' } }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(out.rejects).toEqual([]);
    expect(out.events[0].attrs?.['logsift.attrs_dropped']).toBe(1);
    expect(String(out.events[1].attrs?.a).length).toBeLessThan(100);
    expect(Object.keys(out.events[2].attrs ?? {})).toHaveLength(129);
  });

  it('survives random garbage in every format without throwing', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ' \t"\\[]<>{}=:-/.,0123456789abcdefTZ+|()';
    const lines = Array.from({ length: 2000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 120) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    const p = createRecordParser();
    for (const name of ['json', 'logfmt', 'syslog5424', 'syslog3164', 'access-common', 'plain'] as const) {
      const out = p.parseLines(lines, ctx({ format: { kind: 'builtin', name } }));
      expect(out.events.length + out.rejects.length).toBeGreaterThan(0);
    }
    expect(p.parseLines(lines, ctx()).events.length).toBeGreaterThan(0);
  });
});

describe('structured flag', () => {
  it('marks JSON records and logfmt with a message as structured, text not', () => {
    const parser = createRecordParser();
    const c = { ...ctx(), streamKey: 'structured-flag' };
    expect(parser.parseLines(['{"level":"info","msg":"user logged in","user":"alice"}'], { ...c, streamKey: 'json' }).structured).toEqual([true]);
    expect(parser.parseLines(['level=info msg="cache hit" key=a', 'level=warn msg="cache miss" key=b'], { ...c, streamKey: 'logfmt' }).structured).toEqual([true, true]);
    expect(parser.parseLines(['plain words here 42'], { ...c, streamKey: 'plain' }).structured).toEqual([false]);
    const objects = parser.parseObjects([{ msg: 'done', dur: 3 }, { log: 'INFO inner text line\n', stream: 'stdout' }], c);
    expect(objects.structured).toEqual([true, true]);
    const kv = parser.parseLines(['user=alice action=login'], { ...c, streamKey: 'kv-only', format: { kind: 'builtin', name: 'logfmt' } });
    expect(kv.structured).toEqual([false]);
  });
});
