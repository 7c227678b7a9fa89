import { LogsiftError, SEVERITIES } from '../model/index.js';
import type { Anomaly, Incident, IncidentStatus, Severity, TimelineKind } from '../model/index.js';
import type { AnomalyStore, IncidentStore } from '../store/index.js';
import type { ClosedWindow, DetectionSink } from '../detect/index.js';
import { newId } from '../detect/index.js';
import { pickIncident, pickRegression } from './anomaly-correlator.js';
import type { IncidentConfig } from './incident-config.js';
import type { IncidentChangeReason, IncidentExplainer, IncidentListener } from './incident-events.js';
import { IncidentState, severityRank, signatureOf } from './incident-state.js';
import { actionFor, transition } from './lifecycle.js';
import type { StatusAction } from './lifecycle.js';

export interface IncidentTrackerSettings {
  readonly incidents: IncidentStore;
  readonly anomalies: AnomalyStore;
  /** Detection window width, ms (anomalies in the same or the next window moved together). */
  readonly windowMs: number;
  readonly explainer: IncidentExplainer;
  /** Wall clock, ms since epoch (user actions are stamped with it). */
  readonly clock?: () => number;
  readonly warn?: (message: string) => void;
}

/** Explanations waiting for the model, at most. */
const MAX_PENDING_EXPLANATIONS = 32;
/** The model is asked again about one incident at most this often (wall clock), ms. */
const EXPLAIN_INTERVAL_MS = 5 * 60_000;

/**
 * Turns anomalies into incidents. It is the detection runner's sink: each anomaly joins the
 * active incident it relates to (same service, trace or template, or moved in the same window),
 * brings back a recently resolved incident with the same finding (regressed), or opens a new one
 * when severe enough. Closed windows keep incidents active (problem lines of their new templates),
 * auto-resolve quiet ones and notice resolved ones coming back. Users acknowledge, resolve,
 * reopen and comment; every change lands in the timeline and is saved whole.
 *
 * System changes are stamped with event time (window ends), user actions with the wall clock.
 */
export class IncidentTracker implements DetectionSink {
  private readonly tenants = new Map<string, Map<string, IncidentState>>();
  /** Latest closed window end per tenant (event time). */
  private readonly watermark = new Map<string, number>();
  private readonly listeners: IncidentListener[] = [];
  private readonly clock: () => number;
  private readonly warn: (message: string) => void;
  private writes: Promise<void> = Promise.resolve();
  private readonly explainQueue: { tenant: string; id: string }[] = [];
  private explaining: Promise<void> | null = null;
  private readonly lastExplained = new Map<string, number>();
  private readonly abort = new AbortController();
  readonly counters = { opened: 0, joined: 0, regressed: 0, autoResolved: 0, unlinked: 0, explanationsDropped: 0, writeErrors: 0 };

  constructor(
    private readonly settings: IncidentTrackerSettings,
    private readonly config: IncidentConfig,
  ) {
    this.clock = settings.clock ?? Date.now;
    this.warn = settings.warn ?? ((m) => process.emitWarning(m));
  }

  /** Loads open and recently resolved incidents so correlation and regressions survive a restart. */
  async start(): Promise<void> {
    const active = await this.settings.incidents.activeIncidents(this.clock() - this.config.regressionWindowMs);
    for (const i of active) {
      const anomalies = await this.settings.anomalies.getAnomalies(i.tenant, i.anomalyIds.slice(0, 200));
      this.tenantMap(i.tenant).set(i.id, IncidentState.fromIncident(i, anomalies));
    }
  }

  /** Incidents open or acknowledged, over all tenants in memory. */
  openCount(): number {
    let n = 0;
    for (const m of this.tenants.values()) for (const inc of m.values()) if (inc.status !== 'resolved') n++;
    return n;
  }

  onChange(listener: IncidentListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  // --- DetectionSink ---

  async anomalies(tenant: string, list: readonly Anomaly[]): Promise<void> {
    const map = this.tenantMap(tenant);
    const changed = new Map<IncidentState, { reason: IncidentChangeReason; anomalies: Anomaly[] }>();
    const links = new Map<string, string[]>();
    // The most severe first, so milder findings of the same moment join the incident it opens.
    const ordered = [...list].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.score - a.score);
    for (const a of ordered) {
      let inc = pickIncident(map.values(), a, this.settings.windowMs, this.config.joinWindowMs);
      let reason: IncidentChangeReason = 'updated';
      const opens = severityRank(a.severity) >= severityRank(this.config.openMinSeverity);
      // Only a finding that could open an incident brings a resolved one back.
      if (inc === null && opens) {
        inc = pickRegression(map.values(), signatureOf(a), a.windowStart, this.config.regressionWindowMs);
        if (inc !== null) {
          this.apply(inc, 'regress', a.windowEnd, 'system', `came back: ${a.title}`);
          inc.regressions++;
          inc.lastActivityAt = a.windowEnd;
          reason = 'regressed';
          this.counters.regressed++;
        }
      }
      if (inc === null) {
        if (!opens) {
          this.counters.unlinked++;
          continue;
        }
        inc = new IncidentState(newId('inc'), tenant, a, a.windowStart);
        map.set(inc.id, inc);
        inc.addTimeline(a.windowEnd, 'opened', 'system', `opened by ${a.kind.replace('_', ' ')}: ${a.title}`, this.config.maxTimeline);
        reason = 'opened';
        this.counters.opened++;
      } else {
        this.counters.joined++;
      }
      const severityBefore = inc.severity;
      if (inc.absorb(a, this.config.maxAnomalies)) inc.addTimeline(a.windowEnd, 'anomaly', a.kind, a.title, this.config.maxTimeline, a.id);
      else inc.revision++;
      if (severityRank(inc.severity) > severityRank(severityBefore) && reason !== 'opened') {
        inc.addTimeline(a.windowEnd, 'severity', 'system', `severity ${severityBefore} → ${inc.severity}`, this.config.maxTimeline);
      }
      const prev = changed.get(inc);
      if (prev === undefined) changed.set(inc, { reason, anomalies: [a] });
      else {
        prev.anomalies.push(a);
        if (reason !== 'updated' && prev.reason === 'updated') prev.reason = reason;
      }
      let ids = links.get(inc.id);
      if (ids === undefined) links.set(inc.id, (ids = []));
      ids.push(a.id);
    }
    for (const [id, ids] of links) this.write(() => this.settings.anomalies.linkAnomalies(tenant, ids, id));
    for (const [inc, c] of changed) this.commit(inc, c.reason, c.anomalies);
    this.prune(tenant, map);
    await this.writes;
  }

  async windowClosed(tenant: string, window: ClosedWindow): Promise<void> {
    this.watermark.set(tenant, window.end);
    const map = this.tenants.get(tenant);
    if (map === undefined || map.size === 0) return;
    for (const inc of map.values()) {
      const back = this.watchedLines(inc, window);
      if (inc.status !== 'resolved') {
        if (back > 0) inc.lastActivityAt = Math.max(inc.lastActivityAt, window.end);
        else if (this.config.quietMs > 0 && window.end - inc.lastActivityAt >= this.config.quietMs) {
          this.apply(inc, 'auto_resolve', window.end, 'system', `no activity for ${Math.round(this.config.quietMs / 60_000)} min`);
          inc.resolvedAt = window.end;
          this.counters.autoResolved++;
          this.commit(inc, 'resolved', []);
        }
      } else if (back > 0 && inc.resolvedAt !== null && window.end - inc.resolvedAt <= this.config.regressionWindowMs) {
        // A template that was new when the incident opened logs problems again: it came back.
        this.apply(inc, 'regress', window.end, 'system', `its new pattern logged ${back} problem line${back === 1 ? '' : 's'} again`);
        inc.regressions++;
        inc.lastActivityAt = window.end;
        this.counters.regressed++;
        this.commit(inc, 'regressed', []);
      }
    }
    this.prune(tenant, map);
    await this.writes;
  }

  // --- user actions ---

  async get(tenant: string, id: string): Promise<Incident | null> {
    const inc = this.tenants.get(tenant)?.get(id);
    return inc !== undefined ? inc.toIncident() : this.settings.incidents.getIncident(tenant, id);
  }

  /** Sets the status as a user asks (PATCH); a repeated request is a no-op, a forbidden one a `conflict`. */
  async setStatus(tenant: string, id: string, status: IncidentStatus, actor: string, note?: string): Promise<Incident> {
    const inc = await this.load(tenant, id);
    const action = actionFor(status, inc.status);
    const now = this.clock();
    if (this.apply(inc, action, now, actor, note ?? '')) {
      if (action === 'reopen') inc.lastActivityAt = Math.max(inc.lastActivityAt, this.watermark.get(tenant) ?? now);
      this.commit(inc, action === 'acknowledge' ? 'acknowledged' : action === 'resolve' ? 'resolved' : 'reopened', []);
      await this.writes;
    }
    return inc.toIncident();
  }

  async setSeverity(tenant: string, id: string, severity: Severity, actor: string): Promise<Incident> {
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw new LogsiftError('bad_request', `unknown severity ${severity}`);
    const inc = await this.load(tenant, id);
    if (inc.severity !== severity) {
      inc.addTimeline(this.clock(), 'severity', actor, `severity ${inc.severity} → ${severity}`, this.config.maxTimeline);
      inc.severity = severity;
      this.commit(inc, 'severity', []);
      await this.writes;
    }
    return inc.toIncident();
  }

  async comment(tenant: string, id: string, actor: string, text: string): Promise<Incident> {
    const inc = await this.load(tenant, id);
    inc.addTimeline(this.clock(), 'comment', actor, text, this.config.maxTimeline);
    this.commit(inc, 'updated', [], false, false);
    await this.writes;
    return inc.toIncident();
  }

  /** A system note (notifications, feedback) in the timeline; unknown incidents are ignored. */
  async note(tenant: string, id: string, kind: TimelineKind, actor: string, text: string): Promise<void> {
    let inc: IncidentState;
    try {
      inc = await this.load(tenant, id);
    } catch {
      return;
    }
    inc.addTimeline(this.clock(), kind, actor, text, this.config.maxTimeline);
    this.commit(inc, 'updated', [], false, false);
    await this.writes;
  }

  /** Asks for a fresh explanation (the model's when configured); resolves with the updated incident. */
  async explain(tenant: string, id: string): Promise<Incident> {
    const inc = await this.load(tenant, id);
    const anomalies = await this.anomaliesOf(inc);
    const summary = await this.settings.explainer.explain(inc.toIncident(), anomalies, this.abort.signal);
    this.setSummary(inc, summary);
    await this.writes;
    return inc.toIncident();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.explainQueue.length = 0;
    if (this.explaining !== null) await this.explaining;
    await this.writes;
  }

  // --- internals ---

  /** Applies a lifecycle action with its timeline entry; false when it was a no-op. */
  private apply(inc: IncidentState, action: StatusAction, ts: number, actor: string, text: string): boolean {
    const t = transition(inc.status, action);
    if (t === null) return false;
    inc.status = t.to;
    if (t.to === 'acknowledged') inc.acknowledgedAt = ts;
    if (t.to === 'resolved') inc.resolvedAt = ts;
    if (t.to === 'open') {
      inc.resolvedAt = null;
      if (action !== 'unacknowledge') inc.acknowledgedAt = null;
    }
    inc.addTimeline(ts, t.timeline, actor, text === '' ? t.timeline.replace('_', ' ') : text, this.config.maxTimeline);
    return true;
  }

  /** Problem lines, in this window, of the incident's watched templates in its services. */
  private watchedLines(inc: IncidentState, window: ClosedWindow): number {
    if (inc.watched.size === 0) return 0;
    let n = 0;
    for (const service of inc.services) {
      const sw = window.services.get(service);
      if (sw === undefined) continue;
      for (const t of inc.watched) n += sw.templates.get(t)?.problems ?? 0;
    }
    return n;
  }

  /**
   * Refreshes the built-in summary, saves, tells listeners, and queues a model explanation when
   * configured. Comments and notes (`tell` false) are saved without telling listeners: a
   * notification about a notification would go round in circles.
   */
  private commit(inc: IncidentState, reason: IncidentChangeReason, anomalies: readonly Anomaly[], resummarise = true, tell = true): void {
    if (resummarise) inc.summary = this.mergeSummary(inc);
    const snapshot = inc.toIncident();
    this.write(() => this.settings.incidents.saveIncident(snapshot));
    if (!tell) return;
    for (const l of this.listeners) {
      try {
        l({ tenant: inc.tenant, incident: snapshot, reason, anomalies });
      } catch (err) {
        this.warn(`incident listener failed: ${(err as Error).message}`);
      }
    }
    if (this.settings.explainer.enhanced && (reason === 'opened' || reason === 'regressed' || anomalies.length > 0)) this.queueExplanation(inc);
  }

  /** The built-in summary, unless a model's summary is already there (it is kept until the next model run). */
  private mergeSummary(inc: IncidentState) {
    const builtin = this.settings.explainer.builtin(inc.toIncident(), inc.kept);
    return inc.summary?.source === 'llm' ? inc.summary : builtin;
  }

  private queueExplanation(inc: IncidentState): void {
    const key = `${inc.tenant}\u0000${inc.id}`;
    const last = this.lastExplained.get(key) ?? Number.NEGATIVE_INFINITY;
    if (this.clock() - last < EXPLAIN_INTERVAL_MS || this.explainQueue.some((q) => q.id === inc.id && q.tenant === inc.tenant)) return;
    if (this.explainQueue.length >= MAX_PENDING_EXPLANATIONS) {
      this.explainQueue.shift();
      this.counters.explanationsDropped++;
    }
    this.explainQueue.push({ tenant: inc.tenant, id: inc.id });
    this.explaining ??= this.drainExplanations().finally(() => {
      this.explaining = null;
    });
  }

  private async drainExplanations(): Promise<void> {
    for (let next = this.explainQueue.shift(); next !== undefined; next = this.explainQueue.shift()) {
      const inc = this.tenants.get(next.tenant)?.get(next.id);
      if (inc === undefined) continue;
      this.lastExplained.set(`${next.tenant}\u0000${next.id}`, this.clock());
      if (this.lastExplained.size > 10_000) this.lastExplained.clear();
      const summary = await this.settings.explainer.explain(inc.toIncident(), inc.kept, this.abort.signal);
      if (this.abort.signal.aborted) return;
      this.setSummary(inc, summary);
    }
  }

  private setSummary(inc: IncidentState, summary: Incident['summary']): void {
    if (summary === null) return;
    inc.summary = summary;
    if (summary.source === 'llm') inc.addTimeline(this.clock(), 'summary', summary.model ?? 'llm', summary.summary.slice(0, 500), this.config.maxTimeline);
    this.commit(inc, 'summary', [], false);
  }

  private async anomaliesOf(inc: IncidentState): Promise<readonly Anomaly[]> {
    return inc.kept.length > 0 ? inc.kept : this.settings.anomalies.getAnomalies(inc.tenant, inc.anomalyIds.slice(0, 50));
  }

  /** The incident, from memory or (older resolved ones) the store; `not_found` otherwise. */
  private async load(tenant: string, id: string): Promise<IncidentState> {
    const map = this.tenantMap(tenant);
    const inc = map.get(id);
    if (inc !== undefined) return inc;
    const stored = await this.settings.incidents.getIncident(tenant, id);
    if (stored === null) throw new LogsiftError('not_found', `no incident ${id}`);
    const state = IncidentState.fromIncident(stored, await this.settings.anomalies.getAnomalies(tenant, stored.anomalyIds.slice(0, 200)));
    map.set(id, state);
    return state;
  }

  /** Forgets resolved incidents past the regression window, then the oldest resolved beyond the limit. */
  private prune(tenant: string, map: Map<string, IncidentState>): void {
    const now = this.watermark.get(tenant) ?? this.clock();
    for (const [id, inc] of map) {
      if (inc.status === 'resolved' && inc.resolvedAt !== null && now - inc.resolvedAt > this.config.regressionWindowMs) map.delete(id);
    }
    if (map.size <= this.config.maxActivePerTenant) return;
    const resolved = [...map.values()].filter((i) => i.status === 'resolved').sort((a, b) => (a.resolvedAt ?? 0) - (b.resolvedAt ?? 0));
    for (const inc of resolved) {
      if (map.size <= this.config.maxActivePerTenant) break;
      map.delete(inc.id);
    }
  }

  private tenantMap(tenant: string): Map<string, IncidentState> {
    let m = this.tenants.get(tenant);
    if (m === undefined) this.tenants.set(tenant, (m = new Map()));
    return m;
  }

  /** Serialises store writes; a failed write is reported, never thrown at the caller. */
  private write(task: () => Promise<void>): void {
    this.writes = this.writes.then(task).catch((err: unknown) => {
      this.counters.writeErrors++;
      this.warn(`saving incident state failed: ${(err as Error).message}`);
    });
  }
}
