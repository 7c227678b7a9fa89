/**
 * Detection against the simulator's ground truth, with DEFAULT settings (the ones `serve` and
 * the demo use): several simulated days of the shop's logs, fast-forwarded by event time, through
 * the real parse → mine → detectors → incidents path. Every injected incident must be detected
 * (an incident holds an anomaly about it) within two detection windows of its start, with at most
 * one false incident per simulated day of normal traffic.
 *
 * An anomaly is "about" an injected incident when its window overlaps the incident (up to two
 * windows after its end) and it concerns one of the incident's services: its service is one the
 * simulator's lines for that service are parsed as (the database's `connection authorized` lines
 * name the connecting application, the queue's syslog lines `orderq`), or one of its sample lines
 * was written by that service. Delay = end of the anomaly's window − incident start (live, add the
 * allowed lateness of 30 s). An incident none of whose anomalies is about an injected one is false.
 *
 *   npm run build && npm run bench:sim-detect
 *   LOGSIFT_SIM_DAYS=7 LOGSIFT_SIM_RATE=200 LOGSIFT_SIM_SEED=3 npm run bench:sim-detect   # defaults: 3 days, 100 lines/s (the simulator's default), seed 7
 */
import { simFormatSpec } from '../src/cli/demo-feeder.js';
import type { Anomaly, Incident, MinedEvent } from '../src/model/index.js';
import { createSimulator, SERVICE_NAMES } from '../src/sim/index.js';
import type { IncidentTruth, ServiceName, SimRecord } from '../src/sim/index.js';
import { machine, verdict } from './bench-util.js';
import { DetectionHarness } from './internal/detect-harness.js';

const DAYS = Number(process.env.LOGSIFT_SIM_DAYS ?? 3);
const RATE = Number(process.env.LOGSIFT_SIM_RATE ?? 100);
const SEED = Number(process.env.LOGSIFT_SIM_SEED ?? 7);
/** A Monday morning safely in the past (detection ignores lines stamped ahead of the wall clock). */
const START = Date.UTC(2026, 8, 7, 8);
const DAY = 86_400_000;

interface Match {
  readonly truth: IncidentTruth;
  readonly anomalies: Anomaly[];
}

async function main(): Promise<void> {
  const sim = createSimulator({ seed: SEED, start: START, ratePerSecond: RATE, durationMs: DAYS * DAY, incidents: 'default' });
  const h = new DetectionHarness('sim');
  await h.start();
  const window = h.windowMs;
  const parsedAs = new Map<ServiceName, Set<string>>(SERVICE_NAMES.map((s) => [s, new Set<string>()]));
  let n = 0;
  let lines = 0;
  const t0 = performance.now();
  // One simulated minute per batch, one parse per stream, as a shipper would send them.
  for (let batch = sim.batch(RATE * 60); batch.length > 0; batch = sim.batch(RATE * 60)) {
    lines += batch.length;
    const streams = new Map<string, SimRecord[]>();
    for (const r of batch) {
      const key = `${r.service}|${r.host}|${r.format}`;
      let list = streams.get(key);
      if (list === undefined) streams.set(key, (list = []));
      list.push(r);
    }
    const events: MinedEvent[] = [];
    const ids: string[] = [];
    for (const [key, list] of streams) {
      const first = list[0];
      const mined = h.mine(list.map((r) => r.line), { service: first.service, host: first.host, format: simFormatSpec(first.format), streamKey: key }, first.ts);
      const svc = SERVICE_NAMES.indexOf(first.service);
      for (const e of mined) {
        parsedAs.get(first.service)?.add(e.service);
        events.push(e);
        ids.push(`${n++}.${svc}`);
      }
    }
    await h.detect(events, ids);
  }
  // Move event time just far enough for the last window to close (an empty window after the data would read as an outage).
  const last = START + DAYS * DAY;
  await h.detect([{ tenant: 'sim', ts: last + h.latenessMs, service: 'end', host: 'end', level: 'info', message: 'end of data', attrs: null, traceId: null, spanId: null, templateId: 0, params: [] }], ['end.0']);
  const seconds = (performance.now() - t0) / 1000;
  const anomalies = h.anomalies;
  const incidents = [...h.incidents.values()];
  await h.stop();

  const about = (a: Anomaly, t: IncidentTruth): boolean => {
    if (!(a.windowEnd > t.start && a.windowStart < t.end + 2 * window)) return false;
    for (const s of t.services) if (parsedAs.get(s)?.has(a.service) === true) return true;
    return a.evidence.sampleIds.some((id) => t.services.includes(SERVICE_NAMES[Number(id.split('.')[1])]));
  };
  // The tracker links anomalies to incidents after they were raised: take the links from the incidents.
  const incidentOf = new Map<string, string>();
  for (const i of incidents) for (const id of i.anomalyIds) incidentOf.set(id, i.id);
  const linked = (a: Anomaly) => incidentOf.has(a.id);
  const matches: Match[] = sim.incidents.map((truth) => ({ truth, anomalies: anomalies.filter((a) => about(a, truth)) }));
  const byIncident = new Map<string, Anomaly[]>();
  for (const a of anomalies) {
    const id = incidentOf.get(a.id);
    if (id === undefined) continue;
    let list = byIncident.get(id);
    if (list === undefined) byIncident.set(id, (list = []));
    list.push(a);
  }
  const falseIncidents = incidents.filter((i) => !(byIncident.get(i.id) ?? []).some((a) => sim.incidents.some((t) => about(a, t))));
  const normalDays = (DAYS * DAY - sim.incidents.reduce((s, t) => s + (t.end - t.start), 0)) / DAY;

  const out: string[] = [];
  out.push(`## Simulator ground truth: detection with default settings`);
  out.push('');
  out.push(`${DAYS} simulated days at ${RATE} lines/s (seed ${SEED}): ${lines.toLocaleString('en-US')} lines, ${sim.incidents.length} injected incidents, ${anomalies.length} anomalies, ${incidents.length} incidents; ${seconds.toFixed(0)} s on ${machine()}.`);
  out.push('');
  out.push('| kind | injected | detected | within 2 windows | delay median | delay max | detected by |');
  out.push('|---|---:|---:|---:|---:|---:|---|');
  const kinds = [...new Set(sim.incidents.map((t) => t.kind))];
  let allWithin = true;
  for (const kind of kinds) {
    const ms = matches.filter((m) => m.truth.kind === kind);
    const delays: number[] = [];
    const by = new Map<string, number>();
    let detected = 0;
    let within = 0;
    for (const m of ms) {
      const inIncident = m.anomalies.filter(linked);
      if (inIncident.length === 0) continue;
      detected++;
      const delay = Math.min(...inIncident.map((a) => a.windowEnd - m.truth.start));
      delays.push(delay);
      if (delay <= 2 * window) within++;
      for (const k of new Set(inIncident.map((a) => a.kind))) by.set(k, (by.get(k) ?? 0) + 1);
    }
    if (within < ms.length) allWithin = false;
    delays.sort((a, b) => a - b);
    const fmt = (ms: number | undefined) => (ms === undefined ? '–' : `${Math.round(ms / 1000)} s`);
    out.push(
      `| ${kind} | ${ms.length} | ${detected} | ${within} | ${fmt(delays[delays.length >> 1])} | ${fmt(delays[delays.length - 1])} | ${[...by].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} (${c})`).join(', ')} |`,
    );
  }
  const perDay = falseIncidents.length / normalDays;
  out.push('');
  out.push(`False incidents: ${falseIncidents.length} over ${normalDays.toFixed(2)} days of normal traffic = **${perDay.toFixed(2)} per day**.`);
  out.push('');
  out.push(`- Every injected incident detected within two windows (${(2 * window) / 1000} s): **${verdict(allWithin)}**`);
  out.push(`- At most one false incident per simulated day: **${verdict(perDay <= 1)}**`);
  for (const i of falseIncidents) out.push(`  - false: ${new Date(i.openedAt).toISOString()} ${i.severity} ${i.title}`);
  for (const m of matches) {
    if (!m.anomalies.some(linked)) out.push(`  - missed: ${m.truth.id} at ${new Date(m.truth.start).toISOString()} (${m.truth.description})`);
  }
  process.stdout.write(out.join('\n') + '\n');
  if (process.env.LOGSIFT_BENCH_DEBUG !== undefined) dump(anomalies, incidents);
}

function dump(anomalies: readonly Anomaly[], incidents: readonly Incident[]): void {
  const incidentOf = new Map<string, string>();
  for (const i of incidents) for (const id of i.anomalyIds) incidentOf.set(id, i.id);
  for (const a of anomalies) process.stdout.write(`${new Date(a.windowStart).toISOString()} ${a.kind} ${a.severity} ${incidentOf.get(a.id) ?? '-'} ${a.title}\n`);
  for (const i of incidents) process.stdout.write(`INCIDENT ${i.id} ${new Date(i.openedAt).toISOString()} ${i.status} ${i.severity} ${i.title}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
