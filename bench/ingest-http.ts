/**
 * End-to-end ingest over HTTP: a real `logsift serve` process (SQLite, search indexing on)
 * receives batches from concurrent senders, shaped like live traffic: the built-in simulator's
 * shop (JSON, logfmt, access logs, syslog, Java and Python text, each declared as its stream's
 * format) with time moving forward, plus every Loghub-2k file once with its header format.
 * `--shape replay` instead cycles the same ~48k lines (half Loghub, half simulator) over and
 * over with their original timestamps: a worst case where every round lands between stored rows.
 *
 * Prints sustained lines/s, p50/p99 batch acknowledgement latency, the server's peak RSS and
 * bytes on disk per line, with the targets (≥ 100,000 lines/s, p99 < 250 ms) as met / not met.
 *
 * Usage: node dist/bench/ingest-http.js [--lines 5000000] [--batch 1000] [--concurrency 4] [--durability process]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simFormatSpec } from '../src/cli/demo-feeder.js';
import { createSimulator } from '../src/sim/index.js';
import { formatRate, machine, percentile, REPO_ROOT, verdict } from './bench-util.js';
import { LOGHUB_FORMATS, loghubDir, presentSystems } from './internal/loghub.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '5000000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    durability: { type: 'string', default: 'process' },
    shape: { type: 'string', default: 'live' },
  },
});
const TOTAL = Number(values.lines);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);

/** A prepared request: path with query, body, line count. */
interface Prepared {
  readonly path: string;
  readonly lines: string[];
}

function prepare(): Prepared[] {
  return values.shape === 'replay' ? prepareReplay() : prepareLive();
}

/** Simulator traffic for the whole run with time moving forward, the Loghub files once each, spread through it. */
function prepareLive(): Prepared[] {
  const loghub = loghubBatches();
  const loghubLines = loghub.reduce((n, p) => n + p.lines.length, 0);
  // Ends an hour ago, so no line is stamped in the future.
  const rate = 500;
  const durationMs = Math.ceil(((TOTAL - loghubLines) / rate) * 1000) + 60_000;
  const sim = createSimulator({ seed: 7, ratePerSecond: rate, incidents: 'default', start: Date.now() - 3_600_000 - durationMs, durationMs });
  const sims = simBatches(sim, TOTAL - loghubLines);
  const out: Prepared[] = [];
  const every = Math.max(1, Math.floor(sims.length / Math.max(1, loghub.length)));
  for (let i = 0; i < sims.length; i++) {
    out.push(sims[i]);
    if (i % every === every - 1 && loghub.length > 0) out.push(loghub.shift() as Prepared);
  }
  out.push(...loghub);
  return out;
}

/** As many simulated lines as Loghub lines, shuffled together: the set `--shape replay` resends. */
function prepareReplay(): Prepared[] {
  const loghub = loghubBatches();
  const loghubLines = loghub.reduce((n, p) => n + p.lines.length, 0);
  const sim = createSimulator({ seed: 7, ratePerSecond: 500, incidents: 'default', durationMs: 86_400_000 });
  // Interleave the two sources so each stretch of the run has both.
  return shuffle([...loghub, ...simBatches(sim, loghubLines)], 42);
}

/** Loghub-2k, one stream per system with the format a user would declare. */
function loghubBatches(): Prepared[] {
  const out: Prepared[] = [];
  const dir = loghubDir();
  for (const system of presentSystems(dir)) {
    const lines = readFileSync(join(dir, system, `${system}_2k.log`), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
    const path = `/api/v1/logs?service=${system.toLowerCase()}&format=${encodeURIComponent(LOGHUB_FORMATS[system])}`;
    for (let i = 0; i < lines.length; i += BATCH) out.push({ path, lines: lines.slice(i, i + BATCH) });
  }
  return out;
}

/** Batches of `total` simulated lines, one stream per service + format, in time order. */
function simBatches(sim: ReturnType<typeof createSimulator>, total: number): Prepared[] {
  const out: Prepared[] = [];
  const streams = new Map<string, { path: string; lines: string[] }>();
  let n = 0;
  while (n < total) {
    const batch = sim.batch(Math.min(10_000, total - n));
    if (batch.length === 0) break;
    for (const r of batch) {
      const key = `${r.service}|${r.format}`;
      let s = streams.get(key);
      if (s === undefined) {
        const spec = simFormatSpec(r.format);
        const format = spec.kind === 'header' ? spec.pattern : spec.kind === 'builtin' ? spec.name : 'auto';
        s = { path: `/api/v1/logs?service=${r.service}&format=${encodeURIComponent(format)}`, lines: [] };
        streams.set(key, s);
      }
      s.lines.push(r.line);
      n++;
      if (s.lines.length >= BATCH) {
        out.push({ path: s.path, lines: s.lines });
        s.lines = [];
      }
    }
  }
  for (const s of streams.values()) if (s.lines.length > 0) out.push({ path: s.path, lines: s.lines });
  return out;
}

function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** CPU seconds (user + system) per thread of a process, from /proc (Linux). */
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  const tick = 100; // USER_HZ on Linux
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out.set(`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) / tick);
    } catch {
      // the thread exited between listing and reading
    }
  }
  return out;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function main(): Promise<void> {
  // Bodies rendered once, off the JS heap: the senders share the server's two cores, so they
  // should cost as little as a load generator can (no joins, no millions of live strings to mark).
  const batches = prepare().map((p) => ({ path: p.path, count: p.lines.length, body: Buffer.from(p.lines.join('\n')) }));
  const dataDir = mkdtempSync(join(tmpdir(), 'logsift-bench-ingest-'));
  const nodeArgs = (process.env.LOGSIFT_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const server = spawn(process.execPath, [...nodeArgs, join(REPO_ROOT, 'bin', 'logsift.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--retention', '0', '--log-level', 'warn', '--durability', values.durability ?? 'process'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (d: string) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m !== null) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });

  let sent = 0;
  let next = 0;
  let round = 0;
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = threadCpu(server.pid as number);
  const clientCpu0 = process.cpuUsage();
  const started = performance.now();
  let lastReport = started;
  let lastSent = 0;
  const sender = async () => {
    for (;;) {
      const claim = sent;
      if (claim >= TOTAL) return;
      const p = batches[next];
      next++;
      if (next >= batches.length) {
        next = 0;
        round++;
      }
      sent += p.count;
      // A unique first line per round keeps repeated bodies from being deduplicated.
      const body = Buffer.concat([Buffer.from(`bench round ${round} batch ${next}\n`), p.body]);
      const t0 = performance.now();
      const res = await fetch(url + p.path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (!res.ok) failures++;
      const now = performance.now();
      if (now - lastReport > 10_000) {
        process.stderr.write(`  ${formatRate(((sent - lastSent) * 1000) / (now - lastReport))} lines/s (${sent.toLocaleString('en-US')} sent)\n`);
        lastReport = now;
        lastSent = sent;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => sender()));
  const secs = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpu0);

  const cpuAfter = threadCpu(server.pid as number);
  const perThread = [...cpuAfter.entries()]
    .map(([t, v]) => [t, v - (cpuBefore.get(t) ?? 0)] as const)
    .filter(([, v]) => v > 0.05)
    .sort((a, b) => b[1] - a[1]);
  const cpuTotal = perThread.reduce((n, [, v]) => n + v, 0);
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  const bytes = dirBytes(dataDir);
  rmSync(dataDir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const rate = sent / secs;
  const p99 = percentile(latencies, 99);
  console.log(`\n## Ingest over HTTP (${new Date().toISOString().slice(0, 10)}, ${machine()})`);
  console.log(`lines: ${sent.toLocaleString('en-US')} in ${latencies.length} batches of ~${BATCH}, ${CONCURRENCY} senders, durability=${values.durability}, shape=${values.shape}, failed batches: ${failures}`);
  console.log(`throughput: ${formatRate(rate)} lines/s`);
  console.log(`ack latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`);
  console.log(`server CPU: ${((cpuTotal * 1e6) / sent).toFixed(1)} µs/line in all; busiest threads: ${perThread.slice(0, 4).map(([t, v]) => `${t.split(' ').slice(1).join(' ')} ${((v * 1e6) / sent).toFixed(1)} µs/line`).join(', ')}`);
  console.log(`client (senders) CPU: ${((clientCpu.user + clientCpu.system) / sent).toFixed(1)} µs/line`);
  console.log(`server peak RSS: ${Math.round(peakKb / 1024)} MB; disk: ${(bytes / sent).toFixed(0)} bytes/line (${(bytes / 2 ** 20).toFixed(0)} MiB)`);
  console.log(`target ≥ 100,000 lines/s: ${verdict(rate >= 100_000)} (aim 150,000: ${verdict(rate >= 150_000)})`);
  console.log(`target p99 ack < 250 ms: ${verdict(p99 < 250)}`);
}

await main();
