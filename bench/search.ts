/**
 * Search latency over a large store: fills a data directory with N lines (simulator output
 * mixed with Loghub-2k, parsed and mined by the real pipeline), then runs free-text and
 * filter searches whose terms are sampled from the stored data, and prints p50/p95/p99 per
 * query kind and overall, with the target (p95 < 100 ms) as met / not met.
 *
 * Usage: node dist/bench/search.js [--lines 10000000] [--dir DIR] [--queries 60]
 *   --dir reuses (or keeps) a filled data directory between runs.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simFormatSpec } from '../src/cli/demo-feeder.js';
import { LEVELS } from '../src/model/index.js';
import type { StoredEvent } from '../src/model/index.js';
import { parseFormatSpec } from '../src/parse/index.js';
import { EventBus, IngestPipeline, TenantMiners } from '../src/pipeline/index.js';
import { createSimulator } from '../src/sim/index.js';
import { SqliteLogStore, SqliteMetaStore } from '../src/store/index.js';
import type { LogQuery } from '../src/store/index.js';
import { formatRate, machine, peakRssMb, percentile, verdict } from './bench-util.js';
import { LOGHUB_FORMATS, loghubDir, presentSystems } from './internal/loghub.js';

const { values } = parseArgs({
  options: { lines: { type: 'string', default: '10000000' }, dir: { type: 'string' }, queries: { type: 'string', default: '60' } },
});
const TOTAL = Number(values.lines);
const QUERIES = Number(values.queries);
const dataDir = values.dir ?? mkdtempSync(join(tmpdir(), 'logsift-bench-search-'));
const keep = values.dir !== undefined;

async function open() {
  const meta = new SqliteMetaStore(join(dataDir, 'meta.db'), 'process');
  const store = await SqliteLogStore.open({ dir: join(dataDir, 'logs'), span: 'day', durability: 'process', dedupWindowMs: 600_000, writer: 'worker' });
  return { meta, store };
}

async function fill(store: SqliteLogStore, meta: SqliteMetaStore): Promise<void> {
  const pipeline = new IngestPipeline({ store, miners: new TenantMiners(meta), bus: new EventBus(), snapshotIntervalMs: 0 });
  const dir = loghubDir();
  const loghub = presentSystems(dir).map((system) => ({
    system,
    lines: readFileSync(join(dir, system, `${system}_2k.log`), 'utf8').split(/\r?\n/).filter((l) => l.length > 0),
  }));
  // Simulated time: the last 24 hours, so time-range queries are meaningful.
  const sim = createSimulator({ seed: 11, start: Date.now() - 86_400_000, ratePerSecond: TOTAL / 2 / 86_400, incidents: 'default', durationMs: 86_400_000 });
  let stored = 0;
  let round = 0;
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  const submit = (records: string[], service: string, format: string) => {
    inflight.push(
      pipeline.submit({
        tenant: 'default',
        source: 'bench',
        receivedAt: Date.now(),
        records,
        positions: null,
        rejected: [],
        dedupKey: null,
        service,
        host: null,
        format: parseFormatSpec(format),
        streamKey: `bench|${service}|${format}`,
      }),
    );
  };
  while (stored < TOTAL) {
    const recs = sim.batch(20_000);
    const streams = new Map<string, { service: string; format: string; lines: string[] }>();
    for (const r of recs) {
      const spec = simFormatSpec(r.format);
      const format = spec.kind === 'header' ? spec.pattern : spec.kind === 'builtin' ? spec.name : 'auto';
      const key = `${r.service}|${format}`;
      let s = streams.get(key);
      if (s === undefined) streams.set(key, (s = { service: r.service, format, lines: [] }));
      s.lines.push(r.line);
    }
    for (const s of streams.values()) submit(s.lines, s.service, s.format);
    stored += recs.length;
    // An equal share of Loghub lines (their timestamps are their own, years ago).
    const part = loghub[round % loghub.length];
    submit(part.lines.map((l) => `${l}`), part.system.toLowerCase(), LOGHUB_FORMATS[part.system]);
    stored += part.lines.length;
    round++;
    while (inflight.length > 4) await inflight.shift();
    if (round % 50 === 0) process.stderr.write(`  filled ${stored.toLocaleString('en-US')} lines (${formatRate(stored / ((performance.now() - started) / 1000))}/s)\n`);
  }
  await Promise.all(inflight);
  await pipeline.stop();
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

const base: LogQuery = { tenant: 'default', text: null, services: [], hosts: [], levels: [], templates: [], traceId: null, from: null, to: null, limit: 100, cursor: null };

async function main(): Promise<void> {
  let { meta, store } = await open();
  if (store.stats().events < TOTAL) {
    process.stderr.write(`filling ${dataDir} with ${TOTAL.toLocaleString('en-US')} lines…\n`);
    await fill(store, meta);
    await store.close();
    await meta.close();
    ({ meta, store } = await open());
  }
  const stats = store.stats();
  process.stderr.write(`store: ${stats.events.toLocaleString('en-US')} events, ${(stats.bytes / 2 ** 30).toFixed(2)} GiB\n`);

  // Sample real values to search for: tokens, services, hosts, traces, templates.
  const sample: StoredEvent[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20 && sample.length < 4000; i++) {
    const page = await store.search({ ...base, limit: 200, cursor });
    sample.push(...page.events);
    cursor = page.nextCursor;
  }
  const older = await store.search({ ...base, limit: 1000, to: Date.now() - 12 * 3_600_000 });
  sample.push(...older.events);
  let seed = 1;
  const pick = <T>(xs: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return xs[seed % xs.length];
  };
  const rareTokens = sample.flatMap((e) => e.message.split(/[\s=,;"'()[\]{}]+/).filter((t) => /\d/.test(t) && t.length >= 6));
  const words = sample.flatMap((e) => e.message.split(/[^A-Za-z]+/).filter((t) => t.length >= 5));
  const services = [...new Set(sample.map((e) => e.service))];
  const hosts = [...new Set(sample.map((e) => e.host).filter((h) => h !== ''))];
  const traces = sample.map((e) => e.traceId).filter((t): t is string => t !== null);
  const templates = store.templateStats('default').filter((t) => t.count > 100).map((t) => t.id);
  const now = Date.now();

  const kinds: { name: string; make: () => LogQuery }[] = [
    { name: 'rare value (free text)', make: () => ({ ...base, text: pick(rareTokens) }) },
    { name: 'word + service', make: () => ({ ...base, text: pick(words), services: [pick(services)] }) },
    { name: 'level=error', make: () => ({ ...base, levels: ['error'] }) },
    { name: 'service + level', make: () => ({ ...base, services: [pick(services)], levels: [pick(LEVELS)] }) },
    { name: 'template', make: () => ({ ...base, templates: [pick(templates)] }) },
    { name: 'word, last hour', make: () => ({ ...base, text: pick(words), from: now - 3_600_000, to: now }) },
    { name: 'two words', make: () => ({ ...base, text: `${pick(words)} ${pick(words)}` }) },
    { name: 'trace id', make: () => ({ ...base, traceId: pick(traces) }) },
    { name: 'host + word', make: () => ({ ...base, hosts: [pick(hosts)], text: pick(words) }) },
  ];
  const all: number[] = [];
  console.log(`\n## Search over ${stats.events.toLocaleString('en-US')} stored lines (${new Date().toISOString().slice(0, 10)}, ${machine()})`);
  console.log('| query | p50 ms | p95 ms | p99 ms | mean hits |');
  console.log('|---|---|---|---|---|');
  for (const kind of kinds) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < QUERIES; i++) {
      const q = kind.make();
      const t0 = performance.now();
      const page = await store.search(q);
      times.push(performance.now() - t0);
      hits += page.events.length;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(`| ${kind.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${(hits / QUERIES).toFixed(0)} |`);
  }
  all.sort((a, b) => a - b);
  const hist: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await store.histogram({ ...base, from: now - 86_400_000, to: now, bucketMs: 15 * 60_000 });
    hist.push(performance.now() - t0);
  }
  hist.sort((a, b) => a - b);
  console.log(`all searches: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms`);
  console.log(`24h histogram (rollup): p50 ${percentile(hist, 50).toFixed(1)} ms`);
  console.log(`disk: ${(dirBytes(dataDir) / stats.events).toFixed(0)} bytes/line; peak RSS ${peakRssMb()} MB`);
  console.log(`target p95 < 100 ms: ${verdict(percentile(all, 95) < 100)}`);
  await store.close();
  await meta.close();
  if (!keep && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
}

await main();
