import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';

const name = (lines: string[]): string => {
  const spec = detectFormat(lines);
  return spec.kind === 'builtin' ? spec.name : spec.kind;
};

describe('detectFormat', () => {
  it('recognises NDJSON, with the odd stack trace line in between', () => {
    expect(
      name([
        '{"level":30,"time":1700000000000,"msg":"started"}',
        '{"level":50,"time":1700000000001,"msg":"failed"}',
        '\tat com.x.Y(Y.java:1)',
        '{"level":30,"time":1700000000002,"msg":"ok"}',
      ]),
    ).toBe('json');
  });

  it('recognises logfmt', () => {
    expect(name(['level=info msg="hello world" user=alice', 'level=warn msg=slow dur=3s', 'time="2024-06-01T10:00:00Z" level=error msg=boom'])).toBe('logfmt');
  });

  it('recognises both syslog dialects', () => {
    expect(name(['<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - An event', '<34>1 2003-10-11T22:14:15.003Z h su - - - x'])).toBe('syslog5424');
    expect(name(['<34>Oct 11 22:14:15 mymachine su: failed', '<13>Oct 11 22:14:16 mymachine app[1]: ok'])).toBe('syslog3164');
    expect(name(['Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster', 'Dec 10 06:55:47 LabSZ sshd[24200]: input_userauth_request'])).toBe('syslog3164');
    // a mixed port: 5424 parser falls back to 3164 for the others
    expect(name(['<165>1 2003-10-11T22:14:15.003Z h app - - - a', '<34>Oct 11 22:14:15 h su: b'])).toBe('syslog5424');
  });

  it('recognises both access log shapes', () => {
    expect(name(['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'])).toBe('access-common');
    expect(
      name([
        '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326 "http://ref/" "Mozilla/5.0"',
        '127.0.0.1 - - [10/Oct/2000:13:55:37 -0700] "GET /x HTTP/1.0" 404 12 "-" "curl/8"',
      ]),
    ).toBe('access-combined');
  });

  it('falls back to plain for everything else', () => {
    expect(name(['2015-10-18 18:01:47,978 INFO [main] org.apache.A: Created X', 'hello world'])).toBe('plain');
    expect(name(['081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1'])).toBe('plain');
    expect(name([])).toBe('plain');
    expect(name(['', '   '])).toBe('plain');
  });

  it('needs at least half of the sample to match', () => {
    expect(name(['level=info msg=a', 'plain one', 'plain two', 'plain three'])).toBe('plain');
  });
});
