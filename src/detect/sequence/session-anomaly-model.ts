import { BOUNDARY_ID, UNKNOWN_ID } from './event-vocabulary.js';
import type { EventKey } from './event-vocabulary.js';
import type { Finding, SessionScore } from './finding.js';
import { resolveSequenceOptions } from './options.js';
import type { ResolvedSequenceOptions, SequenceModelOptions } from './options.js';
import { decades, shareOf } from './support.js';
import { RELATION_EQUAL } from './internal/count-invariants.js';
import { FAMILY_COUNT, FAMILY_EVENT, FAMILY_INVARIANT, FAMILY_NAMES, FAMILY_ORDER_BASE, FAMILY_TOTAL } from './internal/families.js';
import type { FamilyName, FeatureSink } from './internal/families.js';
import { ALARM_FIELDS, AlarmCollector, SurprisalMaxima } from './internal/feature-sinks.js';
import { ModelState } from './internal/model-state.js';
import { decodeModel, encodeModel } from './internal/model-snapshot.js';
import { ID_RADIX, SessionProfile, unpackHistory } from './internal/session-profile.js';

/** A family's current alarm level. */
export interface FamilyThreshold {
  readonly family: FamilyName;
  /** Decades a check of this family must exceed to alarm. */
  readonly threshold: number;
  /** The same as a share of normal sessions: 10^−threshold. */
  readonly probability: number;
}

/** Size and bound counters; every bound that drops something says so here. */
export interface SequenceModelStats {
  /** Normal sessions learned. */
  readonly sessions: number;
  /** Sessions scored before being learned, to calibrate the thresholds. */
  readonly calibrationSessions: number;
  readonly events: number;
  /** Sessions with keys the full vocabulary could not hold (`maxEvents`). */
  readonly eventOverflowSessions: number;
  /** Histories held per history length (index 0 = transitions). */
  readonly histories: readonly number[];
  /** History or continuation occurrences not learned because `maxContexts` or `maxTransitions` was reached. */
  readonly historiesDropped: number;
  readonly invariants: number;
  readonly invariantsRetired: number;
  readonly invariantProposalsDropped: number;
}

/**
 * The session (sequence) anomaly model, made by `createSessionModel` or `restoreSessionModel`:
 * pure computation, no I/O, no clock, no randomness.
 *
 * `observe` learns one normal session; `score` judges one session against everything learned
 * so far. A session is a list of event keys in log order (for example the template ids of
 * every line that names one block id). Checks, each an estimate of how many normal sessions
 * show what this session shows (see README.md): events never or rarely seen, per-session event
 * counts, count invariants mined online, and next-event statistics for histories of 1 to
 * `orderHistory` events, including how sessions start and end. Thresholds are calibrated per
 * check family on the training sessions themselves.
 *
 * Memory is bounded by the options (`maxEvents`, `maxContexts`, `maxTransitions`,
 * `maxCountValues`, `maxInvariants`), not by the number of sessions. One instance is not safe for concurrent
 * use from several threads (it reuses scratch buffers); it is fine to interleave `observe`
 * and `score` calls.
 */
export class SessionAnomalyModel {
  readonly options: ResolvedSequenceOptions;
  private readonly state: ModelState;
  private readonly profile: SessionProfile;
  private readonly alarms = new AlarmCollector();
  private readonly maxima = new SurprisalMaxima();
  /** The alarm level in decades: −log10(alarmProbability). */
  private readonly floor: number;
  /** Sessions learned before calibration starts: below it nothing can reach the alarm level. */
  private readonly warmup: number;
  private readonly unknownKeys = new Set<EventKey>();
  private readonly shownSubjects = new Set<string>();
  private keys: readonly EventKey[] = [];

  /** Internal: use `createSessionModel` or `restoreSessionModel`. */
  constructor(state: ModelState) {
    this.options = state.options;
    this.state = state;
    this.profile = new SessionProfile(this.options.orderHistory);
    this.floor = decades(this.options.alarmProbability);
    this.warmup = Math.ceil(0.5 / this.options.alarmProbability);
  }

  /** Versioned binary snapshot of everything learned; see `model-snapshot.ts` for the layout. */
  snapshot(): Uint8Array {
    return encodeModel(this.state);
  }

  /** Normal sessions learned. */
  get sessions(): number {
    return this.state.sessions;
  }

  /**
   * Learns one normal session. It is first scored against the model so far (once the model can
   * alarm at all) to calibrate the thresholds, then counted. Sessions the caller believes
   * anomalous must not be passed here.
   */
  observe(keys: readonly EventKey[]): void {
    const s = this.state;
    const p = this.profile;
    p.reset();
    for (let i = 0; i < keys.length; i++) p.push(s.vocabulary.intern(keys[i]));
    p.build(true);
    if (s.sessions >= this.warmup) {
      this.maxima.reset();
      this.keys = keys;
      this.scan(this.maxima, true);
      this.keys = [];
      s.calibration.record(this.maxima.max);
    }
    s.sessions++;
    s.events.learn(p);
    for (let h = 0; h < s.orders.length; h++) s.orders[h].learn(p);
    if (this.options.maxInvariants > 0) {
      s.invariants.test(p);
      s.invariants.propose(p);
    }
  }

  /** Scores one complete session; see `SessionScore`. Does not learn it. */
  score(keys: readonly EventKey[]): SessionScore {
    return this.judge(keys, true);
  }

  /**
   * Scores a session that is still open, with only the checks its later events cannot undo:
   * unknown or rare events and the transitions so far. Per-session counts, count invariants and
   * the way the session ends are left to `score` once the session is closed. Lets a streaming
   * detector raise "E7 never seen" or "E11 after E5 never seen" without waiting for the end.
   */
  scorePartial(keys: readonly EventKey[]): SessionScore {
    return this.judge(keys, false);
  }

  private judge(keys: readonly EventKey[], ended: boolean): SessionScore {
    const s = this.state;
    const p = this.profile;
    p.reset();
    for (let i = 0; i < keys.length; i++) p.push(s.vocabulary.lookup(keys[i]));
    p.build(ended);
    const a = this.alarms;
    for (let f = 0; f < FAMILY_TOTAL; f++) a.thresholds[f] = this.thresholdOf(f);
    a.reset();
    this.keys = keys;
    this.scan(a, ended);
    const best = a.best[5];
    const anomalous = best > 0;
    const findings: Finding[] = [];
    if (anomalous) {
      // One finding per family and subject event, so the few shown are different evidence
      // (ten variants of one broken invariant would say the same thing).
      const shown = this.shownSubjects;
      shown.clear();
      for (const i of sortAlarms(a.alarms)) {
        const at = i * ALARM_FIELDS;
        const subject = `${a.alarms[at]}:${this.subjectOf(a.alarms[at], a.alarms[at + 3], a.alarms[at + 4])}`;
        if (shown.has(subject)) continue;
        shown.add(subject);
        findings.push(this.finding(a.alarms, at));
        if (findings.length >= this.options.maxFindings) break;
      }
    } else if (best > Number.NEGATIVE_INFINITY) {
      findings.push(this.finding(a.best, 0));
    }
    this.keys = [];
    return { score: best > Number.NEGATIVE_INFINITY ? best : 0, anomalous, findings };
  }

  /** The current threshold of every active family. */
  thresholds(): readonly FamilyThreshold[] {
    const out: FamilyThreshold[] = [];
    for (let f = 0; f < FAMILY_ORDER_BASE + 1 + this.options.orderHistory; f++) {
      if (f === FAMILY_INVARIANT && this.options.maxInvariants === 0) continue;
      const t = this.thresholdOf(f);
      out.push({ family: FAMILY_NAMES[f], threshold: t, probability: 10 ** -t });
    }
    return out;
  }

  stats(): SequenceModelStats {
    const s = this.state;
    return {
      sessions: s.sessions,
      calibrationSessions: s.calibration.total,
      events: s.vocabulary.size,
      eventOverflowSessions: s.events.sessions[UNKNOWN_ID],
      histories: s.orders.map((t) => t.contexts.size),
      historiesDropped: s.orders.reduce((n, t) => n + t.dropped, 0),
      invariants: s.invariants.size,
      invariantsRetired: s.invariants.retiredTotal,
      invariantProposalsDropped: s.invariants.proposalsDropped,
    };
  }

  private thresholdOf(family: number): number {
    return this.state.calibration.threshold(family, this.floor, this.options.familyFalseAlarmRate);
  }

  /** Offers every check of the profiled session to `sink`; `ended` false skips the whole-session checks. */
  private scan(sink: FeatureSink, ended: boolean): void {
    const s = this.state;
    const p = this.profile;
    const n = s.sessions;
    const events = s.events;
    for (let i = 0; i < p.distinct.length; i++) {
      const id = p.distinct[i];
      if (id === UNKNOWN_ID) {
        this.scanUnknown(sink);
        continue;
      }
      const d = events.sessions[id];
      sink.offer(FAMILY_EVENT, d, n, id, 0);
      if (ended && d > 0) sink.offer(FAMILY_COUNT, events.countSupport(id, p.counts[id]), d, id, p.counts[id]);
    }
    if (ended && this.options.maxInvariants > 0) s.invariants.scan(p, sink);
    for (let h = 1; h <= s.orders.length; h++) {
      const contexts = s.orders[h - 1].contexts;
      const family = FAMILY_ORDER_BASE + h;
      for (const step of p.steps[h - 1]) {
        const next = step % ID_RADIX;
        const history = (step - next) / ID_RADIX;
        const stats = contexts.get(history);
        if (stats === undefined || stats.sessions === 0) continue;
        sink.offer(family, stats.next.get(next) ?? stats.overflow, stats.sessions, history, next);
      }
    }
  }

  /** Keys the vocabulary does not know: one event check per distinct key (ref = −(position + 1)). */
  private scanUnknown(sink: FeatureSink): void {
    const s = this.state;
    const seen = this.unknownKeys;
    seen.clear();
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i];
      if (s.vocabulary.lookup(key) !== UNKNOWN_ID || seen.has(key)) continue;
      seen.add(key);
      sink.offer(FAMILY_EVENT, s.events.sessions[UNKNOWN_ID], s.sessions, -(i + 1), 0);
    }
  }

  /** The event a finding is about: the event (an unknown key's position), the invariant's left side, or the next event. */
  private subjectOf(family: number, ref1: number, ref2: number): number {
    if (family === FAMILY_EVENT || family === FAMILY_COUNT) return ref1;
    if (family === FAMILY_INVARIANT) return this.state.invariants.a[ref1];
    return ref2;
  }

  /** Turns one flat alarm record (family, k, d, ref1, ref2, margin) into a `Finding`. */
  private finding(rec: readonly number[], at: number): Finding {
    const family = rec[at];
    const support = rec[at + 1];
    const sessions = rec[at + 2];
    const ref1 = rec[at + 3];
    const ref2 = rec[at + 4];
    const margin = rec[at + 5];
    const probability = shareOf(support, sessions);
    const surprisal = decades(probability);
    const evidence = { family: FAMILY_NAMES[family], support, sessions, probability, surprisal, threshold: surprisal - margin, margin };
    const s = this.state;
    const key = (id: number): EventKey => s.vocabulary.keyOf(id);
    if (family === FAMILY_EVENT) {
      return { kind: 'event', ...evidence, event: ref1 < 0 ? this.keys[-ref1 - 1] : key(ref1) };
    }
    if (family === FAMILY_COUNT) {
      const values = [...(s.events.countValues[ref1] ?? new Map<number, number>())];
      values.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      const usual = values.slice(0, 3).map(([count, n]) => ({ count, sessions: n }));
      return { kind: 'count', ...evidence, event: key(ref1), count: ref2, usual };
    }
    if (family === FAMILY_INVARIANT) {
      const inv = s.invariants;
      const counts = this.profile.counts;
      const right = inv.relation[ref1] === RELATION_EQUAL ? [inv.b[ref1]] : [inv.b[ref1], inv.c[ref1]];
      return {
        kind: 'invariant',
        ...evidence,
        left: key(inv.a[ref1]),
        right: right.map(key),
        leftCount: counts[inv.a[ref1]],
        rightCounts: right.map((id) => counts[id]),
      };
    }
    const h = family - FAMILY_ORDER_BASE;
    const ids = unpackHistory(ref1, h);
    const stats = s.orders[h - 1].contexts.get(ref1);
    const nexts = [...(stats?.next ?? new Map<number, number>())];
    nexts.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const total = stats?.sessions ?? 1;
    const name = (id: number): EventKey | null => (id === BOUNDARY_ID ? null : key(id));
    // A history of h >= 2 drops its leading boundary padding except one (the session start).
    let first = 0;
    while (first < ids.length - 1 && ids[first] === BOUNDARY_ID && ids[first + 1] === BOUNDARY_ID) first++;
    return {
      kind: 'order',
      ...evidence,
      history: ids.slice(first).map(name),
      next: ref2 === BOUNDARY_ID ? null : ref2 === UNKNOWN_ID ? this.unknownAfter(ref1, h) : key(ref2),
      usual: nexts.slice(0, 3).map(([id, n]) => ({ next: name(id), share: n / total })),
    };
  }

  /** The first unknown key of the session that follows `history` (for an order finding). */
  private unknownAfter(history: number, h: number): EventKey {
    const p = this.profile;
    for (let i = 0; i < p.length; i++) {
      if (p.ids[i] !== UNKNOWN_ID) continue;
      let v = 0;
      for (let j = i - h; j < i; j++) v = v * ID_RADIX + (j < 0 ? BOUNDARY_ID : p.ids[j]);
      if (v === history) return this.keys[i];
    }
    return '<unknown>';
  }
}

/** A new, empty model; throws `invalid_config` for bad options. */
export function createSessionModel(options: SequenceModelOptions = {}): SessionAnomalyModel {
  return new SessionAnomalyModel(new ModelState(resolveSequenceOptions(options)));
}

/**
 * Rebuilds a model from `snapshot()` bytes, with the options it was saved with (they decide
 * the shape of what was learned). Throws `invalid_config` for corrupt or unknown-version bytes.
 */
export function restoreSessionModel(bytes: Uint8Array): SessionAnomalyModel {
  return new SessionAnomalyModel(decodeModel(bytes));
}

/** Alarm indices, strongest first; ties broken by family and refs so the order is deterministic. */
function sortAlarms(alarms: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i * ALARM_FIELDS < alarms.length; i++) order.push(i);
  order.sort((x, y) => {
    const a = x * ALARM_FIELDS;
    const b = y * ALARM_FIELDS;
    return alarms[b + 5] - alarms[a + 5] || alarms[a] - alarms[b] || alarms[a + 3] - alarms[b + 3] || alarms[a + 4] - alarms[b + 4];
  });
  return order;
}
