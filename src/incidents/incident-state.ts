import { levelRank } from '../model/index.js';
import type { Anomaly, AnomalyKind, Incident, IncidentStatus, IncidentSummary, Severity, TemplateId, TimelineEntry, TimelineKind } from '../model/index.js';
import { isLevel } from '../model/index.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
/** Hosts, traces and templates remembered per incident. */
const MAX_SET = 64;
/** Anomalies kept in memory per incident for explanations (the first of each kind of finding). */
const MAX_KEPT_ANOMALIES = 50;
/** Lead templates taken from a service-level finding's evidence (its top contributors). */
const MAX_LEAD_TEMPLATES = 3;

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** What makes two anomalies "the same finding": kind, service and template. */
export function signatureOf(a: Pick<Anomaly, 'kind' | 'service' | 'templateId'>): string {
  return `${a.kind}|${a.service}|${a.templateId ?? ''}`;
}

/**
 * One incident while the tracker holds it: the fields of `Incident`, mutable, plus what
 * correlation needs (trace ids, templates whose problem lines keep it active, the signatures it
 * has seen) and the anomalies kept for explanations. `toIncident()` gives the immutable view.
 */
export class IncidentState {
  title: string;
  status: IncidentStatus = 'open';
  severity: Severity;
  readonly services: string[] = [];
  readonly hosts: string[] = [];
  readonly anomalyIds: string[] = [];
  readonly kinds: AnomalyKind[] = [];
  readonly templates: TemplateId[] = [];
  readonly leadTemplates: TemplateId[];
  updatedAt: number;
  lastAnomalyAt: number;
  lastActivityAt: number;
  /** Start of the window of the latest anomaly, for "moved together". */
  lastWindowStart: number;
  acknowledgedAt: number | null = null;
  resolvedAt: number | null = null;
  regressions = 0;
  summary: IncidentSummary | null = null;
  readonly timeline: TimelineEntry[] = [];
  /** Anomalies counted beyond `maxAnomalies` or folded out of the timeline. */
  anomalyTotal = 0;
  /** Templates of its new-pattern problem anomalies: their lines keep it active, and bring it back once resolved. */
  readonly watched = new Set<TemplateId>();
  readonly traces = new Set<string>();
  readonly signatures = new Map<string, number>();
  readonly kept: Anomaly[] = [];
  /** Bumped on every change, so a late explanation can tell it is stale. */
  revision = 0;

  constructor(
    readonly id: string,
    readonly tenant: string,
    first: Anomaly,
    readonly openedAt: number,
  ) {
    this.title = first.title;
    this.severity = first.severity;
    this.updatedAt = openedAt;
    this.lastAnomalyAt = first.windowEnd;
    this.lastActivityAt = first.windowEnd;
    this.lastWindowStart = first.windowStart;
    this.leadTemplates = first.templateId !== null ? [first.templateId] : first.evidence.templates.slice(0, MAX_LEAD_TEMPLATES);
  }

  /** Rebuilds the state of a stored incident (its anomalies, when given, restore the correlation keys). */
  static fromIncident(i: Incident, anomalies: readonly Anomaly[]): IncidentState {
    const s = Object.create(IncidentState.prototype) as IncidentState;
    Object.assign(s, {
      id: i.id,
      tenant: i.tenant,
      openedAt: i.openedAt,
      title: i.title,
      status: i.status,
      severity: i.severity,
      services: [...i.services],
      hosts: [...i.hosts],
      anomalyIds: [...i.anomalyIds],
      kinds: [...i.kinds],
      templates: [...i.templates],
      // Incidents stored before lead templates existed have none.
      leadTemplates: [...(i.leadTemplates ?? [])],
      updatedAt: i.updatedAt,
      lastAnomalyAt: i.lastAnomalyAt,
      lastActivityAt: i.lastActivityAt,
      lastWindowStart: i.lastAnomalyAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
      regressions: i.regressions,
      summary: i.summary,
      timeline: [...i.timeline],
      anomalyTotal: i.anomalyIds.length,
      watched: new Set<TemplateId>(),
      traces: new Set<string>(),
      signatures: new Map<string, number>(),
      kept: [],
      revision: 0,
    });
    for (const a of anomalies) s.remember(a);
    return s;
  }

  /** Adds an anomaly's facts; true when it is a finding the incident had not seen (worth a timeline entry). */
  absorb(a: Anomaly, maxAnomalies: number): boolean {
    this.anomalyTotal++;
    if (this.anomalyIds.length < maxAnomalies) this.anomalyIds.push(a.id);
    if (severityRank(a.severity) > severityRank(this.severity)) {
      this.severity = a.severity;
      this.title = a.title;
    }
    if (a.windowEnd > this.lastAnomalyAt) this.lastAnomalyAt = a.windowEnd;
    // Low findings add context but do not keep an incident alive (a steady trickle of them would stop it ever resolving).
    if (a.windowEnd > this.lastActivityAt && severityRank(a.severity) > severityRank('low')) this.lastActivityAt = a.windowEnd;
    if (a.windowStart > this.lastWindowStart) this.lastWindowStart = a.windowStart;
    return this.remember(a);
  }

  private remember(a: Anomaly): boolean {
    addTo(this.services, a.service);
    for (const h of a.evidence.hosts) addTo(this.hosts, h);
    if (!this.kinds.includes(a.kind)) this.kinds.push(a.kind);
    for (const t of a.evidence.templates) addTo(this.templates, t);
    if (a.templateId !== null) addTo(this.templates, a.templateId);
    for (const t of a.evidence.traceIds) if (this.traces.size < MAX_SET) this.traces.add(t);
    const level = a.evidence.details.level;
    if (a.kind === 'new_pattern' && a.templateId !== null && typeof level === 'string' && isLevel(level) && levelRank(level) >= levelRank('warn')) this.watched.add(a.templateId);
    const sig = signatureOf(a);
    const seen = this.signatures.get(sig);
    this.signatures.set(sig, (seen ?? 0) + 1);
    if (seen === undefined && this.kept.length < MAX_KEPT_ANOMALIES) this.kept.push(a);
    return seen === undefined;
  }

  addTimeline(ts: number, kind: TimelineKind, actor: string, text: string, maxTimeline: number, anomalyId?: string): void {
    if (this.timeline.length >= maxTimeline) {
      // Keep the story's start and its latest turns: drop the oldest anomaly entry after the first few.
      const drop = this.timeline.findIndex((e, i) => i >= 3 && e.kind === 'anomaly');
      this.timeline.splice(drop >= 0 ? drop : 1, 1);
    }
    this.timeline.push(anomalyId === undefined ? { ts, kind, actor, text } : { ts, kind, actor, text, anomalyId });
    this.updatedAt = Math.max(this.updatedAt, ts);
    this.revision++;
  }

  toIncident(): Incident {
    return {
      id: this.id,
      tenant: this.tenant,
      title: this.title,
      status: this.status,
      severity: this.severity,
      services: [...this.services],
      hosts: [...this.hosts],
      anomalyIds: [...this.anomalyIds],
      kinds: [...this.kinds],
      templates: [...this.templates],
      leadTemplates: [...this.leadTemplates],
      openedAt: this.openedAt,
      updatedAt: this.updatedAt,
      lastAnomalyAt: this.lastAnomalyAt,
      lastActivityAt: this.lastActivityAt,
      acknowledgedAt: this.acknowledgedAt,
      resolvedAt: this.resolvedAt,
      regressions: this.regressions,
      summary: this.summary,
      timeline: [...this.timeline],
    };
  }
}

function addTo<T>(list: T[], v: T): void {
  if (list.length < MAX_SET && !list.includes(v)) list.push(v);
}
