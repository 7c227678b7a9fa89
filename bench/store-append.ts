/**
 * Store-only append throughput: Loghub-2k messages with a crude digit mask as the
 * template, appended in batches. Isolates the SQLite write path (rows + index + rollup).
 * Usage: node dist/bench/store-append.js [lines=2000000] [batch=5000] [writer=worker|inline]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinedEvent } from '../src/model/index.js';
import { SqliteLogStore } from '../src/store/sqlite/sqlite-log-store.js';
import { datasetsDir, fnv52, formatRate, peakRssMb } from './bench-util.js';

const total = Number(process.argv[2] ?? 2_000_000);
const batchSize = Number(process.argv[3] ?? 5000);
const writer = (process.argv[4] ?? 'worker') as 'worker' | 'inline';

const root = join(datasetsDir(), 'loghub-2k');
const messages: string[] = [];
for (const sys of readdirSync(root)) {
  if (sys.includes('.')) continue;
  for (const line of readFileSync(join(root, sys, `${sys}_2k.log`), 'utf8').split(/\r?\n/)) if (line) messages.push(line);
}
const templates = messages.map((m) => m.replace(/\S*\d\S*/g, '<*>'));
const ids = templates.map((t) => fnv52(t));

const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-store-'));
const store = await SqliteLogStore.open({ dir, span: 'day', durability: 'process', dedupWindowMs: 3_600_000, writer });
const services = ['web', 'auth', 'payment', 'database', 'queue'];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let now = Date.now() - 3_600_000;
const inflight: Promise<unknown>[] = [];
for (let sent = 0; sent < total; sent += batchSize) {
  const events: MinedEvent[] = [];
  const tpl = new Map<number, string>();
  for (let i = 0; i < batchSize; i++) {
    const k = (sent + i) % messages.length;
    events.push({ tenant: 'default', ts: now++, service: services[k % 5], host: `host-${k % 13}`, level: 'info', message: messages[k], attrs: null, traceId: null, spanId: null, templateId: ids[k], params: [] });
    tpl.set(ids[k], templates[k]);
  }
  inflight.push(store.append({ tenant: 'default', dedupKey: null, recordIds: null, events, templates: tpl, deadLetters: [] }));
  if (inflight.length >= 4) await inflight.shift();
}
await Promise.all(inflight);
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuUsPerLine = (cpu.user + cpu.system) / total;
const bytes = store.stats().bytes;
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(`store append (${writer}): ${formatRate(total / secs)} lines/s, ${cpuUsPerLine.toFixed(1)} µs CPU/line (all threads), ${(bytes / total).toFixed(0)} bytes/line, peak RSS ${peakRssMb()} MB`);
