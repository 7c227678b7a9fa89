/**
 * Simulator throughput: records generated per second of wall-clock time on one core, pulled
 * in batches of 10,000 into a blackhole that only sums line lengths (so V8 cannot skip the
 * work). Scenarios: the default rate with and without the default incidents, and a high
 * rate (shorter ticks, as the ingest benchmark uses it).
 *
 *   npm run build && npm run bench:sim [-- <records per scenario, default 3000000>]
 */
import { createSimulator } from '../src/sim/index.js';
import type { SimOptions } from '../src/sim/index.js';

interface Scenario {
  readonly name: string;
  readonly options: SimOptions;
}

const records = Number(process.argv[2] ?? 3_000_000);
const scenarios: readonly Scenario[] = [
  { name: 'rate 100/s, no incidents', options: { seed: 1, ratePerSecond: 100 } },
  { name: 'rate 100/s, default incidents (7 d)', options: { seed: 1, ratePerSecond: 100, durationMs: 7 * 86_400_000, incidents: 'default' } },
  { name: 'rate 50,000/s, no incidents', options: { seed: 1, ratePerSecond: 50_000 } },
];

function run(scenario: Scenario): void {
  const sim = createSimulator(scenario.options);
  // Warm-up so the JIT has compiled the writers before timing.
  sim.batch(200_000);
  let n = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  while (n < records) {
    const batch = sim.batch(10_000);
    if (batch.length === 0) break;
    for (const r of batch) bytes += r.line.length;
    n += batch.length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = Math.round(n / seconds);
  process.stdout.write(
    `${scenario.name.padEnd(40)} ${String(n).padStart(9)} records  ${seconds.toFixed(2).padStart(6)} s  ${String(rate).padStart(9)} records/s  ${(bytes / seconds / 1e6).toFixed(0).padStart(4)} MB/s\n`,
  );
}

process.stdout.write(`logsift simulator, node ${process.version}\n`);
for (const scenario of scenarios) run(scenario);
