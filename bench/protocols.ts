/**
 * Shipper protocols against the native API, on the same data: a real `logsift serve` process
 * per run (fresh data directory), fed the simulator's records as native text, Loki JSON and
 * protobuf, Elasticsearch _bulk (with the `filter_path` Filebeat and Logstash send), OTLP JSON
 * and protobuf, Splunk HEC, syslog over TCP (octet-counted RFC 5424) and Kafka (librdkafka's mock
 * cluster via kcat, produced to with kcat while the server consumes, at most `KAFKA_LEAD`
 * messages ahead of what it stored, messages keyed by service). Each protocol runs right after
 * its own native run, so the two share the machine's conditions of the moment (the machine is
 * shared: absolute numbers are noisy, the ratio is the point).
 *
 * Prints sustained records/s, p99 acknowledgement latency and the server's CPU time per record
 * (all threads, from /proc) per run, then a table with the floor: each protocol at ≥ 80% of the
 * native API's throughput. CPU per record is the steadier number on a shared machine. For HTTP the latency is the
 * request's round trip (acknowledged = durable); syslog and Kafka have no per-batch
 * acknowledgement to the sender, so theirs is the p99 of the server's batch commit time
 * (`logsift_ingest_batch_duration_seconds`, bucket upper bound).
 *
 * Each pair runs `--rounds` times, alternating which of the two goes first; the table shows
 * medians (rates, p99s and the ratio), which is what makes the comparison usable on a busy machine.
 *
 * Usage: node dist/bench/protocols.js [--lines 200000] [--batch 1000] [--concurrency 4] [--rounds 3] [--only loki-proto,syslog-tcp]
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSimulator } from '../src/sim/index.js';
import { formatRate, machine, percentile, REPO_ROOT, verdict } from './bench-util.js';
import { HTTP_ENCODERS, syslogFrame } from './internal/protocol-payloads.js';
import type { HttpProtocolName, RecordBatch } from './internal/protocol-payloads.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    only: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const TOTAL = Number(values.lines);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const FLOOR = 0.8;

type ProtocolName = Exclude<HttpProtocolName, 'native'> | 'syslog-tcp' | 'kafka';
const PROTOCOLS: readonly ProtocolName[] = ['loki-json', 'loki-proto', 'elastic', 'otlp-json', 'otlp-proto', 'splunk', 'syslog-tcp', 'kafka'];

interface RunResult {
  readonly records: number;
  readonly secs: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** CPU seconds the server process used (all threads) while the records were taken in. */
  readonly cpuSecs: number;
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc (Linux). */
function processCpu(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
}

/** The simulator's records in batches of one service and host (as shippers batch per stream). */
function prepare(): RecordBatch[] {
  const sim = createSimulator({ seed: 11, ratePerSecond: 500, incidents: 'default', durationMs: 86_400_000 });
  const open = new Map<string, { service: string; host: string; ts: number[]; lines: string[] }>();
  const out: RecordBatch[] = [];
  let n = 0;
  while (n < TOTAL) {
    for (const r of sim.batch(10_000)) {
      const key = `${r.service}|${r.host}`;
      let b = open.get(key);
      if (b === undefined) {
        b = { service: r.service, host: r.host, ts: [], lines: [] };
        open.set(key, b);
      }
      b.ts.push(r.ts);
      b.lines.push(r.line);
      if (b.lines.length >= BATCH) {
        out.push(b);
        open.delete(key);
      }
      if (++n >= TOTAL) break;
    }
  }
  for (const b of open.values()) if (b.lines.length > 0) out.push(b);
  return out;
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

async function startServer(extra: readonly string[]): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'logsift-bench-proto-'));
  const nodeArgs = (process.env.LOGSIFT_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const child = spawn(process.execPath, [...nodeArgs, join(REPO_ROOT, 'bin', 'logsift.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--retention', '0', '--log-level', 'warn', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m !== null) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`server exited: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function runHttp(name: HttpProtocolName, batches: readonly RecordBatch[]): Promise<RunResult> {
  const server = await startServer([]);
  try {
    const encode = HTTP_ENCODERS[name];
    const requests = batches.map((b) => encode(b, 0));
    let next = 0;
    let failures = 0;
    let records = 0;
    const latencies: number[] = [];
    const cpu0 = processCpu(server.child.pid);
    const started = performance.now();
    const sender = async () => {
      for (;;) {
        const i = next++;
        if (i >= requests.length) return;
        const r = requests[i];
        const t0 = performance.now();
        const res = await fetch(server.url + r.path, { method: 'POST', headers: r.headers, body: r.body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.ok) records += r.records;
        if (!res.ok) failures++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => sender()));
    const secs = (performance.now() - started) / 1000;
    const cpuSecs = processCpu(server.child.pid) - cpu0;
    latencies.sort((a, b) => a - b);
    return { records, secs, p99Ms: percentile(latencies, 99), failures, cpuSecs };
  } finally {
    await server.stop();
  }
}

/** `logsift_ingest_records_total{source, outcome="accepted"}` + rejected, and the p99 batch commit bucket. */
async function serverCounts(url: string, source: string): Promise<{ stored: number; p99Ms: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let stored = 0;
  const buckets: [number, number][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('logsift_ingest_records_total{') && line.includes(`source="${source}"`) && !line.includes('outcome="deduplicated"')) stored += Number(line.split(' ').at(-1));
    const m = /^logsift_ingest_batch_duration_seconds_bucket\{le="([^"]+)",source="([^"]+)"\} (\d+)/.exec(line);
    if (m !== null && m[2] === source) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[3])]);
  }
  const total = buckets.find(([le]) => le === Infinity)?.[1] ?? 0;
  const p99 = buckets.find(([, count]) => count >= 0.99 * total)?.[0] ?? NaN;
  return { stored, p99Ms: p99 * 1000 };
}

/**
 * Watches how many records of `source` a server has stored, through /metrics. A scrape costs the
 * server ~1.5 ms of CPU, which polling every 20 ms would charge to the protocol under test
 * (~3 µs/record, none of it the protocol's). So `until` predicts when the count will be reached
 * from the rate seen since the watch began and sleeps half the time left (10–250 ms): a few
 * dozen scrapes per run instead of hundreds, and the end still seen within ~10 ms.
 */
class StoredWatch {
  private first: { stored: number; at: number } | null = null;

  constructor(
    private readonly url: string,
    private readonly source: string,
  ) {}

  /** Waits until at least `want` records are stored; returns the count and when it was seen (performance.now()). */
  async until(want: number, timeoutMs: number): Promise<{ stored: number; at: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { stored } = await serverCounts(this.url, this.source);
      const now = performance.now();
      if (stored >= want) return { stored, at: now };
      if (Date.now() > deadline) throw new Error(`${this.source}: only ${stored} of ${want} records stored after ${timeoutMs} ms`);
      this.first ??= { stored, at: now };
      const perMs = (stored - this.first.stored) / (now - this.first.at);
      await new Promise((r) => setTimeout(r, perMs > 0 ? Math.min(250, Math.max(10, (want - stored) / perMs / 2)) : 20));
    }
  }
}

async function runSyslog(batches: readonly RecordBatch[]): Promise<RunResult> {
  const server = await startServer(['--syslog-port', '0', '--protocols', 'none']);
  try {
    const port = Number(/source syslog: tcp [^:]+:(\d+)/.exec(server.stderr())?.[1]);
    const frames = batches.map((b) => Buffer.concat(b.lines.map((l, i) => syslogFrame(b.service, b.host, b.ts[i], l))));
    const records = batches.reduce((n, b) => n + b.lines.length, 0);
    const cpu0 = processCpu(server.child.pid);
    const started = performance.now();
    let next = 0;
    const sender = async () => {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject));
      for (;;) {
        const i = next++;
        if (i >= frames.length) break;
        if (!socket.write(frames[i])) await new Promise((r) => socket.once('drain', r));
      }
      await new Promise<void>((resolve) => socket.end(() => resolve()));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => sender()));
    const { at: done } = await new StoredWatch(server.url, 'syslog').until(records, 120_000);
    const cpuSecs = processCpu(server.child.pid) - cpu0;
    const { p99Ms } = await serverCounts(server.url, 'syslog');
    return { records, secs: (done - started) / 1000, p99Ms, failures: 0, cpuSecs };
  } finally {
    await server.stop();
  }
}

/** librdkafka's mock cluster through kcat (as the tests start it); null when kcat is not installed. */
async function startMockKafka(): Promise<{ bootstrap: string; stop(): Promise<void> } | null> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-kafka-'));
  const errFile = join(dir, 'mock.err');
  const child = spawn('sh', ['-c', `exec kcat -P -t _keepalive -X test.mock.num.brokers=1 -b dummy:9092 2>"${errFile}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    let text = '';
    try {
      text = readFileSync(errFile, 'utf8');
    } catch {
      text = '';
    }
    const m = /replaced with (127\.0\.0\.1:\d+)/.exec(text);
    if (m !== null) {
      return {
        bootstrap: m[1],
        async stop() {
          child.stdin?.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode !== null) break;
  }
  child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  return null;
}

/**
 * Most messages produced ahead of what the server has stored. The mock keeps only the last 5 MiB
 * (and 100,000 messages) of each partition, and messages are keyed by service: one partition
 * takes up to 3.8 MiB of any 25,000 consecutive bench messages. With a smaller lead (20,000) the
 * consumer, which reads ahead of what it has stored (a fetch of up to 1 MB per partition plus the
 * pieces being stored), caught up with the producer on the busiest partition mid-run and then
 * fetched a message at a time: that measures the producer, not the consumer.
 */
const KAFKA_LEAD = 25_000;
/** Fewest messages handed to one kcat run: the producer waits until the lead allows this many. */
const KAFKA_STEP = 5_000;

/** Produces `messages` (key, value) with kcat, the C client: cheap on CPU, so the producer barely competes with the server. */
async function kcatProduce(bootstrap: string, topic: string, messages: readonly (readonly [string, string])[], dir: string, n: number): Promise<void> {
  const file = join(dir, `chunk-${n}.bin`);
  // \x1e separates messages and \x1f key from value: records may hold newlines (stack traces).
  // (kcat produced nothing it read from a pipe until the pipe closed, so each step is a file and a run.)
  writeFileSync(file, messages.map(([k, v]) => `${k}\x1f${v}`).join('\x1e'));
  const child = spawn('kcat', ['-P', '-b', bootstrap, '-t', topic, '-D', '\x1e', '-K', '\x1f', '-X', 'linger.ms=5', '-l', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`kcat producer failed (${code}): ${err}`);
}

async function runKafka(batches: readonly RecordBatch[]): Promise<RunResult | null> {
  const mock = await startMockKafka();
  if (mock === null) return null;
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-kafka-produce-'));
  const topic = `bench-${Date.now()}`;
  // Keyed by service, as shippers key their messages (the key names the stream).
  const messages = batches.flatMap((b) => b.lines.map((line): [string, string] => [b.service, line]));
  await kcatProduce(mock.bootstrap, topic, [['warm', 'bench warm-up']], dir, -1);
  const server = await startServer(['--kafka-brokers', mock.bootstrap, '--kafka-topic', topic, '--kafka-group', 'bench', '--protocols', 'none']);
  try {
    let { stored } = await new StoredWatch(server.url, 'kafka').until(1, 60_000);
    const watch = new StoredWatch(server.url, 'kafka');
    const cpu0 = processCpu(server.child.pid);
    const started = performance.now();
    let sent = 0;
    for (let n = 0; sent < messages.length; ) {
      const step = Math.min(KAFKA_STEP, messages.length - sent);
      // `stored` counts the warm-up message too.
      const room = Math.min(messages.length - sent, stored - 1 + KAFKA_LEAD - sent);
      if (room >= step) {
        await kcatProduce(mock.bootstrap, topic, messages.slice(sent, sent + room), dir, n++);
        sent += room;
      } else {
        ({ stored } = await watch.until(1 + sent + step - KAFKA_LEAD, 180_000));
      }
    }
    const { at: done } = await watch.until(messages.length + 1, 180_000);
    const cpuSecs = processCpu(server.child.pid) - cpu0;
    const { p99Ms } = await serverCounts(server.url, 'kafka');
    return { records: messages.length, secs: (done - started) / 1000, p99Ms, failures: 0, cpuSecs };
  } finally {
    await server.stop();
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rate(r: RunResult): number {
  return r.records / r.secs;
}

/** Server CPU per record, µs: unlike throughput, barely moved by other work on a shared machine. */
function cpuPerRecord(r: RunResult): number {
  return (r.cpuSecs * 1e6) / r.records;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)];
}

async function runProtocol(p: ProtocolName, batches: readonly RecordBatch[]): Promise<RunResult | null> {
  if (p === 'syslog-tcp') return runSyslog(batches);
  if (p === 'kafka') return runKafka(batches);
  return runHttp(p, batches);
}

async function main(): Promise<void> {
  const batches = prepare();
  const records = batches.reduce((n, b) => n + b.lines.length, 0);
  const only = values.only === undefined ? PROTOCOLS : (values.only.split(',') as ProtocolName[]);
  console.log(`\n## Shipper protocols vs native (${new Date().toISOString().slice(0, 10)}, ${machine()})`);
  console.log(
    `${records.toLocaleString('en-US')} simulator records per run in ${batches.length} batches of ≤ ${BATCH}, ${CONCURRENCY} senders; ` +
      `each protocol paired with a native run, ${ROUNDS} rounds alternating the order; medians\n`,
  );
  const rows: string[] = [];
  for (const p of only) {
    const pairs: { native: RunResult; proto: RunResult }[] = [];
    let missing = false;
    for (let round = 0; round < ROUNDS && !missing; round++) {
      let native: RunResult;
      let proto: RunResult | null;
      if (round % 2 === 0) {
        native = await runHttp('native', batches);
        proto = await runProtocol(p, batches);
      } else {
        proto = await runProtocol(p, batches);
        native = await runHttp('native', batches);
      }
      if (proto === null) {
        missing = true;
        break;
      }
      pairs.push({ native, proto });
      const failures = proto.failures + native.failures;
      process.stderr.write(
        `  ${p} round ${round + 1}: ${formatRate(rate(proto))} records/s (p99 ${proto.p99Ms.toFixed(0)} ms, ${cpuPerRecord(proto).toFixed(1)} µs CPU/record) vs native ${formatRate(rate(native))} (p99 ${native.p99Ms.toFixed(0)} ms, ${cpuPerRecord(native).toFixed(1)} µs)` +
          `${failures > 0 ? `, failed requests ${proto.failures} / native ${native.failures}` : ''}\n`,
      );
    }
    if (missing) {
      rows.push(`| ${p} | not run (kcat missing) | | | | | | |`);
      continue;
    }
    const ratio = median(pairs.map((x) => rate(x.proto) / rate(x.native)));
    const cpuRatio = median(pairs.map((x) => cpuPerRecord(x.native) / cpuPerRecord(x.proto)));
    rows.push(
      `| ${p} | ${formatRate(median(pairs.map((x) => rate(x.proto))))} | ${median(pairs.map((x) => x.proto.p99Ms)).toFixed(0)} | ` +
        `${formatRate(median(pairs.map((x) => rate(x.native))))} | ${median(pairs.map((x) => x.native.p99Ms)).toFixed(0)} | ${(ratio * 100).toFixed(0)}% ${verdict(ratio >= FLOOR)} | ` +
        `${median(pairs.map((x) => cpuPerRecord(x.proto))).toFixed(1)} / ${median(pairs.map((x) => cpuPerRecord(x.native))).toFixed(1)} | ${(cpuRatio * 100).toFixed(0)}% |`,
    );
  }
  console.log(
    '| protocol | records/s | p99 ack ms | native records/s (paired runs) | native p99 ms | throughput vs native, median of pairs (floor 80%) | server CPU µs/record, protocol / native | native CPU ÷ protocol CPU |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('\np99 for syslog-tcp and kafka: server batch commit time (no per-batch ack to the sender).');
}

await main();
