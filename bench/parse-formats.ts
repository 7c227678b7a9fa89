/**
 * Parse-stage micro benchmark: lines per second for each format on realistic generated lines.
 *
 *   npm run build && npm run bench:formats
 *
 * Each scenario parses the same generated lines in batches of BATCH (the way the pipeline
 * calls the parser) after a warm-up, and reports the best of ROUNDS runs. The budget for the
 * whole ingest pipeline is ≥ 150,000 lines/s on 2 cores, so parsing should stay ≲ 2 µs/line.
 */
import { createRecordParser } from '../src/parse/index.js';
import type { FormatSpec, ParseContext, RecordParser } from '../src/parse/index.js';

const LINES = Number(process.env.LINES ?? 100_000);
const BATCH = 1000;
const ROUNDS = 5;
const RECEIVED_AT = Date.UTC(2024, 5, 15, 12);

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 42;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const int = (n: number): number => Math.floor(rnd() * n);
const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
const ip = (): string => `10.${int(256)}.${int(256)}.${int(256)}`;
const isoAt = (i: number): string => new Date(RECEIVED_AT - 3_600_000 + i * 7).toISOString();
const two = (n: number): string => String(n).padStart(2, '0');

const LEVELS = ['info', 'info', 'info', 'debug', 'warn', 'error'];
const USERS = ['alice', 'bob', 'carol', 'dave'];
const PATHS = ['/api/v1/orders', '/api/v1/cart', '/login', '/static/app.js', '/healthz', '/api/v1/users/42'];
const UAS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'curl/8.4.0',
  'kube-probe/1.29',
];

type Gen = (i: number) => string;

const generators: Record<string, { format: FormatSpec; gen: Gen }> = {
  'json (pino)': {
    format: { kind: 'auto' },
    gen: (i) =>
      `{"level":${pick([30, 30, 30, 40, 50])},"time":${RECEIVED_AT + i},"pid":${1000 + int(50)},"hostname":"api-${int(4)}","reqId":"req-${hex(8)}","msg":"request completed","res":{"statusCode":${pick([200, 200, 404, 500])}},"responseTime":${int(900)}}`,
  },
  'json (zap, nested)': {
    format: { kind: 'builtin', name: 'json' },
    gen: (i) =>
      `{"level":"${pick(LEVELS)}","ts":${(RECEIVED_AT + i) / 1000},"logger":"billing","caller":"pay/charge.go:${int(300)}","msg":"charge ${pick(['ok', 'failed', 'retried'])}","trace_id":"${hex(32)}","span_id":"${hex(16)}","order":{"id":${int(1e6)},"amount":${int(10000) / 100},"currency":"EUR"},"user":"${pick(USERS)}"}`,
  },
  logfmt: {
    format: { kind: 'auto' },
    gen: (i) =>
      `ts=${isoAt(i)} level=${pick(LEVELS)} caller=server.go:${int(200)} msg="${pick(['request served', 'cache miss', 'slow query'])}" method=GET path=${pick(PATHS)} status=${pick([200, 200, 304, 500])} dur=${int(900)}ms user=${pick(USERS)}`,
  },
  syslog5424: {
    format: { kind: 'auto' },
    gen: (i) =>
      `<${pick([134, 131, 132, 30])}>1 ${isoAt(i)} web-${int(8)}.example.com nginx ${1000 + int(9000)} ID${int(100)} [meta@32473 region="eu-1" az="b"] upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip()}`,
  },
  'syslog3164 (wire)': {
    format: { kind: 'auto' },
    gen: () =>
      `<${pick([38, 86, 13])}>Jun ${two(1 + int(14))} ${two(int(24))}:${two(int(60))}:${two(int(60))} host-${int(20)} sshd[${1000 + int(30000)}]: Accepted publickey for ${pick(USERS)} from ${ip()} port ${1024 + int(60000)} ssh2`,
  },
  'syslog3164 (/var/log)': {
    format: { kind: 'auto' },
    gen: () =>
      `Jun ${two(1 + int(14))} ${two(int(24))}:${two(int(60))}:${two(int(60))} combo ${pick(['sshd', 'CRON', 'kernel', 'systemd'])}[${int(30000)}]: ${pick(['session opened for user root by (uid=0)', 'Started Session 42 of user root.', 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4'])}`,
  },
  'access-combined (nginx)': {
    format: { kind: 'auto' },
    gen: () =>
      `${ip()} - ${pick(['-', '-', 'frank'])} [15/Jun/2024:${two(int(24))}:${two(int(60))}:${two(int(60))} +0000] "${pick(['GET', 'GET', 'POST'])} ${pick(PATHS)}?page=${int(9)} HTTP/1.1" ${pick([200, 200, 200, 301, 404, 502])} ${int(50000)} "https://shop.example.com/" "${pick(UAS)}"`,
  },
  'header (HDFS)': {
    format: { kind: 'header', pattern: '<Date> <Time> <Pid> <Level> <Component>: <Content>' },
    gen: () =>
      `0811${two(9 + int(2))} ${two(int(24))}${two(int(60))}${two(int(60))} ${int(300)} ${pick(['INFO', 'INFO', 'WARN'])} dfs.DataNode$PacketResponder: PacketResponder ${int(3)} for block blk_${int(1e9)}${int(1e9)} terminating`,
  },
  'header (Hadoop)': {
    format: { kind: 'header', pattern: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>' },
    gen: () =>
      `2015-10-18 ${two(int(24))}:${two(int(60))}:${two(int(60))},${String(int(1000)).padStart(3, '0')} INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_00${two(int(99))}_000001`,
  },
  plain: {
    format: { kind: 'auto' },
    gen: (i) =>
      `${isoAt(i).replace('T', ' ').slice(0, 23)} ${pick(['INFO', 'INFO', 'WARN', 'ERROR'])} [worker-${int(8)}] c.e.OrderService - processed order ${int(1e6)} for ${pick(USERS)} in ${int(500)} ms`,
  },
  'plain + java traces (1 in 20)': {
    format: { kind: 'auto' },
    gen: (i) =>
      i % 20 === 0
        ? `java.lang.IllegalStateException: order ${int(1e6)} in bad state\n\tat com.example.OrderService.process(OrderService.java:${int(400)})\n\tat com.example.Worker.run(Worker.java:88)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)`
        : `${isoAt(i).replace('T', ' ').slice(0, 23)} INFO [worker-${int(8)}] c.e.OrderService - processed order ${int(1e6)}`,
  },
};

function ctxFor(format: FormatSpec, streamKey: string): ParseContext {
  return { tenant: 'bench', receivedAt: RECEIVED_AT, service: null, host: null, streamKey, format };
}

function batches(lines: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i += BATCH) out.push(lines.slice(i, i + BATCH));
  return out;
}

function measure(run: () => number): { linesPerSec: number; events: number } {
  let best = Infinity;
  let events = 0;
  run(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    events = run();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.min(best, dt);
  }
  return { linesPerSec: LINES / best, events };
}

function report(name: string, r: { linesPerSec: number; events: number }): void {
  const rate = Math.round(r.linesPerSec).toLocaleString('en-US').padStart(11);
  const us = (1e6 / r.linesPerSec).toFixed(2).padStart(6);
  console.log(`${name.padEnd(32)} ${rate} lines/s ${us} µs/line  (${r.events} events)`);
}

function main(): void {
  console.log(`parse-formats: ${LINES.toLocaleString('en-US')} lines per scenario, batches of ${BATCH}, best of ${ROUNDS}`);
  for (const [name, { format, gen }] of Object.entries(generators)) {
    seed = 42;
    // Multi-line generators emit several physical lines per logical one.
    const lines = Array.from({ length: LINES }, (_, i) => gen(i))
      .flatMap((l) => l.split('\n'))
      .slice(0, LINES);
    const parts = batches(lines);
    const parser: RecordParser = createRecordParser();
    const ctx = ctxFor(format, name);
    report(name, measure(() => parts.reduce((n, b) => n + parser.parseLines(b, ctx).events.length, 0)));
  }

  // Docker json-file / Fluent Bit envelopes via parseObjects: the inner line is parsed too.
  seed = 42;
  const objects = Array.from({ length: LINES }, (_, i) => ({
    log: `${isoAt(i)} ${pick(['INFO', 'WARN', 'ERROR'])} handled ${pick(PATHS)} in ${int(300)}ms\n`,
    stream: pick(['stdout', 'stderr']),
    time: isoAt(i),
  }));
  const objParts: Record<string, unknown>[][] = [];
  for (let i = 0; i < objects.length; i += BATCH) objParts.push(objects.slice(i, i + BATCH));
  const parser = createRecordParser();
  const ctx = ctxFor({ kind: 'auto' }, 'docker');
  report('objects (docker envelope)', measure(() => objParts.reduce((n, b) => n + parser.parseObjects(b, ctx).events.length, 0)));
}

main();
