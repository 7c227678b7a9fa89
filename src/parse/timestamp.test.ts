import { describe, expect, it } from 'vitest';
import { epochToMs, lastScanEnd, parseTimestamp, scanTimestamp } from './timestamp.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12, 0, 0); // 2024-06-15T12:00:00Z
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const p = (raw: string | number, receivedAt = RECEIVED): string | null => iso(parseTimestamp(raw, receivedAt));

describe('parseTimestamp: ISO 8601 / RFC 3339', () => {
  it.each([
    ['2015-10-18T18:01:47.978Z', '2015-10-18T18:01:47.978Z'],
    ['2015-10-18T18:01:47Z', '2015-10-18T18:01:47.000Z'],
    ['2015-10-18t18:01:47z', '2015-10-18T18:01:47.000Z'],
    ['1985-04-12T19:20:50.52-04:00', '1985-04-12T23:20:50.520Z'],
    ['2003-08-24T05:14:15.000003-07:00', '2003-08-24T12:14:15.000Z'],
    ['2024-01-01T05:30:00+0530', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T05:00:00+05', '2024-01-01T00:00:00.000Z'],
    ['2024-03-01T10:00:00.123456789Z', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01T10:00Z', '2024-03-01T10:00:00.000Z'],
    ['2015-10-18 18:01:47,978', '2015-10-18T18:01:47.978Z'],
    ['2015-07-29 17:41:44,747', '2015-07-29T17:41:44.747Z'],
    ['2009/11/10 23:00:00', '2009-11-10T23:00:00.000Z'],
    ['2017-05-16_13:53:08', '2017-05-16T13:53:08.000Z'],
    ['2005-06-03-15.42.50.675872', '2005-06-03T15:42:50.675Z'],
    ['2017-05-16', '2017-05-16T00:00:00.000Z'],
    ['2005.06.03', '2005-06-03T00:00:00.000Z'],
    ['2016/9/27 20:30:31', '2016-09-27T20:30:31.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2024-01-01 12:00:00 UTC', '2024-01-01T12:00:00.000Z'],
    ['2024-01-01 12:00:00 PST', '2024-01-01T20:00:00.000Z'],
  ])('%s', (raw, want) => {
    expect(p(raw)).toBe(want);
  });

  it('treats a missing zone as UTC', () => {
    expect(p('2024-01-01T00:00:00')).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('parseTimestamp: compact and Loghub shapes', () => {
  it.each([
    ['081109 203615', '2008-11-09T20:36:15.000Z'], // HDFS
    ['081109 20:36:15', '2008-11-09T20:36:15.000Z'],
    ['17/06/09 20:10:40', '2017-06-09T20:10:40.000Z'], // Spark
    ['20171223-22:15:29:606', '2017-12-23T22:15:29.606Z'], // HealthApp
    ['20171223T221529Z', '2017-12-23T22:15:29.000Z'],
    ['20171223', '2017-12-23T00:00:00.000Z'],
    ['20171223221529', '2017-12-23T22:15:29.000Z'],
    ['10/Oct/2000:13:55:36 -0700', '2000-10-10T20:55:36.000Z'], // CLF
    ['[10/Oct/2000:13:55:36 -0700]', '2000-10-10T20:55:36.000Z'],
    ['10-Oct-2023 13:55:36.123', '2023-10-10T13:55:36.123Z'], // Tomcat
    ['18.10.2015 12:00:00', '2015-10-18T12:00:00.000Z'],
    ['Sun Dec 04 04:47:44 2005', '2005-12-04T04:47:44.000Z'], // Apache error log
    ['[Sun Dec 04 04:47:44 2005]', '2005-12-04T04:47:44.000Z'],
    ['Wed Oct 11 14:32:52.123456 2000', '2000-10-11T14:32:52.123Z'],
    ['Sun Dec  4 04:47:44 UTC 2005', '2005-12-04T04:47:44.000Z'],
    ['Sun, 06 Nov 1994 08:49:37 GMT', '1994-11-06T08:49:37.000Z'], // RFC 1123
    ['Mar 1 2024 12:00:00', '2024-03-01T12:00:00.000Z'],
    ['Dec 04, 2005 4:47:44 PM', '2005-12-04T16:47:44.000Z'], // java.util.logging
    ['Dec 04, 2005 12:47:44 AM', '2005-12-04T00:47:44.000Z'],
    ['September 3 2023 10:00:00', '2023-09-03T10:00:00.000Z'],
  ])('%s', (raw, want) => {
    expect(p(raw)).toBe(want);
  });
});

describe('parseTimestamp: year-less stamps', () => {
  it('uses the year of receivedAt', () => {
    expect(p('Jun 14 15:16:01')).toBe('2024-06-14T15:16:01.000Z');
    expect(p('Jun  4 15:16:01.250')).toBe('2024-06-04T15:16:01.250Z');
    expect(p('03-17 16:13:38.811')).toBe('2024-03-17T16:13:38.811Z'); // logcat
    expect(p('10.30 16:49:06')).toBe('2023-10-30T16:49:06.000Z'); // Proxifier; Oct 2024 is in the future
  });

  it('never lands far in the future of receivedAt', () => {
    const newYear = Date.UTC(2025, 0, 1, 0, 5);
    expect(p('Dec 31 23:59:00', newYear)).toBe('2024-12-31T23:59:00.000Z');
    expect(p('Jan  1 00:06:00', newYear)).toBe('2025-01-01T00:06:00.000Z'); // a minute ahead: clock skew, same year
    expect(p('Dec 10 06:55:46', RECEIVED)).toBe('2023-12-10T06:55:46.000Z');
  });

  it('puts Feb 29 in a leap year', () => {
    expect(p('Feb 29 10:00:00', Date.UTC(2025, 5, 1))).toBe('2024-02-29T10:00:00.000Z');
  });
});

describe('parseTimestamp: epochs', () => {
  it.each([
    [1700000000, '2023-11-14T22:13:20.000Z'],
    [1700000000.5, '2023-11-14T22:13:20.500Z'],
    [1700000000123, '2023-11-14T22:13:20.123Z'],
    [1700000000123456, '2023-11-14T22:13:20.123Z'],
    [1.700000000123456e18, '2023-11-14T22:13:20.123Z'],
    ['1700000000', '2023-11-14T22:13:20.000Z'],
    ['1700000000.25', '2023-11-14T22:13:20.250Z'],
    ['1700000000123', '2023-11-14T22:13:20.123Z'],
    ['1700000000123456789', '2023-11-14T22:13:20.123Z'],
    ['1117838570', '2005-06-03T22:42:50.000Z'], // BGL
  ])('%s', (raw, want) => {
    expect(p(raw)).toBe(want);
  });

  it('rejects zero, negatives, NaN and absurd magnitudes', () => {
    expect(epochToMs(0)).toBeNull();
    expect(epochToMs(-5)).toBeNull();
    expect(epochToMs(Number.NaN)).toBeNull();
    expect(epochToMs(Number.POSITIVE_INFINITY)).toBeNull();
    expect(epochToMs(1e25)).toBeNull();
  });
});

describe('parseTimestamp: refuses what it cannot read', () => {
  it.each([
    '',
    'hello',
    '12:00:00',
    '01/02/2024', // month/day order unknown
    '01-02-24',
    '2024-13-01T00:00:00Z',
    '2024-02-30',
    '2023-02-29',
    '2024-01-01T25:00:00Z',
    '2024-01-01T12:60:00Z',
    '081109', // a bare yyMMdd is just a number
    '12345',
    'Dec 10 06:55:46 trailing words',
    'Foo 10 06:55:46',
    '2024-01-01T00:00:00Z garbage',
    '\u0000\u0001\u0002\u0003',
  ])('%j', (raw) => {
    expect(parseTimestamp(raw, RECEIVED)).toBeNull();
  });
});

describe('scanTimestamp: prefix scanning', () => {
  it('stops at the end of the timestamp and reports where', () => {
    const line = 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user';
    expect(iso(scanTimestamp(line, 0, line.length, RECEIVED))).toBe('2023-12-10T06:55:46.000Z');
    expect(line.slice(lastScanEnd())).toBe(' LabSZ sshd[24200]: Invalid user');
  });

  it('does not take the dash of "- INFO" for a zone', () => {
    const line = '2015-07-29 17:41:44,747 - INFO  [main] x';
    expect(iso(scanTimestamp(line, 0, line.length, RECEIVED))).toBe('2015-07-29T17:41:44.747Z');
    expect(line.slice(lastScanEnd())).toBe(' - INFO  [main] x');
  });

  it('returns NaN for non-timestamps', () => {
    expect(scanTimestamp('node-246 x', 0, 10, RECEIVED)).toBeNaN();
    expect(scanTimestamp('134681 node-246', 0, 15, RECEIVED)).toBeNaN();
  });
});

describe('parseTimestamp: speed', () => {
  // A guard against pathological slow paths, not a benchmark (bench/parse-formats.ts is): the
  // bound is loose because test machines are shared.
  it('parses a mix of shapes in about a microsecond or less each', () => {
    const samples = ['2015-10-18T18:01:47.978Z', 'Dec 10 06:55:46', '10/Oct/2000:13:55:36 -0700', '081109 203615', '1700000000123'];
    const n = 100_000;
    const t0 = performance.now();
    let sink = 0;
    for (let i = 0; i < n; i++) sink += parseTimestamp(samples[i % samples.length], RECEIVED) ?? 0;
    const perCall = ((performance.now() - t0) * 1e3) / n;
    expect(sink).toBeGreaterThan(0);
    expect(perCall).toBeLessThan(10); // µs; typically 0.2–0.5
  });
});
