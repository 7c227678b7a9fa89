import { LogsiftError } from '../../model/index.js';
import { INCIDENT_KINDS, SERVICE_NAMES } from '../types.js';
import type { IncidentKind, IncidentSpec, ServiceName } from '../types.js';
import { INCIDENT_CATALOG, supports } from './incident-catalog.js';
import type { ScheduledIncident } from './incident-effects.js';

export interface DefaultScheduleOptions {
  /** Simulated length, ms; Infinity for an endless run (the schedule then covers `horizonMs`). */
  readonly durationMs: number;
  /** Services that may be hit; default all. */
  readonly services?: readonly ServiceName[];
  /** Normal traffic before the first incident, ms (detectors learn their baselines here). */
  readonly warmupMs?: number;
  /** Distance between incident starts, ms. */
  readonly everyMs?: number;
  /** Length of each incident, ms. */
  readonly incidentMs?: number;
  /** Endless runs only: how far ahead to schedule, ms. Default 7 days. */
  readonly horizonMs?: number;
}

/** The order the default schedule cycles through the kinds. */
const CYCLE: readonly IncidentKind[] = [
  'new_pattern',
  'error_spike',
  'latency',
  'rate_spike',
  'silence',
  'new_value',
  'rate_drop',
  'sequence',
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The `incidents: 'default'` schedule: after a warm-up, one incident per slot, cycling
 * through all eight kinds; each later cycle moves every kind to its next supported service.
 * Each incident starts a third into its slot, so normal traffic surrounds it.
 *
 * Finite runs: warm-up min(D/4, 6 h); slot min((D − warm-up)/8, 2 h), so even a 1-hour run
 * gets one incident of each kind; incident min(slot/3, 15 min). A 1 h run: 8 incidents of
 * ~1.9 min from minute 17; 1 day: 9 incidents of 15 min, one every 2 h from 06:40 in;
 * 7 days: 81. Endless runs (the demo): warm-up 3 min, slot 12 min, incidents of 4 min.
 * All values are whole seconds.
 */
export function defaultIncidentSchedule(options: DefaultScheduleOptions): IncidentSpec[] {
  const finite = Number.isFinite(options.durationMs);
  const span = finite ? options.durationMs : (options.horizonMs ?? 7 * 24 * HOUR);
  const warmup = options.warmupMs ?? (finite ? Math.min(span / 4, 6 * HOUR) : 3 * MINUTE);
  const every = options.everyMs ?? (finite ? Math.min((span - warmup) / CYCLE.length, 2 * HOUR) : 12 * MINUTE);
  const length = options.incidentMs ?? (finite ? Math.min(every / 3, 15 * MINUTE) : 4 * MINUTE);
  const services = options.services ?? SERVICE_NAMES;
  const kinds = CYCLE.filter((k) => INCIDENT_CATALOG[k].services.some((s) => services.includes(s)));
  if (kinds.length === 0 || !(every >= 1000) || !(length >= 1000)) return [];
  const specs: IncidentSpec[] = [];
  for (let i = 0; ; i++) {
    const atMs = Math.round((warmup + i * every + every / 3) / 1000) * 1000;
    const durationMs = Math.round(length / 1000) * 1000;
    if (atMs + durationMs > span) break;
    const kind = kinds[i % kinds.length];
    const candidates = INCIDENT_CATALOG[kind].services.filter((s) => services.includes(s));
    const service = candidates[Math.floor(i / kinds.length) % candidates.length];
    specs.push({ kind, service, atMs, durationMs });
  }
  return specs;
}

/**
 * Checks specs against the catalogue and the enabled services and places them in time.
 * Throws LogsiftError('invalid_config') naming the first bad spec.
 */
export function scheduleIncidents(
  specs: readonly IncidentSpec[],
  start: number,
  end: number,
  enabled: readonly ServiceName[],
): ScheduledIncident[] {
  const out: ScheduledIncident[] = [];
  specs.forEach((spec, i) => {
    const where = `incident ${i} (${String(spec.kind)} on ${String(spec.service)})`;
    if (!INCIDENT_KINDS.includes(spec.kind)) fail(`${where}: unknown kind; expected one of ${INCIDENT_KINDS.join(', ')}`);
    if (!SERVICE_NAMES.includes(spec.service)) fail(`${where}: unknown service; expected one of ${SERVICE_NAMES.join(', ')}`);
    if (!supports(spec.kind, spec.service)) {
      fail(`${where}: not supported; ${spec.kind} supports ${INCIDENT_CATALOG[spec.kind].services.join(', ')}`);
    }
    if (!enabled.includes(spec.service)) fail(`${where}: the service is not enabled`);
    if (!Number.isFinite(spec.atMs) || spec.atMs < 0) fail(`${where}: atMs must be a finite number ≥ 0`);
    if (!Number.isFinite(spec.durationMs) || spec.durationMs <= 0) fail(`${where}: durationMs must be a finite number > 0`);
    const info = INCIDENT_CATALOG[spec.kind];
    const magnitude = spec.kind === 'silence' ? 1 : (spec.magnitude ?? info.defaultMagnitude);
    if (!(magnitude > info.min && magnitude <= info.max)) fail(`${where}: magnitude must be in (${info.min}, ${info.max}]`);
    const from = start + Math.round(spec.atMs);
    if (from >= end) fail(`${where}: starts at or after the end of the simulation`);
    out.push({
      kind: spec.kind,
      svc: SERVICE_NAMES.indexOf(spec.service),
      start: from,
      end: Math.min(from + Math.round(spec.durationMs), end),
      magnitude,
    });
  });
  return out.sort((a, b) => a.start - b.start || a.svc - b.svc);
}

function fail(message: string): never {
  throw new LogsiftError('invalid_config', message);
}
