import { describe, expect, it } from 'vitest';
import { LogsiftError } from '../model/index.js';
import { trafficCurve } from './internal/diurnal.js';
import { SERVICE_COUNT, AUTH, DATABASE, PAYMENT, QUEUE, WEB, WORKER } from './services/service-ids.js';
import { createSimulator, DEFAULT_SIM_START, SERVICE_NAMES } from './index.js';
import type { SimOptions, SimRecord } from './index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function all(options: SimOptions): SimRecord[] {
  const sim = createSimulator(options);
  const out: SimRecord[] = [];
  for (let b = sim.batch(10_000); b.length > 0; b = sim.batch(10_000)) out.push(...b);
  return out;
}

/** Records a run should average: 90% of the rate follows the curve, 10% is flat background. */
function expectedCount(start: number, durationMs: number, rate: number): number {
  let sum = 0;
  for (let t = start; t < start + durationMs; t += MINUTE) sum += rate * 60 * (0.9 * trafficCurve(t + MINUTE / 2) + 0.1);
  return sum;
}

function fingerprint(records: readonly SimRecord[]): string {
  return records.map((r) => `${r.ts}\t${r.service}\t${r.host}\t${r.format}\t${r.line}`).join('\n');
}

describe('createSimulator', () => {
  it('is deterministic: same seed and options give byte-identical output', () => {
    const options: SimOptions = { seed: 42, ratePerSecond: 150, durationMs: 30 * MINUTE, incidents: 'default' };
    const a = all(options);
    const b = all(options);
    expect(a.length).toBeGreaterThan(200_000);
    expect(fingerprint(b)).toBe(fingerprint(a));
    expect(createSimulator(options).incidents).toEqual(createSimulator(options).incidents);
    const c = all({ ...options, seed: 43 });
    expect(fingerprint(c)).not.toBe(fingerprint(a));
  });

  it('emits records in ts order inside [start, end)', () => {
    const start = Date.UTC(2026, 0, 5, 12);
    const records = all({ seed: 3, start, ratePerSecond: 300, durationMs: 10 * MINUTE });
    let ordered = true;
    for (let i = 1; i < records.length; i++) if (records[i].ts < records[i - 1].ts) ordered = false;
    expect(ordered).toBe(true);
    expect(records[0].ts).toBeGreaterThanOrEqual(start);
    expect(records[records.length - 1].ts).toBeLessThan(start + 10 * MINUTE);
    expect(records.every((r) => Number.isInteger(r.ts))).toBe(true);
  });

  it('matches the requested mean rate and shows the daily curve', () => {
    const start = Date.UTC(2026, 10, 24); // a Tuesday, 00:00
    const rate = 4;
    const sim = createSimulator({ seed: 5, start, ratePerSecond: rate, durationMs: 24 * HOUR });
    const perHour = new Array<number>(24).fill(0);
    let total = 0;
    for (let b = sim.batch(10_000); b.length > 0; b = sim.batch(10_000)) {
      for (const r of b) perHour[Math.floor((r.ts - start) / HOUR)]++;
      total += b.length;
    }
    const expected = expectedCount(start, 24 * HOUR, rate);
    expect(Math.abs(total / expected - 1)).toBeLessThan(0.05);
    const night = perHour[3] + perHour[4];
    const evening = perHour[19] + perHour[20];
    expect(night / evening).toBeLessThan(0.3);
  });

  it('mixes every service, several hosts each, with a realistic share', () => {
    const records = all({ seed: 8, ratePerSecond: 300, durationMs: 10 * MINUTE });
    const counts = new Map<string, number>();
    const hosts = new Map<string, Set<string>>();
    for (const r of records) {
      counts.set(r.service, (counts.get(r.service) ?? 0) + 1);
      if (!hosts.has(r.service)) hosts.set(r.service, new Set());
      hosts.get(r.service)?.add(r.host);
    }
    for (const s of SERVICE_NAMES) {
      expect(counts.get(s) ?? 0).toBeGreaterThan(records.length * 0.03);
      expect(hosts.get(s)?.size).toBeGreaterThanOrEqual(2);
    }
    expect(counts.get('web') ?? 0).toBeGreaterThan(records.length * 0.3);
  });

  it('shares one trace id across auth, payment, database, queue and worker for a checkout', () => {
    const records = all({ seed: 11, ratePerSecond: 200, durationMs: 5 * MINUTE });
    const started = records.find((r) => r.line.includes('charge started'));
    const trace = /trace_id=([0-9a-f]{32})/.exec(started?.line ?? '')?.[1] ?? '';
    expect(trace).toHaveLength(32);
    const services = new Set(records.filter((r) => r.line.includes(trace)).map((r) => r.service));
    expect([...services].sort()).toEqual(['auth', 'database', 'payment', 'queue', 'worker']);
  });

  it('emits only the chosen services, at the requested rate', () => {
    const records = all({ seed: 2, ratePerSecond: 50, durationMs: 30 * MINUTE, services: ['payment', 'worker'] });
    expect(new Set(records.map((r) => r.service))).toEqual(new Set(['payment', 'worker']));
    expect(Math.abs(records.length / expectedCount(DEFAULT_SIM_START, 30 * MINUTE, 50) - 1)).toBeLessThan(0.1);
  });

  it('until() releases exactly the records before a time, continuing where it stopped', () => {
    const options: SimOptions = { seed: 4, ratePerSecond: 100, durationMs: 5 * MINUTE };
    const reference = all(options);
    const sim = createSimulator(options);
    const got: SimRecord[] = [];
    for (let t = DEFAULT_SIM_START; t <= DEFAULT_SIM_START + 5 * MINUTE; t += 7_300) {
      const chunk = sim.until(t);
      expect(chunk.every((r) => r.ts < t)).toBe(true);
      got.push(...chunk);
    }
    got.push(...sim.until(Number.POSITIVE_INFINITY));
    expect(fingerprint(got)).toBe(fingerprint(reference));
    expect(sim.next()).toBeNull();
    expect(createSimulator(options).until(DEFAULT_SIM_START + MINUTE, 10)).toHaveLength(10);
  });

  it('runs endless when no duration is given', () => {
    const sim = createSimulator({ seed: 1, ratePerSecond: 1000 });
    expect(sim.end).toBe(Number.POSITIVE_INFINITY);
    expect(sim.batch(50_000)).toHaveLength(50_000);
  });

  it('rejects bad options with invalid_config', () => {
    const bad: SimOptions[] = [
      { seed: 1.5 },
      { ratePerSecond: 0 },
      { durationMs: -1 },
      { start: -5 },
      { services: [] },
      { services: ['mail' as never] },
      { incidents: [{ kind: 'sequence', service: 'web', atMs: 0, durationMs: 1000 }] },
      { incidents: [{ kind: 'latency', service: 'database', atMs: 0, durationMs: 0 }] },
      { incidents: [{ kind: 'rate_drop', service: 'web', atMs: 0, durationMs: 1000, magnitude: 2 }] },
      { services: ['web'], incidents: [{ kind: 'silence', service: 'auth', atMs: 0, durationMs: 1000 }] },
      { durationMs: 1000, incidents: [{ kind: 'silence', service: 'auth', atMs: 5000, durationMs: 1000 }] },
    ];
    for (const options of bad) {
      expect(() => createSimulator(options), JSON.stringify(options)).toThrow(LogsiftError);
    }
  });

  it('keeps internal service ids in SERVICE_NAMES order', () => {
    expect([WEB, AUTH, PAYMENT, DATABASE, QUEUE, WORKER].map((i) => SERVICE_NAMES[i])).toEqual([...SERVICE_NAMES]);
    expect(SERVICE_COUNT).toBe(SERVICE_NAMES.length);
  });
});
