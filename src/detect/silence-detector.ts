import type { ClosedWindow, SampleLine } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, fmt } from './internal/evidence.js';
import { alphaForHalfLife, RateBaseline } from './internal/rate-baseline.js';
import { RecentSeries } from './internal/recent-series.js';
import { SeasonalProfile } from './internal/seasonal-profile.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { decadesOf } from './internal/tail-probability.js';

export interface SilenceConfig {
  /** Half-life of the learned line rate, in windows. Default 30. */
  readonly halfLifeWindows: number;
  /** Windows a service must have been learned over before its silence counts. Default 30. */
  readonly minHistoryWindows: number;
  /**
   * Lines the baseline must have expected over the silent stretch before it is raised, so a
   * quiet service (a few lines an hour) needs a longer silence than a busy one. Default 20.
   */
  readonly minExpectedLines: number;
  /** How improbable the silence must be, in decades, under the low end of the noise band. Default 7. */
  readonly alarmDecades: number;
  /** Width of the noise band, in τ. Default 3. */
  readonly bandWidth: number;
  /** A service silent this long is forgotten (decommissioned), ms. 0: never. Default 24 h. */
  readonly forgetAfterMs: number;
  /** Services tracked per tenant. Default 2,000. */
  readonly maxServices: number;
  /** Windows per hour bucket before the seasonal profile is used. Default 30. */
  readonly seasonalMinSamples: number;
}

const DEFAULTS: SilenceConfig = Object.freeze({
  halfLifeWindows: 30,
  minHistoryWindows: 30,
  minExpectedLines: 20,
  alarmDecades: 7,
  bandWidth: 3,
  forgetAfterMs: 24 * 3_600_000,
  maxServices: 2000,
  seasonalMinSamples: 30,
});

const RULES: ConfigRules<SilenceConfig> = {
  halfLifeWindows: { type: 'number', min: 1, max: 100_000 },
  minHistoryWindows: { type: 'int', min: 1, max: 1_000_000 },
  minExpectedLines: { type: 'number', min: 1, max: 1e9 },
  alarmDecades: { type: 'number', min: 1, max: 100 },
  bandWidth: { type: 'number', min: 0, max: 10 },
  forgetAfterMs: { type: 'int', min: 0, max: 365 * 86_400_000 },
  maxServices: { type: 'int', min: 1, max: 1_000_000 },
  seasonalMinSamples: { type: 'int', min: 1, max: 100_000 },
};

const MAGIC = 'LSSI';
const VERSION = 1;

interface ServiceState {
  readonly baseline: RateBaseline;
  readonly profile: SeasonalProfile;
  readonly recent: RecentSeries;
  /** Share of learned windows with no line (exponential memory), and windows learned. */
  emptyShare: number;
  windows: number;
  /** Expected lines summed over the current silent stretch. */
  silentExpected: number;
  silentWindows: number;
  /** Raised for the current stretch already. */
  raised: boolean;
  /** Event time of the last line, ms. */
  lastLineAt: number;
  lastLine: SampleLine | null;
}

/**
 * A service that stops logging: zero lines over a stretch in which its baseline expected at
 * least `minExpectedLines`, a silence that improbable under its rate, and a run of empty windows
 * that improbable given how often its windows are empty anyway (so a bursty or sparse service
 * does not alarm on its usual gaps). Raised once per silent stretch.
 */
class SilenceDetector implements Detector {
  readonly type = 'silence';
  private readonly services: BoundedMap<string, ServiceState>;
  private readonly alpha: number;
  /** Memory of the empty-window share: a day of windows. */
  private readonly emptyAlpha: number;
  private readonly alarm: number;
  private raisedTotal = 0;
  private forgotten = 0;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: SilenceConfig,
  ) {
    this.services = new BoundedMap(config.maxServices);
    this.alpha = alphaForHalfLife(config.halfLifeWindows);
    this.emptyAlpha = alphaForHalfLife(86_400_000 / settings.windowMs);
    this.alarm = Math.pow(10, -config.alarmDecades);
  }

  start(): void {
    // Pure computation: nothing to start.
  }

  observe(): void {
    // Works on window counts only.
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    for (const sw of window.services.values()) {
      let s = this.services.get(sw.service);
      if (s === undefined) {
        s = this.newState();
        this.services.set(sw.service, s);
      }
      s.lastLineAt = window.end;
      let last: SampleLine | null = null;
      for (const tw of sw.templates.values()) for (const l of tw.samples) if (last === null || l.ts > last.ts) last = l;
      if (last !== null) s.lastLine = last;
    }
    const forget: string[] = [];
    for (const [service, s] of this.services.entries()) {
      const observed = window.services.get(service)?.lines ?? 0;
      if (this.forgettable(s, window, observed)) forget.push(service);
      else this.judge(window, service, s, observed, out);
      // Learned after judging (a window's own emptiness must not excuse itself), and not during a
      // silence already raised (an outage must not teach that outages are normal).
      if (!window.partial && !s.raised) this.learnEmptiness(s, observed === 0, window.skippedBefore);
    }
    for (const service of forget) {
      this.services.delete(service);
      this.forgotten++;
    }
  }

  private forgettable(s: ServiceState, window: ClosedWindow, observed: number): boolean {
    return observed === 0 && !window.partial && this.config.forgetAfterMs > 0 && window.end - s.lastLineAt > this.config.forgetAfterMs;
  }

  private judge(window: ClosedWindow, service: string, s: ServiceState, observed: number, out: AnomalyDraft[]): void {
    const factor = s.profile.factor(window.start);
    const expected = s.baseline.expected(factor);
    s.recent.push(window.start, observed, s.baseline.n > 0 ? expected : Number.NaN);
    if (observed > 0) {
      s.silentExpected = 0;
      s.silentWindows = 0;
      s.raised = false;
      if (!window.partial) {
        s.profile.learn(window.start, observed, s.baseline.level);
        s.baseline.learn(observed, factor, window.index);
      }
      return;
    }
    if (window.partial) return;
    s.silentExpected += expected;
    s.silentWindows++;
    // Empty windows are part of a service's rate until a silence is raised.
    if (!s.raised) s.baseline.learn(0, factor, window.index);
    if (s.raised || s.baseline.n < this.config.minHistoryWindows || s.silentExpected < this.config.minExpectedLines) return;
    const pRate = Math.exp(-s.silentExpected * Math.exp(-this.config.bandWidth * s.baseline.tau()));
    // How often its windows are empty anyway: a bursty or sparse service needs a longer run.
    const p = Math.max(pRate, Math.pow(s.emptyShare, s.silentWindows));
    if (p >= this.alarm) return;
    s.raised = true;
    this.raisedTotal++;
    out.push(this.draft(window, service, s, decadesOf(p)));
  }

  /** Learns whether windows are empty; windows skipped in a data gap count as empty. */
  private learnEmptiness(s: ServiceState, empty: boolean, skipped: number): void {
    const a = this.emptyAlpha;
    if (skipped > 0) {
      const keep = Math.pow(1 - Math.max(a, 1 / (s.windows + 1)), skipped);
      s.emptyShare = 1 - keep * (1 - s.emptyShare);
      s.windows += skipped;
    }
    s.emptyShare += Math.max(a, 1 / (s.windows + 1)) * ((empty ? 1 : 0) - s.emptyShare);
    s.windows++;
  }

  private draft(window: ClosedWindow, service: string, s: ServiceState, decades: number): AnomalyDraft {
    const minutes = (s.silentWindows * this.settings.windowMs) / 60_000;
    return {
      kind: 'silence',
      service,
      templateId: null,
      windowStart: window.end - s.silentWindows * this.settings.windowMs,
      windowEnd: window.end,
      score: decades,
      severity: 'high',
      title: `${service}: no logs for ${fmt(minutes)} min (expected ~${fmt(s.silentExpected)} lines)`,
      evidence: buildEvidence({
        observed: 0,
        expected: s.silentExpected,
        unit: 'lines',
        series: s.recent.points(),
        samples: s.lastLine === null ? [] : [s.lastLine],
        details: { silentWindows: s.silentWindows, lastLineAt: s.lastLineAt, decades: Math.round(decades * 100) / 100, seasonality: s.profile.mode(window.start) },
        templates: [],
      }),
    };
  }

  private newState(): ServiceState {
    return {
      baseline: new RateBaseline(this.alpha),
      profile: new SeasonalProfile(this.config.seasonalMinSamples),
      recent: new RecentSeries(30),
      emptyShare: 0,
      windows: 0,
      silentExpected: 0,
      silentWindows: 0,
      raised: false,
      lastLineAt: 0,
      lastLine: null,
    };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    w.u32(this.services.size);
    for (const [service, s] of this.services.entries()) {
      w.str(service);
      s.baseline.write(w);
      s.profile.write(w);
      w.f64(s.emptyShare).f64(s.windows).f64(s.silentExpected).f64(s.silentWindows).bool(s.raised).f64(s.lastLineAt);
    }
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'silence detector');
    r.header(MAGIC, [VERSION]);
    this.services.clear();
    for (let n = r.u32(); n > 0; n--) {
      const service = r.str();
      const s = this.newState();
      s.baseline.read(r);
      s.profile.read(r);
      s.emptyShare = r.f64();
      s.windows = r.f64();
      s.silentExpected = r.f64();
      s.silentWindows = r.f64();
      s.raised = r.bool();
      s.lastLineAt = r.f64();
      this.services.set(service, s);
    }
    r.end();
  }

  stats(): Readonly<Record<string, number>> {
    return { services: this.services.size, servicesEvicted: this.services.evicted, forgotten: this.forgotten, raised: this.raisedTotal };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

export const silenceDetectorFactory: DetectorFactory<SilenceConfig> = {
  type: 'silence',
  defaultConfig: DEFAULTS,
  configure: (raw) => parseConfig('silence detector', DEFAULTS, RULES, raw),
  create: (settings, config) => new SilenceDetector(settings, config),
};
