/**
 * The pipeline up to the store (parse → mine → batch), ending in a blackhole store, on the
 * same data mix as bench/ingest-http.ts: CPU time per line of everything the server's main
 * thread does besides HTTP and the SQLite writer.
 * Usage: node dist/bench/pipeline-blackhole.js [lines=2000000] [batch=1000] [blackhole|sqlite]
 * With `sqlite` the real store runs behind it (worker writer): the main thread's share shows the
 * store's cost on the event loop.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { simFormatSpec } from '../src/cli/demo-feeder.js';
import { parseFormatSpec } from '../src/parse/index.js';
import type { FormatSpec } from '../src/parse/index.js';
import { EventBus, IngestPipeline, TenantMiners } from '../src/pipeline/index.js';
import { createSimulator } from '../src/sim/index.js';
import { BlackholeLogStore, SqliteLogStore, SqliteMetaStore } from '../src/store/index.js';
import { formatRate, machine, peakRssMb } from './bench-util.js';
import { LOGHUB_FORMATS, loghubDir, presentSystems } from './internal/loghub.js';

const TOTAL = Number(process.argv[2] ?? 2_000_000);
const BATCH = Number(process.argv[3] ?? 1000);

interface Prepared {
  readonly service: string;
  readonly format: FormatSpec;
  readonly lines: string[];
}

const batches: Prepared[] = [];
const dir = loghubDir();
for (const system of presentSystems(dir)) {
  const lines = readFileSync(join(dir, system, `${system}_2k.log`), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  for (let i = 0; i < lines.length; i += BATCH) batches.push({ service: system.toLowerCase(), format: parseFormatSpec(LOGHUB_FORMATS[system]), lines: lines.slice(i, i + BATCH) });
}
const sim = createSimulator({ seed: 7, ratePerSecond: 500, incidents: 'default', durationMs: 86_400_000 });
const streams = new Map<string, Prepared>();
let simLines = 0;
while (simLines < 24_000) {
  for (const r of sim.batch(10_000)) {
    const key = `${r.service}|${r.format}`;
    let s = streams.get(key);
    if (s === undefined) streams.set(key, (s = { service: r.service, format: simFormatSpec(r.format), lines: [] }));
    s.lines.push(r.line);
    simLines++;
    if (s.lines.length >= BATCH) {
      batches.push(s);
      streams.set(key, { ...s, lines: [] });
    }
  }
}

const sink = process.argv[4] ?? 'blackhole';
const work = mkdtempSync(join(tmpdir(), 'logsift-bench-pipeline-'));
const meta = new SqliteMetaStore(join(work, 'meta.db'), 'process');
const store =
  sink === 'sqlite'
    ? await SqliteLogStore.open({ dir: join(work, 'logs'), span: 'day', durability: 'process', dedupWindowMs: 600_000, writer: 'worker' })
    : new BlackholeLogStore();
const pipeline = new IngestPipeline({ store, miners: new TenantMiners(meta), bus: new EventBus(), snapshotIntervalMs: 0 });
const main0 = threadCpuSeconds(process.pid);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let done = 0;
const inflight: Promise<unknown>[] = [];
for (let k = 0; done < TOTAL; k++) {
  const b = batches[k % batches.length];
  if (inflight.length >= 4) await inflight.shift();
  inflight.push(pipeline.submit({
    tenant: 'default',
    source: 'bench',
    receivedAt: Date.now(),
    records: b.lines,
    positions: null,
    rejected: [],
    dedupKey: null,
    service: b.service,
    host: null,
    format: b.format,
    streamKey: `bench|${b.service}`,
  }));
  done += b.lines.length;
}
await Promise.all(inflight);
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const mainCpu = threadCpuSeconds(process.pid) - main0;
console.log(`## Pipeline to a blackhole store (${new Date().toISOString().slice(0, 10)}, ${machine()})`);
console.log(
  `${done.toLocaleString('en-US')} lines into ${sink}: ${formatRate(done / secs)} lines/s, ${((cpu.user + cpu.system) / done).toFixed(2)} µs CPU/line ` +
    `(main thread ${((mainCpu * 1e6) / done).toFixed(2)}), peak RSS ${peakRssMb()} MB`,
);
await store.close();
await meta.close();
rmSync(work, { recursive: true, force: true });

/** CPU seconds of one thread (Linux /proc; USER_HZ = 100). */
function threadCpuSeconds(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}
