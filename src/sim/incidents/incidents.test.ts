import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, defaultIncidentSchedule, INCIDENT_KINDS, SERVICE_NAMES } from '../index.js';
import type { IncidentKind, IncidentSpec, IncidentTruth, ServiceName, SimRecord } from '../index.js';
import { INCIDENT_CATALOG } from './incident-catalog.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One incident of 5 min every 12 min from minute 30; each has 7 quiet minutes before it. */
const PLAN: ReadonlyArray<readonly [IncidentKind, ServiceName]> = [
  ['new_pattern', 'database'],
  ['error_spike', 'payment'],
  ['latency', 'database'],
  ['rate_spike', 'web'],
  ['silence', 'queue'],
  ['new_value', 'web'],
  ['rate_drop', 'auth'],
  ['sequence', 'payment'],
  ['sequence', 'worker'],
  ['sequence', 'queue'],
  ['latency', 'payment'],
  ['latency', 'worker'],
  ['new_value', 'payment'],
  ['new_value', 'auth'],
  ['error_spike', 'worker'],
  ['silence', 'web'],
  ['latency', 'queue'],
  ['rate_spike', 'database'],
];
const SPECS: IncidentSpec[] = PLAN.map(([kind, service], i) => ({ kind, service, atMs: 30 * MINUTE + i * 12 * MINUTE, durationMs: 5 * MINUTE }));
const DURATION = 30 * MINUTE + PLAN.length * 12 * MINUTE;

const records: SimRecord[] = [];
let truths: readonly IncidentTruth[] = [];
let runEnd = 0;

beforeAll(() => {
  const sim = createSimulator({ seed: 99, ratePerSecond: 40, durationMs: DURATION, incidents: SPECS });
  truths = sim.incidents;
  runEnd = sim.end;
  for (let b = sim.batch(10_000); b.length > 0; b = sim.batch(10_000)) records.push(...b);
});

function truth(kind: IncidentKind, service: ServiceName): IncidentTruth {
  const t = truths.find((x) => x.kind === kind && x.services[0] === service);
  if (t === undefined) throw new Error(`no ${kind} on ${service}`);
  return t;
}

const inside = (t: IncidentTruth) => (r: SimRecord) => r.ts >= t.start && r.ts < t.end;
const before = (t: IncidentTruth) => (r: SimRecord) => r.ts >= 2 * t.start - t.end && r.ts < t.start;
const after = (t: IncidentTruth) => (r: SimRecord) => r.ts >= t.end && r.ts < 2 * t.end - t.start;
const of = (service: ServiceName) => (r: SimRecord) => r.service === service;

function count(...filters: Array<(r: SimRecord) => boolean>): number {
  let n = 0;
  for (const r of records) if (filters.every((f) => f(r))) n++;
  return n;
}

function templateRegex(template: string): RegExp {
  return new RegExp(template.split('<*>').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?'));
}

const ERROR_MARK = /^\S+ \S+ ERROR |"level":50|level=error|\[error\]|^<131>|: ERROR\//;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function values(regex: RegExp, ...filters: Array<(r: SimRecord) => boolean>): number[] {
  const out: number[] = [];
  for (const r of records) {
    if (!filters.every((f) => f(r))) continue;
    const m = regex.exec(r.line);
    if (m !== null) out.push(Number(m[1]));
  }
  return out;
}

describe('injected incidents', () => {
  it('reports the truth in start order with ids, windows and descriptions', () => {
    expect(truths).toHaveLength(PLAN.length);
    truths.forEach((t, i) => {
      expect(t.id).toBe(`inc-${String(i + 1).padStart(3, '0')}-${PLAN[i][0]}-${PLAN[i][1]}`);
      expect(t.end - t.start).toBe(5 * MINUTE);
      expect(t.description.length).toBeGreaterThan(10);
    });
  });

  it('error_spike: the error share jumps inside the window, with the new error template', () => {
    for (const service of ['payment', 'worker'] as const) {
      const t = truth('error_spike', service);
      const isError = (r: SimRecord) => ERROR_MARK.test(r.line);
      const shareIn = count(of(service), inside(t), isError) / count(of(service), inside(t));
      const shareBefore = count(of(service), before(t), isError) / count(of(service), before(t));
      expect(shareIn).toBeGreaterThan(0.15);
      expect(shareIn).toBeGreaterThan(5 * shareBefore);
      const re = templateRegex(t.template ?? '');
      expect(count(of(service), (r) => re.test(r.line), (r) => !inside(t)(r))).toBe(0);
    }
  });

  it('new_pattern: a never-seen template appears only inside the window', () => {
    const t = truth('new_pattern', 'database');
    const re = templateRegex(t.template ?? '');
    const matches = (r: SimRecord) => re.test(r.line);
    expect(count(matches, inside(t))).toBeGreaterThan(100); // 0.5/s × 300 s
    expect(count(matches)).toBe(count(matches, inside(t)));
  });

  it('rate_spike: the service volume jumps, the spiking template more so', () => {
    for (const service of ['web', 'database'] as const) {
      const t = truth('rate_spike', service);
      expect(count(of(service), inside(t)) / count(of(service), before(t))).toBeGreaterThan(3);
      const re = templateRegex(t.template ?? '');
      const tpl = (r: SimRecord) => re.test(r.line);
      expect(count(of(service), inside(t), tpl) / Math.max(1, count(of(service), before(t), tpl))).toBeGreaterThan(4);
    }
  });

  it('rate_drop: the service volume falls', () => {
    const t = truth('rate_drop', 'auth');
    const ratio = count(of('auth'), inside(t)) / count(of('auth'), before(t));
    expect(ratio).toBeLessThan(0.35);
    expect(ratio).toBeGreaterThan(0.05);
  });

  it('silence: the service writes nothing inside the window, and resumes', () => {
    for (const service of ['queue', 'web'] as const) {
      const t = truth('silence', service);
      expect(count(of(service), inside(t))).toBe(0);
      expect(count(of(service), before(t))).toBeGreaterThan(100);
      expect(count(of(service), after(t))).toBeGreaterThan(100);
    }
  });

  it('latency: the duration parameter shifts far outside its range', () => {
    const cases: ReadonlyArray<readonly [ServiceName, RegExp]> = [
      ['database', /msg="statement executed".* dur=([\d.]+)ms/],
      ['payment', /Charged card .* in (\d+) ms/],
      ['worker', /send_receipt\[[^\]]+\] succeeded in ([\d.]+)s/],
      ['queue', /acked message .* after (\d+) ms/],
    ];
    for (const [service, re] of cases) {
      const t = truth('latency', service);
      const ratio = median(values(re, of(service), inside(t))) / median(values(re, of(service), before(t)));
      expect(ratio, service).toBeGreaterThan(5);
    }
  });

  it('new_value: a never-seen categorical value appears only inside the window', () => {
    const cases: ReadonlyArray<readonly [ServiceName, RegExp]> = [
      ['web', /" 429 \d+ "/],
      ['payment', / XXX in \d+ ms/],
      ['auth', /"method":"legacy_token"/],
    ];
    for (const [service, re] of cases) {
      const t = truth('new_value', service);
      const hit = (r: SimRecord) => re.test(r.line);
      expect(count(of(service), hit, inside(t)), service).toBeGreaterThan(5);
      expect(count(of(service), hit), service).toBe(count(of(service), hit, inside(t)));
      expect(t.value).not.toBeNull();
      expect(t.sample ?? '').toContain(t.value ?? '?');
    }
  });

  it('sequence: sessions break only inside the window', () => {
    const cases: ReadonlyArray<readonly [ServiceName, RegExp, RegExp]> = [
      ['payment', /charge started .*trace_id=(\w+)/, /charge completed .*trace_id=(\w+)/],
      ['worker', /Task shop\.tasks\.send_receipt\[([\w-]+)\] received/, /Task shop\.tasks\.send_receipt\[([\w-]+)\] (?:succeeded|raised)/],
      ['queue', /delivered message .*msg_id=(\w+)/, /acked message .*msg_id=(\w+)/],
    ];
    for (const [service, open, close] of cases) {
      const t = truth('sequence', service);
      const opened = new Map<string, number>();
      const closed = new Set<string>();
      for (const r of records) {
        if (r.service !== service) continue;
        const o = open.exec(r.line);
        if (o !== null && !opened.has(o[1])) opened.set(o[1], r.ts);
        const c = close.exec(r.line);
        if (c !== null) closed.add(c[1]);
      }
      // Sessions open near another incident of the service or the end of the run may lose lines legitimately.
      const quiet = (ts: number) =>
        ts < runEnd - 3 * MINUTE && !truths.some((x) => x.services[0] === service && ts >= x.start - 2 * MINUTE && ts < x.end + 2 * MINUTE);
      let brokenInside = 0;
      let openedInside = 0;
      let brokenOutside = 0;
      for (const [key, ts] of opened) {
        const broken = !closed.has(key);
        if (ts >= t.start && ts < t.end) {
          openedInside++;
          if (broken) brokenInside++;
        } else if (broken && quiet(ts)) {
          brokenOutside++;
        }
      }
      expect(brokenInside / openedInside, service).toBeGreaterThan(0.3);
      expect(brokenOutside, service).toBe(0);
    }
  });
});

describe('incident truth', () => {
  it('has a sample matching the template for every supported (kind, service) pair', () => {
    const specs: IncidentSpec[] = [];
    for (const kind of INCIDENT_KINDS) for (const service of INCIDENT_CATALOG[kind].services) specs.push({ kind, service, atMs: specs.length * MINUTE, durationMs: MINUTE });
    const sim = createSimulator({ seed: 1, incidents: specs });
    expect(sim.incidents).toHaveLength(specs.length);
    for (const t of sim.incidents) {
      if (t.kind === 'silence' || t.kind === 'rate_drop') {
        expect(t.template).toBeNull();
        expect(t.sample).toBeNull();
        continue;
      }
      expect(t.sample, t.id).not.toBeNull();
      expect(templateRegex(t.template ?? '').test(t.sample ?? ''), `${t.id}: ${t.sample}`).toBe(true);
      expect(t.param !== null, t.id).toBe(t.kind === 'latency' || t.kind === 'new_value' || t.kind === 'sequence');
    }
  });
});

describe('defaultIncidentSchedule', () => {
  it('fits one incident of each kind into a one-hour run, after a warm-up', () => {
    const specs = defaultIncidentSchedule({ durationMs: HOUR });
    expect(specs.map((s) => s.kind).sort()).toEqual([...INCIDENT_KINDS].sort());
    expect(Math.min(...specs.map((s) => s.atMs))).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(Math.max(...specs.map((s) => s.atMs + s.durationMs))).toBeLessThanOrEqual(HOUR);
  });

  it('spaces incidents by two hours in long runs and rotates services', () => {
    const specs = defaultIncidentSchedule({ durationMs: 7 * 24 * HOUR });
    expect(specs).toHaveLength(81);
    expect(specs[1].atMs - specs[0].atMs).toBe(2 * HOUR);
    expect(new Set(specs.filter((s) => s.kind === 'error_spike').map((s) => s.service)).size).toBe(6);
  });

  it('schedules an endless run for a week of 12-minute slots and honours the services', () => {
    const specs = defaultIncidentSchedule({ durationMs: Number.POSITIVE_INFINITY, services: ['web', 'database'] });
    expect(specs[0].atMs).toBe(7 * MINUTE);
    expect(specs.every((s) => s.service === 'web' || s.service === 'database')).toBe(true);
    expect(new Set(specs.map((s) => s.kind))).not.toContain('sequence');
    const sim = createSimulator({ seed: 1, services: ['web', 'database'], incidents: 'default' });
    expect(sim.incidents.length).toBe(specs.length);
  });

  it('lists only known services', () => {
    for (const kind of INCIDENT_KINDS) for (const s of INCIDENT_CATALOG[kind].services) expect(SERVICE_NAMES).toContain(s);
  });
});
