import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import { PlainFormat, detectLeadingLevel } from './plain-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function parse(line: string): EventDraft {
  const d = new EventDraft();
  expect(new PlainFormat().parse(line, d, RECEIVED)).toBe(true);
  return d;
}

describe('plain lines', () => {
  it('keeps the whole line as the message', () => {
    const line = '2024-06-01 10:00:00,123 ERROR [main] c.x.Service - failed';
    expect(parse(line).message).toBe(line);
  });

  it.each([
    ['ERROR could not open file', 'error'],
    ['WARN: disk almost full', 'warn'],
    ['[warn] disk almost full', 'warn'],
    ['<error> bad thing', 'error'],
    ['(INFO) started', 'info'],
    ['error: pathspec did not match', 'error'],
    ['Warning: unused variable', 'warn'],
    ['ERROR:root:division by zero', 'error'], // Python logging default
    ['ERRO[0003] failed to pull image', 'error'], // logrus text
    ['W0312 10:11:12.123456    1234 reflector.go:324] watch ended', 'warn'], // klog
    ['E0312 10:11:12.123456    1234 server.go:1] boom', 'error'],
    ['2024-06-01 10:00:00,123 ERROR [main] c.x.Service - failed', 'error'],
    ['2024-06-01T10:00:00Z [WARN] slow query', 'warn'],
    ['[2024-06-01 10:00:00] production.ERROR: oops', null],
    ['[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6', 'error'], // Apache error log
    ['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok', 'info'],
    ['12:00:00.123 [main] ERROR c.x.App - failed', 'error'], // logback default
    ['2015-07-29 17:41:44,747 - WARN  [main:Foo@1] - x', 'warn'], // Zookeeper
    ['Traceback (most recent call last):', 'error'],
    ['panic: runtime error: index out of range [5] with length 3', 'fatal'],
    ['fatal error: all goroutines are asleep - deadlock!', 'fatal'],
    ['Exception in thread "main" java.lang.IllegalStateException: boom', 'error'],
    ['java.lang.IllegalStateException: boom', 'error'],
  ])('%j → %s', (line, want) => {
    expect(parse(line).level).toBe(want);
  });

  it.each([
    'an error occurred while reading',
    'Error handling is hard', // no colon, not upper case
    'Info about the build',
    'I think it worked',
    'Everything is fine',
    'errors=0 warnings=2',
    'information superhighway',
  ])('does not read a level into prose: %j', (line) => {
    expect(parse(line).level).toBeNull();
  });

  it('takes a leading timestamp as ts', () => {
    expect(new Date(parse('2024-06-01T10:00:00.5Z something happened').ts).toISOString()).toBe('2024-06-01T10:00:00.500Z');
    expect(new Date(parse('[Sun Dec 04 04:47:44 2005] [error] x').ts).toISOString()).toBe('2005-12-04T04:47:44.000Z');
    expect(parse('no time here').ts).toBeNaN();
    expect(parse('134681 node-246 unix.hw state_change').ts).toBeNaN();
  });

  it('detects levels from an offset (syslog MSG)', () => {
    const s = 'host app: CRITICAL database down';
    expect(detectLeadingLevel(s, 10)).toBe('fatal');
    expect(detectLeadingLevel(s, 0)).toBeNull();
  });
});
