import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.js';

type Server = Awaited<ReturnType<typeof testServer>>;

interface ActivityBody {
  axis: { start: number; bucketMs: number; count: number };
  total: number;
  matched: number;
  templates: { id: string; text: string; count: number; share: number; levels: Record<string, number>; series: number[]; storedCount: number }[];
}

interface CompareItem {
  text: string;
  baselineCount: number;
  problemCount: number;
  ratio: number | null;
}

interface CompareBody {
  baseline: { total: number };
  problem: { total: number };
  new: CompareItem[];
  grew: CompareItem[];
  shrank: CompareItem[];
  vanished: CompareItem[];
  unchanged: number;
}

const T0 = Date.parse('2026-03-01T10:00:00Z');
const MIN = 60_000;

/** `n` JSON records of one message shape, spread over one minute starting at `at`. */
function lines(n: number, at: number, service: string, level: string, message: (i: number) => string): object[] {
  return Array.from({ length: n }, (_, i) => ({ ts: at + Math.floor((i * MIN) / n), service, level, msg: message(i) }));
}

describe('rollup-backed endpoints (template activity, compare, services)', () => {
  let s: Server;
  beforeAll(async () => {
    s = await testServer();
    const records = [
      // Baseline 10:00–10:10: "steady" 20/min, "fading" 10/min, checkout errors 1/min.
      ...Array.from({ length: 10 }, (_, m) => [
        ...lines(20, T0 + m * MIN, 'web', 'info', (i) => `steady request ${i} served`),
        ...lines(10, T0 + m * MIN, 'web', 'info', (i) => `fading cache warm ${i} done`),
        ...lines(1, T0 + m * MIN, 'checkout', 'error', (i) => `charge declined for card ${i}`),
      ]).flat(),
      // Problem 10:10–10:20: "steady" unchanged, "fading" gone, checkout errors 30/min, a new timeout.
      ...Array.from({ length: 10 }, (_, m) => [
        ...lines(20, T0 + (10 + m) * MIN, 'web', 'info', (i) => `steady request ${i} served`),
        ...lines(30, T0 + (10 + m) * MIN, 'checkout', 'error', (i) => `charge declined for card ${i}`),
        ...lines(5, T0 + (10 + m) * MIN, 'checkout', 'error', (i) => `gateway timeout after ${i} ms`),
      ]).flat(),
    ];
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/logs', payload: JSON.stringify(records), headers: { 'content-type': 'application/json' } });
    expect(res.json()).toMatchObject({ accepted: records.length });
  });
  afterAll(async () => {
    await s.dispose();
  });

  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await s.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as T };
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  it('lists templates active in a range with count, share, level mix and a series on a shared axis', async () => {
    const { status, body } = await get<ActivityBody>(`/api/v1/templates/activity?from=${iso(T0)}&to=${iso(T0 + 20 * MIN)}&bucket=5m`);
    expect(status).toBe(200);
    expect(body.axis).toEqual({ start: T0, bucketMs: 5 * MIN, count: 4 });
    expect(body.total).toBe(10 * 31 + 10 * 55);
    const byText = new Map(body.templates.map((t) => [t.text, t]));
    const declined = body.templates.find((t) => t.text.startsWith('charge declined'));
    expect(declined).toBeDefined();
    expect(declined?.count).toBe(10 + 300);
    expect(declined?.series).toEqual([5, 5, 150, 150]);
    expect(declined?.levels.error).toBe(310);
    expect(declined?.share).toBeCloseTo(310 / body.total, 6);
    // Sorted by count in the range, most first.
    expect(body.templates.map((t) => t.count)).toEqual([...body.templates.map((t) => t.count)].sort((a, b) => b - a));
    expect(byText.size).toBe(body.matched);

    const late = await get<ActivityBody>(`/api/v1/templates/activity?from=${iso(T0 + 10 * MIN)}&to=${iso(T0 + 20 * MIN)}&service=checkout&sort=rare`);
    expect(late.body.total).toBe(350);
    expect(late.body.templates.map((t) => [t.text.slice(0, 15), t.count])).toEqual([
      ['gateway timeout', 50],
      ['charge declined', 300],
    ]);
    // Stored counts are over all time, unaffected by the range.
    expect(late.body.templates[1].storedCount).toBe(310);

    const filtered = await get<ActivityBody>(`/api/v1/templates/activity?from=${iso(T0)}&to=${iso(T0 + 20 * MIN)}&q=TIMEOUT`);
    expect(filtered.body.templates.map((t) => t.count)).toEqual([50]);
  });

  it('compares a baseline window with a problem window: new, grew, vanished, unchanged', async () => {
    const { status, body } = await get<CompareBody>(
      `/api/v1/templates/compare?baselineFrom=${iso(T0)}&baselineTo=${iso(T0 + 10 * MIN)}&from=${iso(T0 + 10 * MIN)}&to=${iso(T0 + 20 * MIN)}`,
    );
    expect(status).toBe(200);
    expect(body.baseline.total).toBe(310);
    expect(body.problem.total).toBe(550);
    expect(body.new.map((t) => t.text.slice(0, 15))).toEqual(['gateway timeout']);
    expect(body.grew.map((t) => [t.text.slice(0, 15), t.baselineCount, t.problemCount, t.ratio])).toEqual([['charge declined', 10, 300, 30]]);
    expect(body.vanished.map((t) => t.text.slice(0, 12))).toEqual(['fading cache']);
    expect(body.shrank).toEqual([]);
    expect(body.unchanged).toBe(1);

    // Windows of different lengths compare by rate: a 5-minute problem window with the same rate is unchanged.
    const short = await get<CompareBody>(
      `/api/v1/templates/compare?baselineFrom=${iso(T0)}&baselineTo=${iso(T0 + 10 * MIN)}&from=${iso(T0 + 10 * MIN)}&to=${iso(T0 + 15 * MIN)}&service=web`,
    );
    expect(short.body.grew).toEqual([]);
    expect(short.body.unchanged).toBe(1);
    expect(short.body.vanished.map((t) => t.text.slice(0, 12))).toEqual(['fading cache']);

    const bad = await get<{ error: { code: string } }>(`/api/v1/templates/compare?baselineFrom=${iso(T0 + MIN)}&baselineTo=${iso(T0)}&from=${iso(T0)}&to=${iso(T0 + MIN)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_query');
    expect((await get(`/api/v1/templates/compare?from=${iso(T0)}&to=${iso(T0 + MIN)}`)).status).toBe(400);
  });

  it('ranks services by volume with their level mix, problem share and series', async () => {
    const { status, body } = await get<{ total: number; services: { name: string; count: number; problemShare: number; series: number[] }[] }>(
      `/api/v1/services?from=${iso(T0)}&to=${iso(T0 + 20 * MIN)}&bucket=10m`,
    );
    expect(status).toBe(200);
    expect(body.total).toBe(860);
    expect(body.services.map((x) => [x.name, x.count, x.series])).toEqual([
      ['web', 500, [300, 200]],
      ['checkout', 360, [10, 350]],
    ]);
    expect(body.services.find((x) => x.name === 'checkout')?.problemShare).toBe(1);
    expect(body.services.find((x) => x.name === 'web')?.problemShare).toBe(0);
  });

  it('rejects buckets that are not whole minutes and ranges with too many buckets', async () => {
    expect((await get(`/api/v1/services?from=${iso(T0)}&to=${iso(T0 + 20 * MIN)}&bucket=30s`)).status).toBe(400);
    expect((await get(`/api/v1/templates/activity?from=now-30d&bucket=1m`)).status).toBe(400);
  });

  it('documents the new endpoints in the OpenAPI spec', async () => {
    const spec = await get<{ paths: Record<string, unknown> }>('/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/v1/templates/activity', '/api/v1/templates/compare', '/api/v1/services']));
  });
});
