import type { ClosedWindow, SampleLine, ServiceWindow } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, pct, severityFor } from './internal/evidence.js';
import { alphaForHalfLife, RateBaseline } from './internal/rate-baseline.js';
import { RecentSeries } from './internal/recent-series.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { decadesOf } from './internal/tail-probability.js';

export interface ErrorRateConfig {
  /** Half-life of the learned share, in windows. Default 120. */
  readonly halfLifeWindows: number;
  /** Windows a service must have been learned over before it is judged. Default 30. */
  readonly minHistoryWindows: number;
  /** Lines a window needs before its share is judged (or learned). Default 20. */
  readonly minLines: number;
  /** Problem lines a window needs before it is raised. Default 5. */
  readonly minProblemLines: number;
  /** The share must reach this many times the learned share… Default 3. */
  readonly shareRatio: number;
  /** …and exceed it by this much (0.03 = 3 percentage points). Default 0.03. */
  readonly minShareIncrease: number;
  /** How improbable the count must be, in decades, under the high end of the noise band. Default 7. */
  readonly alarmDecades: number;
  /** Width of the noise band, in τ. Default 3. */
  readonly bandWidth: number;
  /** Services tracked per tenant. Default 2,000. */
  readonly maxServices: number;
}

const DEFAULTS: ErrorRateConfig = Object.freeze({
  halfLifeWindows: 120,
  minHistoryWindows: 30,
  minLines: 20,
  minProblemLines: 5,
  shareRatio: 3,
  minShareIncrease: 0.03,
  alarmDecades: 7,
  bandWidth: 3,
  maxServices: 2000,
});

const RULES: ConfigRules<ErrorRateConfig> = {
  halfLifeWindows: { type: 'number', min: 1, max: 100_000 },
  minHistoryWindows: { type: 'int', min: 1, max: 1_000_000 },
  minLines: { type: 'int', min: 1, max: 1e9 },
  minProblemLines: { type: 'int', min: 1, max: 1e9 },
  shareRatio: { type: 'number', min: 1, max: 1e6 },
  minShareIncrease: { type: 'number', min: 0, max: 1 },
  alarmDecades: { type: 'number', min: 1, max: 100 },
  bandWidth: { type: 'number', min: 0, max: 10 },
  maxServices: { type: 'int', min: 1, max: 1_000_000 },
};

const MAGIC = 'LSER';
const VERSION = 1;

/** Two shares per service: warn and above ("problems"), and error and above. */
interface ServiceState {
  readonly problems: RateBaseline;
  readonly errors: RateBaseline;
  readonly recent: RecentSeries;
}

interface Verdict {
  readonly which: 'problems' | 'errors';
  readonly count: number;
  readonly lines: number;
  readonly share: number;
  readonly baseline: number;
  readonly decades: number;
}

/**
 * The share of warn/error/fatal lines of a service jumps. Each share is a RateBaseline whose
 * "factor" is the window's line count, so expected problem lines = lines × learned share and
 * the same robust Poisson band applies.
 */
class ErrorRateDetector implements Detector {
  readonly type = 'error_rate';
  private readonly services: BoundedMap<string, ServiceState>;
  private readonly alpha: number;
  private readonly alarm: number;
  private raised = 0;

  constructor(
    _settings: DetectorSettings,
    private readonly config: ErrorRateConfig,
  ) {
    this.services = new BoundedMap(config.maxServices);
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
    for (const sw of window.services.values()) {
      let s = this.services.get(sw.service);
      if (s === undefined) {
        s = { problems: new RateBaseline(this.alpha), errors: new RateBaseline(this.alpha), recent: new RecentSeries(30) };
        this.services.set(sw.service, s);
      }
      if (sw.lines < this.config.minLines) continue;
      s.recent.push(window.start, sw.problems / sw.lines, s.problems.n > 0 ? s.problems.level : Number.NaN);
      const a = this.judge(s.problems, 'problems', sw.problems, sw.lines);
      const b = this.judge(s.errors, 'errors', sw.errors, sw.lines);
      const verdict = a !== null && (b === null || a.decades >= b.decades) ? a : b;
      if (verdict !== null) {
        out.push(this.draft(window, sw, s, verdict));
        this.raised++;
        continue;
      }
      if (window.partial) continue;
      s.problems.learn(sw.problems, sw.lines, window.index);
      s.errors.learn(sw.errors, sw.lines, window.index);
    }
  }

  private judge(b: RateBaseline, which: Verdict['which'], count: number, lines: number): Verdict | null {
    const c = this.config;
    if (b.n < c.minHistoryWindows || count < c.minProblemLines) return null;
    const share = count / lines;
    const base = b.level;
    if (share < c.shareRatio * base || share - base < c.minShareIncrease) return null;
    const p = b.spikeProbability(count, lines * base, c.bandWidth);
    if (p >= this.alarm) return null;
    return { which, count, lines, share, baseline: base, decades: decadesOf(p) };
  }

  private draft(window: ClosedWindow, sw: ServiceWindow, s: ServiceState, v: Verdict): AnomalyDraft {
    const rank = v.which === 'errors' ? 4 : 3;
    const problems = [...sw.templates.values()].filter((t) => t.problems > 0).sort((x, y) => y.problems - x.problems || x.id - y.id);
    const samples: SampleLine[] = [];
    for (const t of problems) {
      const l = t.samples.find((x) => (v.which === 'errors' ? x.level === 'error' || x.level === 'fatal' : x.level !== 'info' && x.level !== 'debug' && x.level !== 'trace'));
      if (l !== undefined) samples.push(l);
      if (samples.length >= 5) break;
    }
    const what = v.which === 'errors' ? 'error share' : 'warn/error share';
    return {
      kind: 'error_rate',
      service: sw.service,
      templateId: null,
      windowStart: window.start,
      windowEnd: window.end,
      score: v.decades,
      severity: severityFor(v.share, [0, 0.2, 0.5]),
      title: `${sw.service}: ${what} ${pct(v.share)} (baseline ${pct(v.baseline)}), ${v.count} of ${v.lines} lines`,
      evidence: buildEvidence({
        observed: v.share,
        expected: v.baseline,
        unit: 'share',
        series: s.recent.points(),
        samples,
        details: { levels: v.which === 'errors' ? 'error+' : 'warn+', minLevelRank: rank, problemLines: v.count, lines: v.lines, decades: Math.round(v.decades * 100) / 100 },
        templates: problems.slice(0, 5).map((t) => t.id),
      }),
    };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    w.u32(this.services.size);
    for (const [service, s] of this.services.entries()) {
      w.str(service);
      s.problems.write(w);
      s.errors.write(w);
    }
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'error_rate detector');
    r.header(MAGIC, [VERSION]);
    this.services.clear();
    for (let n = r.u32(); n > 0; n--) {
      const service = r.str();
      const s: ServiceState = { problems: new RateBaseline(this.alpha), errors: new RateBaseline(this.alpha), recent: new RecentSeries(30) };
      s.problems.read(r);
      s.errors.read(r);
      this.services.set(service, s);
    }
    r.end();
  }

  stats(): Readonly<Record<string, number>> {
    return { services: this.services.size, servicesEvicted: this.services.evicted, raised: this.raised };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

export const errorRateDetectorFactory: DetectorFactory<ErrorRateConfig> = {
  type: 'error_rate',
  defaultConfig: DEFAULTS,
  configure: (raw) => parseConfig('error_rate detector', DEFAULTS, RULES, raw),
  create: (settings, config) => new ErrorRateDetector(settings, config),
};
