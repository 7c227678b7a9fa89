/**
 * Bounded memory and flat per-line time under a hostile stream.
 *
 *   npm run bench:mine-memory
 *
 * Mines 10,000,000 generated lines (LOGSIFT_BENCH_LINES to change) through one miner: unique
 * ids, UUIDs, hex dumps, words never seen twice, binary garbage, 10,000-token lines, 1 MB
 * lines and deeply nested JSON, mixed with ordinary traffic. Prints RSS and the time of each
 * million lines; the targets are RSS < 512 MB throughout and a flat per-million time.
 */
import { createTemplateMiner } from '../src/mine/index.js';

const LINES = Number(process.env.LOGSIFT_BENCH_LINES ?? 10_000_000);
const RSS_LIMIT_MB = 512;
const STEP = Math.max(1, Math.floor(LINES / 10));

/** Deterministic xorshift32 PRNG so every run sees the same stream. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

function word(r: Rng, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += LETTERS[r.int(26)];
  return s;
}

function hex(r: Rng, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HEX[r.int(16)];
  return s;
}

function uuid(r: Rng): string {
  return `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
}

const MEGA_LINE = 'x'.repeat(1 << 20);
const NESTED_JSON = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);

/** The i-th line of the hostile stream. */
function line(r: Rng, i: number): string {
  if (i % 100_000 === 99_999) return MEGA_LINE; // 1 MB, one token
  if (i % 100_000 === 49_999) return Array.from({ length: 1 << 10 }, () => word(r, 1023)).join(' '); // 1 MB, 1,024 tokens
  if (i % 10_000 === 5_000) return Array.from({ length: 10_000 }, () => word(r, 4)).join(' '); // 10,000 tokens
  if (i % 10_000 === 7_000) return NESTED_JSON;
  const k = r.int(100);
  if (k < 30) return `GET /api/v1/users/${r.next()}/orders?token=${hex(r, 32)} took ${r.int(5000)}ms status=${200 + r.int(4)}`;
  if (k < 45) return `session ${uuid(r)} for user ${word(r, 8)} from 10.${r.int(256)}.${r.int(256)}.${r.int(256)}:${r.int(65536)}`;
  if (k < 55) return 'dump: ' + Array.from({ length: 8 + r.int(24) }, () => hex(r, 2)).join(' ');
  if (k < 65) return `${word(r, 5)} ${word(r, 7)} ${word(r, 6)} failed with ${word(r, 9)}`;
  if (k < 70) {
    let s = '';
    const n = 20 + r.int(180);
    for (let j = 0; j < n; j++) s += String.fromCharCode(r.int(256));
    return s;
  }
  return `INFO worker-${r.int(64)} processed ${r.int(100000)} records in ${r.int(900)} ms`;
}

function rssMb(): number {
  return process.memoryUsage.rss() / (1 << 20);
}

function main(): void {
  const miner = createTemplateMiner();
  const r = new Rng(42);
  process.stdout.write(`# Miner memory and time on a hostile stream\n\n${LINES.toLocaleString('en-US')} lines; one row per ${STEP.toLocaleString('en-US')} lines.\n\n`);
  process.stdout.write(
    '| lines | wall s for this step | CPU µs per line | RSS MB | templates | evicted templates | truncated lines | blob tokens | evicted signatures |\n|---|---|---|---|---|---|---|---|---|\n',
  );
  let maxRss = 0;
  const steps: number[] = [];
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  for (let i = 0; i < LINES; i++) {
    miner.mine(line(r, i));
    if ((i + 1) % STEP === 0) {
      const now = performance.now();
      const seconds = (now - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      // CPU time of this process: less sensitive than wall time to other work on the machine.
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      steps.push(cpuSeconds);
      const rss = rssMb();
      maxRss = Math.max(maxRss, rss);
      const s = miner.stats();
      process.stdout.write(
        `| ${(i + 1).toLocaleString('en-US')} | ${seconds.toFixed(2)} | ${((cpuSeconds * 1e6) / STEP).toFixed(2)} | ${rss.toFixed(0)} | ${s.templates} | ${s.evictedTemplates} | ${s.truncatedLines} | ${s.blobTokens} | ${s.evictedSignatures} |\n`,
      );
      t0 = performance.now();
      c0 = process.cpuUsage();
    }
  }
  const peak = Math.max(maxRss, process.resourceUsage().maxRSS / 1024);
  const mu = process.memoryUsage();
  process.stdout.write(`\nAt the end: heap used ${(mu.heapUsed / 1048576).toFixed(0)} MB, external + array buffers ${((mu.external + mu.arrayBuffers) / 1048576).toFixed(0)} MB, RSS ${(mu.rss / 1048576).toFixed(0)} MB\n`);
  // Flatness: the slowest step against the median step (the first one includes JIT warm-up).
  const sorted = steps.slice(1).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? steps[0];
  const worst = sorted[sorted.length - 1] ?? steps[0];
  process.stdout.write(`\nPeak RSS ${peak.toFixed(0)} MB < ${RSS_LIMIT_MB} MB: ${peak < RSS_LIMIT_MB ? 'met' : 'NOT met'}\n`);
  process.stdout.write(
    `Per-step CPU time, slowest / median (after the first step): ${(worst / median).toFixed(2)} (flat if <= 1.5): ${worst / median <= 1.5 ? 'met' : 'NOT met'}\n`,
  );
}

main();
