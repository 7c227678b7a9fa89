import { describe, expect, it } from 'vitest';
import { levelFromSyslogSeverity, normaliseLevel } from './level.js';

describe('normaliseLevel: words', () => {
  it.each([
    ['INFO', 'info'],
    ['info', 'info'],
    ['Info', 'info'],
    ['Information', 'info'],
    ['notice', 'info'],
    ['NOTICE', 'info'],
    ['WARNING', 'warn'],
    ['warn', 'warn'],
    ['W', 'warn'],
    ['Err', 'error'],
    ['ERROR', 'error'],
    ['E', 'error'],
    ['SEVERE', 'error'], // java.util.logging
    ['CRIT', 'fatal'],
    ['critical', 'fatal'],
    ['emerg', 'fatal'],
    ['alert', 'fatal'],
    ['FATAL', 'fatal'],
    ['panic', 'fatal'],
    ['DPANIC', 'fatal'], // zap
    ['D', 'debug'],
    ['debug', 'debug'],
    ['FINE', 'debug'],
    ['FINEST', 'trace'],
    ['V', 'trace'], // logcat verbose
    ['I', 'info'],
    ['trace', 'trace'],
    ['ERRO', 'error'], // logrus text
    ['  warning ', 'warn'],
    ['wArNiNg', 'warn'],
  ])('%j → %s', (raw, want) => {
    expect(normaliseLevel(raw)).toBe(want);
  });

  it('returns null for words that are not levels', () => {
    for (const raw of ['', 'hello', 'x', 'LEVEL', 'information-ish', 'a'.repeat(100)]) {
      expect(normaliseLevel(raw)).toBeNull();
    }
  });
});

describe('normaliseLevel: numbers', () => {
  it('reads pino/bunyan levels', () => {
    expect([10, 20, 30, 40, 50, 60].map((n) => normaliseLevel(n))).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
    expect(normaliseLevel(35)).toBe('info');
    expect(normaliseLevel('30')).toBe('info');
  });

  it('reads OpenTelemetry severity numbers 1..24 (other than 10 and 20)', () => {
    expect([1, 4, 5, 9, 12, 13, 17, 21, 24].map((n) => normaliseLevel(n))).toEqual([
      'trace',
      'trace',
      'debug',
      'info',
      'info',
      'warn',
      'error',
      'fatal',
      'fatal',
    ]);
  });

  it('reads Monolog levels', () => {
    expect([100, 200, 250, 300, 400, 500, 600].map((n) => normaliseLevel(n))).toEqual([
      'debug',
      'info',
      'info',
      'warn',
      'error',
      'fatal',
      'fatal',
    ]);
  });

  it('returns null for 0, negatives, fractions and NaN', () => {
    for (const n of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(normaliseLevel(n)).toBeNull();
  });
});

describe('levelFromSyslogSeverity', () => {
  it('maps RFC 5424 severities 0..7', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(levelFromSyslogSeverity)).toEqual([
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
    ]);
  });
});
