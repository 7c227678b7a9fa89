import { formatTemplateId, LogsiftError } from '../model/index.js';
import type { MinedEvent } from '../model/index.js';
import type { ClosedWindow } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, fmt, shortText } from './internal/evidence.js';
import { SessionTable } from './internal/session-table.js';
import type { Session } from './internal/session-table.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { decadesOf, poissonAtLeast } from './internal/tail-probability.js';
import { blamedEvent, describeShort, eventsOf, signature } from './internal/finding-text.js';
import { createSessionModel, describeFinding, restoreSessionModel } from './sequence/index.js';
import type { EventKey, Finding, SessionAnomalyModel } from './sequence/index.js';

/** Lines that share a UUID (a request, task or job id) belong to one unit of work. */
export const UUID_SESSION_PATTERN = '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b';

export interface SequenceConfig {
  /** Group lines into sessions by their trace id. Default true. */
  readonly useTraceIds: boolean;
  /** Parameter names (slot names or attribute keys) whose values also key sessions, e.g. `request_id`, `task_id`. Default none. */
  readonly sessionParams: readonly string[];
  /**
   * Regular expressions over the message whose matches key sessions (the first capture group if
   * there is one), e.g. `blk_-?\d+` for HDFS block ids. At most 4 keys per line. Default: UUIDs
   * (request, task and job ids usually are), `UUID_SESSION_PATTERN`; setting the list replaces it.
   */
  readonly sessionPatterns: readonly string[];
  /** A session closes after this much event time without a line, ms. Default 30 s. */
  readonly idleMs: number;
  /** Lines kept per session; later ones are counted, not kept. Default 512. */
  readonly maxSessionEvents: number;
  /** Open sessions per tenant; the least recently active is dropped beyond it (and counted). Default 50,000. */
  readonly maxOpenSessions: number;
  /** Sessions learned without judging before the model scores anything… Default 1,000. */
  readonly warmupSessions: number;
  /** …and event time, ms, from the first closed session (rare normal session shapes need time to show up). Default 30 min. */
  readonly warmupMs: number;
  /**
   * Sessions the model found normal are learned this long after they closed, unless the
   * detector raised an anomaly within that time of their close (so missed anomalies do not
   * become normal), ms. Default 10 min.
   */
  readonly trainDelayMs: number;
  /** Closed sessions waiting to be learned; the oldest are dropped beyond it (and counted). Default 20,000. */
  readonly maxPendingTrain: number;
  /** Sessions with the same finding a window needs before it is raised. Default 3. */
  readonly minSessions: number;
  /**
   * How improbable that many flagged sessions must be, in decades, against the model's own
   * false-alarm level (closed sessions × 2 × alarmProbability). Default 6.
   */
  readonly alarmDecades: number;
  /** The model's alarm level: a share of normal sessions (see src/detect/sequence/README.md). Default 0.001. */
  readonly alarmProbability: number;
}

const DEFAULTS: SequenceConfig = Object.freeze({
  useTraceIds: true,
  sessionParams: Object.freeze([]) as readonly string[],
  sessionPatterns: Object.freeze([UUID_SESSION_PATTERN]) as readonly string[],
  idleMs: 30_000,
  maxSessionEvents: 512,
  maxOpenSessions: 50_000,
  warmupSessions: 1000,
  warmupMs: 30 * 60_000,
  trainDelayMs: 10 * 60_000,
  maxPendingTrain: 20_000,
  minSessions: 3,
  alarmDecades: 6,
  alarmProbability: 0.001,
});

const RULES: ConfigRules<SequenceConfig> = {
  useTraceIds: { type: 'bool' },
  sessionParams: { type: 'strings', maxItems: 32 },
  sessionPatterns: { type: 'strings', maxItems: 8 },
  idleMs: { type: 'int', min: 1, max: 86_400_000 },
  maxSessionEvents: { type: 'int', min: 2, max: 100_000 },
  maxOpenSessions: { type: 'int', min: 1, max: 10_000_000 },
  warmupSessions: { type: 'int', min: 0, max: 1e9 },
  warmupMs: { type: 'int', min: 0, max: 30 * 86_400_000 },
  trainDelayMs: { type: 'int', min: 0, max: 86_400_000 },
  maxPendingTrain: { type: 'int', min: 1, max: 10_000_000 },
  minSessions: { type: 'int', min: 1, max: 1e9 },
  alarmDecades: { type: 'number', min: 1, max: 100 },
  alarmProbability: { type: 'number', min: 1e-9, max: 0.5 },
};

/** Consecutive windows whose flagged sessions add up. */
const EVIDENCE_WINDOWS = 3;
const MAGIC = 'LSSQ';
const VERSION = 1;

interface Flagged {
  readonly session: Session;
  readonly finding: Finding;
  readonly score: number;
}

/**
 * Sequence anomalies: lines grouped into sessions by trace id (and optionally by named
 * parameters or message patterns, such as HDFS block ids); a closed session is judged by the
 * session model of src/detect/sequence (unseen events and transitions, per-session counts, count
 * invariants, how sessions end). The model trains online: during warm-up on every session, then
 * on sessions it found normal once they have aged `trainDelayMs` without an anomaly nearby.
 * A window is raised when more sessions share one finding than the model's false-alarm level
 * explains.
 */
class SequenceDetector implements Detector {
  readonly type = 'sequence';
  private model: SessionAnomalyModel;
  private readonly table: SessionTable;
  private readonly pending: { closedAt: number; keys: EventKey[] }[] = [];
  private flaggedThisWindow: Flagged[] = [];
  private closedThisWindow = 0;
  /** Sessions closed this window per service they touched. */
  private readonly closedByService = new Map<string, number>();
  /** Per service, the learned share of its closed sessions that the model flags. */
  private readonly flagShare = new BoundedMap<string, number>(1000);
  /** Memory of that share: about an hour of windows. */
  private readonly shareAlpha: number;
  /** Per service, flagged sessions and expected false alarms of its last consecutive windows. */
  private readonly recent = new BoundedMap<string, { k: number[]; lambda: number[]; lastWindow: number }>(1000);
  private lastAnomalyAt = Number.NEGATIVE_INFINITY;
  /** Event time the first session closed (warm-up start), or NaN. */
  private firstClosedAt = Number.NaN;
  private readonly counters = { sessionsClosed: 0, sessionsFlagged: 0, trainDropped: 0, trainDiscarded: 0, learned: 0, raised: 0 };

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: SequenceConfig,
  ) {
    this.model = createSessionModel({ alarmProbability: config.alarmProbability });
    this.table = new SessionTable(config, settings.templates);
    this.shareAlpha = 1 - Math.pow(2, -settings.windowMs / 3_600_000);
  }

  start(): void {
    // Pure computation: nothing to start.
  }

  observe(event: MinedEvent, id: string): void {
    this.table.add(event, id);
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    this.flaggedThisWindow = [];
    this.closedThisWindow = 0;
    this.closedByService.clear();
    for (const s of this.table.closeIdle(window.end - this.config.idleMs)) this.judge(s, window.end);
    this.raise(window, out);
    this.train(window.end);
  }

  private judge(s: Session, closedAt: number): void {
    this.counters.sessionsClosed++;
    this.closedThisWindow++;
    for (const service of new Set(s.services)) this.closedByService.set(service, (this.closedByService.get(service) ?? 0) + 1);
    const keys: EventKey[] = s.events;
    if (Number.isNaN(this.firstClosedAt)) this.firstClosedAt = closedAt;
    if (this.model.sessions < this.config.warmupSessions || closedAt < this.firstClosedAt + this.config.warmupMs) {
      this.model.observe(keys);
      this.counters.learned++;
      return;
    }
    const r = this.model.score(keys);
    if (r.anomalous && r.findings.length > 0) {
      this.counters.sessionsFlagged++;
      this.flaggedThisWindow.push({ session: s, finding: r.findings[0], score: r.score });
      return;
    }
    this.queueTraining(closedAt, keys);
  }

  /**
   * Sessions wait `trainDelayMs` before they are learned. Flagged sessions whose finding was not
   * raised (too few to be an incident) wait too: they are the rare normal shapes the model has
   * yet to learn; never learning them would flag them forever.
   */
  private queueTraining(closedAt: number, keys: readonly EventKey[]): void {
    if (this.pending.length >= this.config.maxPendingTrain) {
      this.pending.shift();
      this.counters.trainDropped++;
    }
    this.pending.push({ closedAt, keys: [...keys] });
  }

  /**
   * Groups this window's flagged sessions by the service their finding blames (the service of a
   * missing event, else of the unexpected one) and raises a group when it holds more sessions than
   * that service's usual share of flagged sessions explains (learned per service, never below
   * 2 × alarmProbability), counting the last few consecutive windows together. Groups not
   * raised go to training: they are rare normal shapes.
   */
  private raise(window: ClosedWindow, out: AnomalyDraft[]): void {
    const groups = new Map<string, Flagged[]>();
    for (const f of this.flaggedThisWindow) {
      const service = this.blamedService(f);
      let g = groups.get(service);
      if (g === undefined) groups.set(service, (g = []));
      g.push(f);
    }
    for (const [service, closed] of this.closedByService) {
      const group = groups.get(service) ?? [];
      const floor = 2 * this.config.alarmProbability;
      const share = this.flagShare.get(service) ?? floor;
      const lambda = closed * Math.max(2 * share, floor);
      // Evidence adds up over a few consecutive windows, so a service with few sessions a minute
      // (a quiet night) is judged within minutes too.
      let recent = this.recent.get(service);
      if (recent === undefined || recent.lastWindow !== window.index - 1) recent = { k: [], lambda: [], lastWindow: window.index };
      recent.k.push(group.length);
      recent.lambda.push(lambda);
      recent.lastWindow = window.index;
      if (recent.k.length > EVIDENCE_WINDOWS) {
        recent.k.shift();
        recent.lambda.shift();
      }
      this.recent.set(service, recent);
      const k = recent.k.reduce((a, b) => a + b, 0);
      const p = poissonAtLeast(k, recent.lambda.reduce((a, b) => a + b, 0));
      if (group.length > 0 && k >= this.config.minSessions && decadesOf(p) >= this.config.alarmDecades) {
        out.push(this.draft(window, service, group, closed, lambda, decadesOf(p)));
        this.counters.raised++;
        this.lastAnomalyAt = window.end;
        continue;
      }
      for (const f of group) this.queueTraining(window.end, f.session.events);
      if (closed >= 10) this.flagShare.set(service, share + Math.max(this.shareAlpha, 1 / closed) * (group.length / closed - share));
    }
  }

  /** The service a finding blames: where the missing event (or, for other findings, the unexpected one) is logged. */
  private blamedService(f: Flagged): string {
    const blamed = blamedEvent(f.finding);
    const known = typeof blamed === 'number' ? this.table.serviceOf.peek(blamed) : undefined;
    return known ?? f.session.services[f.session.services.length - 1] ?? 'unknown';
  }

  /** Learns the sessions that aged `trainDelayMs` without an anomaly within that distance of their close. */
  private train(now: number): void {
    const delay = this.config.trainDelayMs;
    while (this.pending.length > 0 && this.pending[0].closedAt + delay <= now) {
      const p = this.pending.shift() as { closedAt: number; keys: EventKey[] };
      if (Math.abs(p.closedAt - this.lastAnomalyAt) <= delay) {
        this.counters.trainDiscarded++;
        continue;
      }
      this.model.observe(p.keys);
      this.counters.learned++;
    }
  }

  private draft(window: ClosedWindow, service: string, group: readonly Flagged[], closed: number, expected: number, decades: number): AnomalyDraft {
    // The most common finding of the group speaks for it.
    const bySignature = new Map<string, Flagged[]>();
    for (const f of group) {
      const sig = signature(f.finding);
      let list = bySignature.get(sig);
      if (list === undefined) bySignature.set(sig, (list = []));
      list.push(f);
    }
    const ranked = [...bySignature.values()].sort((a, b) => b.length - a.length);
    const top = ranked[0];
    const f = top[0].finding;
    const blamed = blamedEvent(f);
    const text = (id: EventKey | null): string => {
      if (id === null) return '<end>';
      const t = typeof id === 'number' ? this.settings.templates.get(id) : undefined;
      return t === undefined ? String(id) : `"${shortText(t.text, 50)}"`;
    };
    const what = describeShort(f, text);
    const involved = eventsOf(f).filter((e): e is number => typeof e === 'number');
    const keyKind = top[0].session.key.startsWith('t:') ? 'trace' : top[0].session.key.startsWith('p:') ? 'parameter' : 'id';
    const samples = top.slice(0, 5).map((g) => g.session.last);
    const others = group.length - top.length;
    return {
      kind: 'sequence',
      service,
      templateId: typeof blamed === 'number' ? blamed : null,
      windowStart: window.start,
      windowEnd: window.end,
      score: decades,
      severity: group.length >= 20 ? 'high' : 'medium',
      title: `${service}: ${fmt(top.length)} session${top.length === 1 ? '' : 's'} (by ${keyKind}) ${what}${others > 0 ? ` (+${others} with other findings)` : ''}`,
      evidence: buildEvidence({
        observed: group.length,
        expected,
        unit: 'sessions/window',
        series: [{ ts: window.start, observed: group.length, expected: Math.round(expected * 1000) / 1000 }],
        samples,
        details: {
          finding: describeFinding(f).replace(/\b\d{6,}\b/g, (d) => formatTemplateId(Number(d))),
          family: f.family,
          sessionsFlagged: group.length,
          sameFinding: top.length,
          findings: ranked.length,
          sessionsClosed: closed,
          sessionKey: top[0].session.key.slice(2),
          keyKind,
          modelSessions: this.model.sessions,
          decades: Math.round(decades * 100) / 100,
        },
        templates: involved,
      }),
    };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    w.bytes(this.model.snapshot());
    w.u32(this.table.serviceOf.size);
    for (const [t, s] of this.table.serviceOf.entries()) w.f64(t).str(s);
    w.f64(this.lastAnomalyAt === Number.NEGATIVE_INFINITY ? -1 : this.lastAnomalyAt);
    w.f64(Number.isNaN(this.firstClosedAt) ? -1 : this.firstClosedAt);
    w.u32(this.flagShare.size);
    for (const [service, share] of this.flagShare.entries()) w.str(service).f64(share);
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'sequence detector');
    r.header(MAGIC, [VERSION]);
    const model = r.bytes();
    this.table.serviceOf.clear();
    for (let m = r.u32(); m > 0; m--) this.table.serviceOf.set(r.f64(), r.str());
    const last = r.f64();
    const first = r.f64();
    this.flagShare.clear();
    for (let m = r.u32(); m > 0; m--) this.flagShare.set(r.str(), r.f64());
    r.end();
    this.firstClosedAt = first < 0 ? Number.NaN : first;
    this.model = restoreSessionModel(model);
    this.lastAnomalyAt = last < 0 ? Number.NEGATIVE_INFINITY : last;
    this.table.clear();
    this.pending.length = 0;
  }

  stats(): Readonly<Record<string, number>> {
    return { ...this.counters, ...this.table.counters, openSessions: this.table.size, pendingTrain: this.pending.length, modelSessions: this.model.sessions };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the model (open sessions are not kept).
  }
}

export const sequenceDetectorFactory: DetectorFactory<SequenceConfig> = {
  type: 'sequence',
  defaultConfig: DEFAULTS,
  configure: (raw) => {
    const c = parseConfig('sequence detector', DEFAULTS, RULES, raw);
    for (const p of c.sessionPatterns) {
      try {
        new RegExp(p);
      } catch (err) {
        throw new LogsiftError('invalid_config', `sequence detector: sessionPatterns entry ${JSON.stringify(p)} is not a regular expression: ${(err as Error).message}`);
      }
    }
    return c;
  },
  create: (settings, config) => new SequenceDetector(settings, config),
};
