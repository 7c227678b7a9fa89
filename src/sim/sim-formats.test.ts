import { beforeAll, describe, expect, it } from 'vitest';
import { compileHeaderFormat } from '../parse/formats/header-format.js';
import { createSimulator, SIM_FORMATS, SIM_HEADER_FORMATS, simFileName } from './index.js';
import type { SimFormat, SimRecord } from './index.js';

// Four hours with one incident of each kind, so incident lines are checked too.
const records: SimRecord[] = [];
const byFormat = new Map<SimFormat, SimRecord[]>();

beforeAll(() => {
  const sim = createSimulator({ seed: 21, ratePerSecond: 30, durationMs: 4 * 3_600_000, incidents: 'default' });
  for (let b = sim.batch(10_000); b.length > 0; b = sim.batch(10_000)) records.push(...b);
  for (const r of records) {
    const list = byFormat.get(r.format) ?? [];
    list.push(r);
    byFormat.set(r.format, list);
  }
});

/** Lines (or first lines) that do not match, at most 3, for a readable failure. */
function mismatches(format: SimFormat, check: (r: SimRecord) => boolean): string[] {
  return (byFormat.get(format) ?? []).filter((r) => !check(r)).slice(0, 3).map((r) => r.line);
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}

const ACCESS = /^(\d{1,3}(?:\.\d{1,3}){3}) - - \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}:\d{2}:\d{2}) \+0000\] "([A-Z]+) (\/\S*) HTTP\/1\.1" (\d{3}) (\d+) "([^"]*)" "([^"]*)"$/;
const NGINX_ERROR = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}) \[(debug|info|notice|warn|error|crit|alert|emerg)\] \d+#\d+: \*\d+ \S.*$/;
const JAVA_HEAD = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}) (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) \[[^\]]+\] [\w.$]+: \S.*$/;
const JAVA_TAIL = /^(\tat [\w.$/]+\([\w.]+:\d+\)|\t\.\.\. \d+ common frames omitted|Caused by: [\w.$]+: .+|[a-z][\w.]*\.[A-Z]\w*(Exception|Error): .+)$/;
const LOGFMT = /^ts=(\S+) level=(debug|info|warn|error) msg="[^"]*"( [a-z_]+=("[^"]*"|[^\s"]+))*$/;
const SYSLOG = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\d+) (\S+) (-|(?:\[[^\]]+\])+) (\S.*)$/;
const PYTHON_HEAD = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}): (DEBUG|INFO|WARNING|ERROR|CRITICAL)\/([\w-]+)\] \S.*$/;
const PYTHON_TAIL = /^(Traceback \(most recent call last\):| {2}File "[^"]+", line \d+, in \w+| {4}\S.*|[\w.]+: .+)$/;

describe('simulated formats', () => {
  it('produces every format', () => {
    expect([...byFormat.keys()].sort()).toEqual([...SIM_FORMATS].sort());
  });

  it('writes nginx combined access lines with the record time', () => {
    expect(
      mismatches('access-combined', (r) => {
        const m = ACCESS.exec(r.line);
        return m !== null && `${m[4]}-${m[2]} ${m[3]} ${m[5]}` === nginxAccessParts(r.ts) && !r.line.includes('\n');
      }),
    ).toEqual([]);
  });

  it('writes nginx error lines', () => {
    expect(mismatches('nginx-error', (r) => NGINX_ERROR.exec(r.line)?.slice(1, 5).join(' ') === nginxErrorParts(r.ts))).toEqual([]);
  });

  it('writes pino-style JSON lines that parse', () => {
    expect(
      mismatches('json', (r) => {
        const o = JSON.parse(r.line) as Record<string, unknown>;
        return [20, 30, 40, 50].includes(o.level as number) && o.time === r.ts && o.hostname === r.host && typeof o.msg === 'string';
      }),
    ).toEqual([]);
  });

  it('writes log4j lines, with stack traces on continuation lines', () => {
    expect(
      mismatches('java', (r) => {
        const [head, ...tail] = r.line.split('\n');
        const m = JAVA_HEAD.exec(head);
        return m !== null && `${m[1]}T${m[2]}.${m[3]}Z` === iso(r.ts) && tail.every((l) => JAVA_TAIL.test(l));
      }),
    ).toEqual([]);
    expect((byFormat.get('java') ?? []).some((r) => r.line.includes('\n\tat '))).toBe(true);
  });

  it('writes logfmt lines', () => {
    expect(mismatches('logfmt', (r) => LOGFMT.exec(r.line)?.[1] === iso(r.ts))).toEqual([]);
  });

  it('writes RFC 5424 lines with a valid header', () => {
    expect(
      mismatches('syslog5424', (r) => {
        const m = SYSLOG.exec(r.line);
        return m !== null && Number(m[1]) <= 191 && m[2] === iso(r.ts) && m[3] === r.host && m[4] === 'orderq';
      }),
    ).toEqual([]);
  });

  it('writes Celery lines, with Python tracebacks on continuation lines', () => {
    expect(
      mismatches('python', (r) => {
        const [head, ...tail] = r.line.split('\n');
        const m = PYTHON_HEAD.exec(head);
        return m !== null && `${m[1]}T${m[2]}.${m[3]}Z` === iso(r.ts) && tail.every((l) => PYTHON_TAIL.test(l));
      }),
    ).toEqual([]);
    expect((byFormat.get('python') ?? []).some((r) => r.line.includes('\nTraceback (most recent call last):\n'))).toBe(true);
  });

  it('has levels mostly info/debug, some warnings and rare errors', () => {
    const levels = new Map<string, number>();
    for (const r of records) {
      const level = levelOf(r);
      levels.set(level, (levels.get(level) ?? 0) + 1);
    }
    const share = (l: string): number => (levels.get(l) ?? 0) / records.length;
    expect(share('info') + share('debug')).toBeGreaterThan(0.9);
    expect(share('warn')).toBeGreaterThan(0.002);
    expect(share('error')).toBeGreaterThan(0.0001);
    expect(share('error')).toBeLessThan(0.02);
  });

  it('documents header formats that the logsift header parser accepts', () => {
    for (const format of ['java', 'python', 'nginx-error'] as const) {
      const header = compileHeaderFormat(SIM_HEADER_FORMATS[format]);
      const content = header.fields.indexOf('Content');
      const sample = (byFormat.get(format) ?? []).filter((r) => r.line.includes('\n')).concat(byFormat.get(format) ?? []);
      for (const r of sample.slice(0, 200)) {
        const fields = header.match(r.line);
        expect(fields, r.line).not.toBeNull();
        expect(fields?.[content].length).toBeGreaterThan(0);
      }
    }
  });

  it('names the file each record is written to', () => {
    expect(simFileName({ service: 'web', format: 'access-combined' })).toBe('web.log');
    expect(simFileName({ service: 'web', format: 'nginx-error' })).toBe('web-error.log');
    expect(simFileName({ service: 'payment', format: 'java' })).toBe('payment.log');
  });
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function nginxAccessParts(ts: number): string {
  const d = new Date(ts);
  return `${d.getUTCFullYear()}-${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${iso(ts).slice(11, 19)}`;
}

function nginxErrorParts(ts: number): string {
  return `${iso(ts).slice(0, 4)} ${iso(ts).slice(5, 7)} ${iso(ts).slice(8, 10)} ${iso(ts).slice(11, 19)}`;
}

/** Normalised level of a record, as a parser would see it. */
function levelOf(r: SimRecord): string {
  switch (r.format) {
    case 'access-combined': {
      const status = Number(ACCESS.exec(r.line)?.[8]);
      return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    }
    case 'nginx-error':
      return NGINX_ERROR.exec(r.line)?.[5] ?? '?';
    case 'json':
      return ({ 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' } as Record<number, string>)[(JSON.parse(r.line) as { level: number }).level];
    case 'java':
      return (JAVA_HEAD.exec(r.line.split('\n')[0])?.[4] ?? '?').toLowerCase();
    case 'logfmt':
      return LOGFMT.exec(r.line)?.[2] ?? '?';
    case 'syslog5424':
      return ['error', 'error', 'error', 'error', 'warn', 'info', 'info', 'debug'][Number(SYSLOG.exec(r.line)?.[1]) & 7];
    case 'python':
      return (PYTHON_HEAD.exec(r.line.split('\n')[0])?.[4] ?? '?').toLowerCase().replace('warning', 'warn');
  }
}
