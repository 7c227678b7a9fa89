import { formatTemplateId } from '../model/index.js';
import { currentTemplate } from '../mine/index.js';
import type { TemplateId } from '../model/index.js';
import type { ClosedWindow, SampleLine, ServiceWindow } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, fmt, ratio, severityFor, shortText } from './internal/evidence.js';
import { alphaForHalfLife, RateBaseline } from './internal/rate-baseline.js';
import { RecentSeries } from './internal/recent-series.js';
import { SeasonalProfile } from './internal/seasonal-profile.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { decadesOf } from './internal/tail-probability.js';

export interface RateConfig {
  /** Half-life of the learned level, in windows (60 at 1-minute windows = 1 hour). Default 30. */
  readonly halfLifeWindows: number;
  /** Windows a series must have learned before it is judged. Default 30. */
  readonly minHistoryWindows: number;
  /**
   * How improbable a count must be, in decades, under the conservative end of the learned band
   * (expected × e^(±bandWidth·τ), Poisson): 7 = below 1e-7. Default 7.
   */
  readonly alarmDecades: number;
  /** Width of the learned noise band, in τ (the log-rate wobble). Default 3. */
  readonly bandWidth: number;
  /** A spike is at least this many times the expected count. Default 3. */
  readonly spikeRatio: number;
  /** …and at least this many lines above it, per window. Default 20. */
  readonly minSpikeExcess: number;
  /** A drop is at most this share of the expected count (a service at zero is the silence detector's). Default 0.3. */
  readonly dropRatio: number;
  /** …and at least this many lines below it, per window. Default 30. */
  readonly minDropDeficit: number;
  /** Template series tracked per tenant; least recently active evicted beyond it (and counted). Default 10,000. */
  readonly maxSeries: number;
  /** Services tracked per tenant. Default 2,000. */
  readonly maxServices: number;
  /** Windows an hour-of-day (or hour-of-week) bucket needs before the seasonal profile uses it. Default 30. */
  readonly seasonalMinSamples: number;
  /**
   * A change that lasts this many windows in a row is the new normal (a deploy removed a line, an
   * error template went quiet after its incident): the series forgets its level and relearns. Default 60.
   */
  readonly shiftAfterWindows: number;
}

const DEFAULTS: RateConfig = Object.freeze({
  halfLifeWindows: 30,
  minHistoryWindows: 30,
  alarmDecades: 7,
  bandWidth: 3,
  spikeRatio: 3,
  minSpikeExcess: 20,
  dropRatio: 0.3,
  minDropDeficit: 30,
  maxSeries: 10_000,
  maxServices: 2000,
  seasonalMinSamples: 30,
  shiftAfterWindows: 60,
});

const RULES: ConfigRules<RateConfig> = {
  halfLifeWindows: { type: 'number', min: 1, max: 100_000 },
  minHistoryWindows: { type: 'int', min: 1, max: 1_000_000 },
  alarmDecades: { type: 'number', min: 1, max: 100 },
  bandWidth: { type: 'number', min: 0, max: 10 },
  spikeRatio: { type: 'number', min: 1, max: 1_000_000 },
  minSpikeExcess: { type: 'number', min: 0, max: 1e9 },
  dropRatio: { type: 'number', min: 0, max: 1 },
  minDropDeficit: { type: 'number', min: 0, max: 1e9 },
  maxSeries: { type: 'int', min: 1, max: 10_000_000 },
  maxServices: { type: 'int', min: 1, max: 1_000_000 },
  seasonalMinSamples: { type: 'int', min: 1, max: 100_000 },
  shiftAfterWindows: { type: 'int', min: 1, max: 1_000_000 },
};

const MAGIC = 'LSRT';
const VERSION = 1;
const RECENT = 30;
/** Templates listed as contributors of a service-level change. */
const CONTRIBUTORS = 5;

interface ServiceState {
  baseline: RateBaseline;
  readonly profile: SeasonalProfile;
  readonly recent: RecentSeries;
  /** Anomalous windows in a row. */
  run: number;
}

interface TemplateState {
  readonly service: string;
  readonly id: TemplateId;
  baseline: RateBaseline;
  readonly recent: RecentSeries;
  /** Anomalous windows in a row. */
  run: number;
  /** Most of its lines were warn or worse when it last logged: a drop is a recovery, not an outage. */
  problem: boolean;
}

type Direction = 'spike' | 'drop';

interface Verdict {
  readonly direction: Direction;
  readonly observed: number;
  readonly expected: number;
  readonly decades: number;
}

/**
 * Rate spikes and drops per service and per template, against a robust baseline that learns
 * time of day and day of week once it has the history (see SeasonalProfile). Templates share
 * their service's seasonal profile. A service-level change folds the template changes in the
 * same direction into its evidence instead of raising each of them.
 */
class RateDetector implements Detector {
  readonly type = 'rate';
  private readonly services: BoundedMap<string, ServiceState>;
  private readonly series: BoundedMap<string, TemplateState>;
  private readonly alpha: number;
  private readonly alarm: number;
  private raised = 0;
  private shifts = 0;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: RateConfig,
  ) {
    this.services = new BoundedMap(config.maxServices);
    this.series = new BoundedMap(config.maxSeries);
    this.alpha = alphaForHalfLife(config.halfLifeWindows);
    this.alarm = Math.pow(10, -config.alarmDecades);
  }

  start(): void {
    // Pure computation: nothing to start.
  }

  observe(): void {
    // Works on window counts only.
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    this.followGeneralisations();
    for (const sw of window.services.values()) {
      if (this.services.get(sw.service) === undefined) this.services.set(sw.service, this.newService());
      for (const id of sw.templates.keys()) {
        const key = `${sw.service}\u0000${id}`;
        if (this.series.get(key) === undefined) this.series.set(key, { service: sw.service, id, baseline: new RateBaseline(this.alpha), recent: new RecentSeries(RECENT), run: 0, problem: false });
      }
    }
    const serviceVerdicts = new Map<string, Verdict>();
    for (const [service, state] of this.services.entries()) {
      const sw = window.services.get(service);
      const observed = sw?.lines ?? 0;
      const factor = state.profile.factor(window.start);
      const expected = state.baseline.expected(factor);
      state.recent.push(window.start, observed, state.baseline.n > 0 ? expected : Number.NaN);
      // Zero lines is the silence detector's call; here it only teaches sparse services.
      const verdict = observed > 0 ? this.judge(state.baseline, observed, expected, window.partial) : null;
      if (verdict !== null) serviceVerdicts.set(service, verdict);
      this.trackShift(state, verdict);
      if (!window.partial && verdict === null && (observed > 0 || expected < 5)) {
        state.profile.learn(window.start, observed, state.baseline.level);
        state.baseline.learn(observed, factor, window.index);
      }
    }
    const folded = new Map<string, { state: TemplateState; verdict: Verdict }[]>();
    for (const t of this.series.values()) {
      const svc = this.services.peek(t.service);
      const tw = window.services.get(t.service)?.templates.get(t.id);
      const observed = tw?.lines ?? 0;
      if (tw !== undefined && tw.lines > 0) t.problem = tw.problems * 2 > tw.lines;
      const factor = svc?.profile.factor(window.start) ?? 1;
      const expected = t.baseline.expected(factor);
      t.recent.push(window.start, observed, t.baseline.n > 0 ? expected : Number.NaN);
      const verdict = this.judge(t.baseline, observed, expected, window.partial);
      this.trackShift(t, verdict);
      if (verdict === null) {
        // A silent service teaches its templates nothing.
        if (!window.partial && (window.services.has(t.service) || expected < 5)) t.baseline.learn(observed, factor, window.index);
        continue;
      }
      const serviceVerdict = serviceVerdicts.get(t.service);
      if (serviceVerdict !== undefined && serviceVerdict.direction === verdict.direction) {
        let list = folded.get(t.service);
        if (list === undefined) folded.set(t.service, (list = []));
        list.push({ state: t, verdict });
        continue;
      }
      out.push(this.templateDraft(window, t, verdict, tw?.samples ?? []));
      this.raised++;
    }
    for (const [service, verdict] of serviceVerdicts) {
      const sw = window.services.get(service) as ServiceWindow;
      out.push(this.serviceDraft(window, service, verdict, sw, folded.get(service) ?? []));
      this.raised++;
    }
  }

  /** Counts anomalous windows in a row; a change that lasted `shiftAfterWindows` becomes the baseline to relearn. */
  private trackShift(state: { baseline: RateBaseline; run: number }, verdict: Verdict | null): void {
    if (verdict === null) {
      state.run = 0;
    } else if (++state.run >= this.config.shiftAfterWindows) {
      state.baseline = new RateBaseline(this.alpha);
      state.run = 0;
      this.shifts++;
    }
  }

  /**
   * A template the miner generalised (a constant became a parameter) gets no more lines: they go
   * to its replacement. Its series moves there (the same lines under a new id), or is dropped when
   * the replacement already has one, so the old id never reads as a drop to zero.
   */
  private followGeneralisations(): void {
    let moves: [string, TemplateState][] | null = null;
    for (const [key, t] of this.series.entries()) {
      const current = currentTemplate(this.settings.templates, t.id)?.id ?? t.id;
      if (current !== t.id) (moves ??= []).push([key, { ...t, id: current }]);
    }
    if (moves === null) return;
    for (const [key, moved] of moves) {
      this.series.delete(key);
      const target = `${moved.service}\u0000${moved.id}`;
      if (!this.series.has(target)) this.series.set(target, moved);
    }
  }

  /** A spike or drop, or null when the count is within what the baseline expects (or it is too young). */
  private judge(b: RateBaseline, observed: number, expected: number, partial: boolean): Verdict | null {
    const c = this.config;
    if (b.n < c.minHistoryWindows) return null;
    if (observed >= c.spikeRatio * expected && observed - expected >= c.minSpikeExcess) {
      const p = b.spikeProbability(observed, expected, c.bandWidth);
      if (p < this.alarm) return { direction: 'spike', observed, expected, decades: decadesOf(p) };
    }
    if (!partial && observed <= c.dropRatio * expected && expected - observed >= c.minDropDeficit) {
      const p = b.dropProbability(observed, expected, c.bandWidth);
      if (p < this.alarm) return { direction: 'drop', observed, expected, decades: decadesOf(p) };
    }
    return null;
  }

  private templateDraft(window: ClosedWindow, t: TemplateState, v: Verdict, samples: readonly SampleLine[]): AnomalyDraft {
    const text = this.settings.templates.get(t.id)?.text ?? samples[0]?.message ?? formatTemplateId(t.id);
    const spike = v.direction === 'spike';
    const r = v.observed / Math.max(v.expected, 1e-9);
    return {
      kind: spike ? 'rate_spike' : 'rate_drop',
      service: t.service,
      templateId: t.id,
      windowStart: window.start,
      windowEnd: window.end,
      score: v.decades,
      // Fewer lines of an error template is a recovery: context for an incident, never the reason to open one.
      severity: spike ? severityFor(r, [10, 100, 1e9]) : t.problem ? 'low' : severityFor(1 / Math.max(r, 1e-9), [10, 1e9, 1e9]),
      title: `${t.service}: "${shortText(text)}" ${spike ? 'spiked' : 'dropped'} to ${fmt(v.observed)} lines/window (expected ${fmt(v.expected)}, ${ratio(v.observed, v.expected)})`,
      evidence: buildEvidence({
        observed: v.observed,
        expected: v.expected,
        unit: 'lines/window',
        series: t.recent.points(),
        samples,
        details: { template: text, ratio: round(r), decades: round(v.decades), noise: round(t.baseline.tau()), scope: 'template' },
        templates: [t.id],
      }),
    };
  }

  private serviceDraft(
    window: ClosedWindow,
    service: string,
    v: Verdict,
    sw: ServiceWindow,
    folded: readonly { state: TemplateState; verdict: Verdict }[],
  ): AnomalyDraft {
    const state = this.services.peek(service) as ServiceState;
    const spike = v.direction === 'spike';
    const r = v.observed / Math.max(v.expected, 1e-9);
    const movers = [...folded].sort((a, b) => Math.abs(b.verdict.observed - b.verdict.expected) - Math.abs(a.verdict.observed - a.verdict.expected)).slice(0, CONTRIBUTORS);
    const samples: SampleLine[] = [];
    for (const m of movers) {
      const s = sw.templates.get(m.state.id)?.samples[0];
      if (s !== undefined) samples.push(s);
    }
    if (samples.length === 0) for (const tw of sw.templates.values()) if (tw.samples.length > 0 && samples.length < 3) samples.push(tw.samples[0]);
    const top = movers[0];
    const topText = top === undefined ? null : (this.settings.templates.get(top.state.id)?.text ?? null);
    const details: Record<string, string | number | boolean | null> = {
      ratio: round(r),
      decades: round(v.decades),
      noise: round(state.baseline.tau()),
      seasonality: state.profile.mode(window.start),
      scope: 'service',
      templatesMoved: folded.length,
      topTemplate: topText,
    };
    return {
      kind: spike ? 'rate_spike' : 'rate_drop',
      service,
      templateId: null,
      windowStart: window.start,
      windowEnd: window.end,
      score: v.decades,
      severity: spike ? severityFor(r, [3, 10, 1e9]) : severityFor(1 / Math.max(r, 1e-9), [1, 5, 1e9]),
      title: `${service}: log volume ${spike ? 'spiked' : 'dropped'} to ${fmt(v.observed)} lines/window (expected ${fmt(v.expected)}, ${ratio(v.observed, v.expected)})${topText !== null ? `, mostly "${shortText(topText, 60)}"` : ''}`,
      evidence: buildEvidence({
        observed: v.observed,
        expected: v.expected,
        unit: 'lines/window',
        series: state.recent.points(),
        samples,
        details,
        templates: movers.map((m) => m.state.id),
      }),
    };
  }

  private newService(): ServiceState {
    return { baseline: new RateBaseline(this.alpha), profile: new SeasonalProfile(this.config.seasonalMinSamples), recent: new RecentSeries(RECENT), run: 0 };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    w.u32(this.services.size);
    for (const [service, s] of this.services.entries()) {
      w.str(service);
      s.baseline.write(w);
      s.profile.write(w);
    }
    w.u32(this.series.size);
    for (const t of this.series.values()) {
      w.str(t.service).f64(t.id);
      t.baseline.write(w);
    }
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'rate detector');
    r.header(MAGIC, [VERSION]);
    this.services.clear();
    this.series.clear();
    for (let n = r.u32(); n > 0; n--) {
      const service = r.str();
      const s = this.newService();
      s.baseline.read(r);
      s.profile.read(r);
      this.services.set(service, s);
    }
    for (let n = r.u32(); n > 0; n--) {
      const service = r.str();
      const id = r.f64();
      const t: TemplateState = { service, id, baseline: new RateBaseline(this.alpha), recent: new RecentSeries(RECENT), run: 0, problem: false };
      t.baseline.read(r);
      this.series.set(`${service}\u0000${id}`, t);
    }
    r.end();
  }

  stats(): Readonly<Record<string, number>> {
    return {
      services: this.services.size,
      servicesEvicted: this.services.evicted,
      series: this.series.size,
      seriesEvicted: this.series.evicted,
      raised: this.raised,
      shifts: this.shifts,
    };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const rateDetectorFactory: DetectorFactory<RateConfig> = {
  type: 'rate',
  defaultConfig: DEFAULTS,
  configure: (raw) => parseConfig('rate detector', DEFAULTS, RULES, raw),
  create: (settings, config) => new RateDetector(settings, config),
};
