import type { ClosedWindow, SampleLine, ServiceWindow } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, fmt } from './internal/evidence.js';
import { IsolationForest } from './internal/isolation-forest.js';
import { hashSeed, Prng } from './internal/prng.js';
import { alphaForHalfLife } from './internal/rate-baseline.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';

export interface OutlierWindowConfig {
  /** Lines a window needs to be judged or learned (sparse windows have noisy features). Default 20. */
  readonly minLines: number;
  /** Feature vectors kept per service for training (the most recent normal windows). Default 2,880. */
  readonly trainWindows: number;
  /** Windows needed before the first forest is built. Default 240. */
  readonly minTrainWindows: number;
  /** Windows between rebuilds of a service's forest. Default 60. */
  readonly retrainEveryWindows: number;
  readonly trees: number;
  /** Points per tree (ψ in the paper). Default 256. */
  readonly sampleSize: number;
  /**
   * A window is an outlier when its isolation score exceeds both this and the highest score of
   * the training windows plus `margin` (scores: ~0.5 ordinary, → 1 isolated). Default 0.7.
   */
  readonly minScore: number;
  /** Added to the highest training score for the threshold. Default 0.05. */
  readonly margin: number;
  /** Half-life of the per-feature running levels the features are relative to, in windows. Default 30. */
  readonly halfLifeWindows: number;
  /** Services tracked per tenant. Default 500. */
  readonly maxServices: number;
}

const DEFAULTS: OutlierWindowConfig = Object.freeze({
  minLines: 20,
  trainWindows: 2880,
  minTrainWindows: 240,
  retrainEveryWindows: 60,
  trees: 100,
  sampleSize: 256,
  minScore: 0.7,
  margin: 0.05,
  halfLifeWindows: 30,
  maxServices: 500,
});

const RULES: ConfigRules<OutlierWindowConfig> = {
  minLines: { type: 'int', min: 1, max: 1e9 },
  trainWindows: { type: 'int', min: 16, max: 100_000 },
  minTrainWindows: { type: 'int', min: 16, max: 100_000 },
  retrainEveryWindows: { type: 'int', min: 1, max: 100_000 },
  trees: { type: 'int', min: 1, max: 1000 },
  sampleSize: { type: 'int', min: 8, max: 4096 },
  minScore: { type: 'number', min: 0.5, max: 1 },
  margin: { type: 'number', min: 0, max: 0.5 },
  halfLifeWindows: { type: 'number', min: 1, max: 100_000 },
  maxServices: { type: 'int', min: 1, max: 100_000 },
};

const MAGIC = 'LSOW';
const VERSION = 1;
/** rate, problem share, distinct templates, distinct hosts, mean message length. */
const DIMS = 5;
const FEATURE_NAMES = ['lines', 'problem share', 'distinct templates', 'distinct hosts', 'message length'] as const;

interface ServiceState {
  /** Running levels of the raw features, so the features are deviations (stationary over the day). */
  readonly levels: Float64Array;
  levelsN: number;
  /** Ring of recent normal feature vectors. */
  readonly ring: Float64Array[];
  ringNext: number;
  /** Slots of the ring in use. */
  filled: number;
  sinceTrain: number;
  trained: number;
  forest: IsolationForest | null;
  threshold: number;
}

/**
 * Outlier windows: an Isolation Forest per service over five per-window features, each taken
 * relative to its own recent level (log ratio, or difference for the problem share), so a busy
 * evening is not an outlier against a quiet morning. The threshold comes from the training
 * windows themselves (their highest score plus a margin), never from labels.
 */
class OutlierWindowDetector implements Detector {
  readonly type = 'outlier_window';
  private readonly services: BoundedMap<string, ServiceState>;
  private readonly alpha: number;
  private readonly x = new Float64Array(DIMS);
  private readonly raw = new Float64Array(DIMS);
  private raised = 0;
  private builds = 0;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: OutlierWindowConfig,
  ) {
    this.services = new BoundedMap(config.maxServices);
    this.alpha = alphaForHalfLife(config.halfLifeWindows);
  }

  start(): void {
    // Pure computation: nothing to start.
  }

  observe(): void {
    // Works on window counts only.
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    for (const sw of window.services.values()) {
      if (sw.lines < this.config.minLines) continue;
      let s = this.services.get(sw.service);
      if (s === undefined) {
        s = this.newState();
        this.services.set(sw.service, s);
      }
      this.rawFeatures(sw);
      if (s.levelsN < 5) {
        this.learnLevels(s);
        continue;
      }
      this.features(s);
      const score = s.forest?.score(this.x) ?? 0;
      if (s.forest !== null && score > s.threshold) {
        out.push(this.draft(window, sw, s, score));
        this.raised++;
        continue;
      }
      if (window.partial) continue;
      if (s.ring[s.ringNext] === undefined) s.filled++;
      s.ring[s.ringNext] = Float64Array.from(this.x);
      s.ringNext = (s.ringNext + 1) % this.config.trainWindows;
      this.learnLevels(s);
      s.sinceTrain++;
      if (s.filled >= this.config.minTrainWindows && (s.forest === null || s.sinceTrain >= this.config.retrainEveryWindows)) this.train(sw.service, s);
    }
  }

  private rawFeatures(sw: ServiceWindow): void {
    this.raw[0] = sw.lines;
    this.raw[1] = sw.problems / sw.lines;
    this.raw[2] = sw.templates.size;
    this.raw[3] = sw.hosts.size;
    this.raw[4] = sw.chars / sw.lines;
  }

  private features(s: ServiceState): void {
    for (let i = 0; i < DIMS; i++) this.x[i] = i === 1 ? this.raw[i] - s.levels[i] : Math.log((this.raw[i] + 1) / (s.levels[i] + 1));
  }

  private learnLevels(s: ServiceState): void {
    const a = Math.max(this.alpha, 1 / (s.levelsN + 1));
    for (let i = 0; i < DIMS; i++) s.levels[i] += a * (this.raw[i] - s.levels[i]);
    s.levelsN++;
  }

  private train(service: string, s: ServiceState): void {
    const points = s.ring.filter((v): v is Float64Array => v !== undefined);
    s.trained++;
    const rng = new Prng(hashSeed(`${this.settings.tenant}\u0000${service}\u0000${s.trained}`));
    s.forest = IsolationForest.fit(points, DIMS, this.config.trees, this.config.sampleSize, rng);
    let max = 0;
    for (const p of points) max = Math.max(max, s.forest.score(p));
    s.threshold = Math.max(this.config.minScore, max + this.config.margin);
    s.sinceTrain = 0;
    this.builds++;
  }

  private draft(window: ClosedWindow, sw: ServiceWindow, s: ServiceState, score: number): AnomalyDraft {
    // The feature furthest from its level, in the units a person reads.
    let worst = 0;
    for (let i = 1; i < DIMS; i++) if (Math.abs(this.x[i]) > Math.abs(this.x[worst])) worst = i;
    const describe = (i: number) =>
      i === 1 ? `problem share ${fmt(this.raw[1] * 100)}% (usual ${fmt(s.levels[1] * 100)}%)` : `${FEATURE_NAMES[i]} ${fmt(this.raw[i])} (usual ${fmt(s.levels[i])})`;
    const samples: SampleLine[] = [];
    const templates = [...sw.templates.values()].sort((a, b) => b.problems - a.problems || b.lines - a.lines);
    for (const t of templates.slice(0, 3)) if (t.samples[0] !== undefined) samples.push(t.samples[0]);
    const details: Record<string, number | string> = { score: round(score), threshold: round(s.threshold), mostUnusual: FEATURE_NAMES[worst] };
    for (let i = 0; i < DIMS; i++) {
      details[FEATURE_NAMES[i]] = round(this.raw[i]);
      details[`usual ${FEATURE_NAMES[i]}`] = round(s.levels[i]);
    }
    return {
      kind: 'outlier_window',
      service: sw.service,
      templateId: null,
      windowStart: window.start,
      windowEnd: window.end,
      score,
      severity: score >= s.threshold + 0.1 ? 'medium' : 'low',
      title: `${sw.service}: unusual window (isolation score ${score.toFixed(2)}): ${describe(worst)}`,
      evidence: buildEvidence({
        observed: round(score),
        expected: round(s.threshold),
        unit: 'isolation score',
        series: [{ ts: window.start, observed: round(score), expected: round(s.threshold) }],
        samples,
        details,
        templates: templates.slice(0, 3).map((t) => t.id),
      }),
    };
  }

  private newState(): ServiceState {
    return { levels: new Float64Array(DIMS), levelsN: 0, ring: new Array<Float64Array>(this.config.trainWindows), ringNext: 0, filled: 0, sinceTrain: 0, trained: 0, forest: null, threshold: 1 };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    w.u32(this.services.size);
    for (const [service, s] of this.services.entries()) {
      w.str(service).f64s(s.levels).f64(s.levelsN).f64(s.trained).u32(s.ringNext);
      const points = s.ring.filter((v): v is Float64Array => v !== undefined);
      w.u32(points.length);
      for (const p of points) for (let i = 0; i < DIMS; i++) w.f64(p[i]);
    }
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'outlier_window detector');
    r.header(MAGIC, [VERSION]);
    this.services.clear();
    const retrain: [string, ServiceState][] = [];
    for (let n = r.u32(); n > 0; n--) {
      const service = r.str();
      const s = this.newState();
      s.levels.set(r.f64s().slice(0, DIMS));
      s.levelsN = r.f64();
      s.trained = r.f64();
      const next = r.u32();
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const p = new Float64Array(DIMS);
        for (let d = 0; d < DIMS; d++) p[d] = r.f64();
        if (i < s.ring.length) {
          s.ring[i] = p;
          s.filled++;
        }
      }
      s.ringNext = next % s.ring.length;
      this.services.set(service, s);
      if (count >= this.config.minTrainWindows) retrain.push([service, s]);
    }
    r.end();
    // Rebuild each forest exactly as it was: same points, same seed (train bumps the count back).
    for (const [service, s] of retrain) {
      s.trained = Math.max(0, s.trained - 1);
      this.train(service, s);
    }
  }

  stats(): Readonly<Record<string, number>> {
    return { services: this.services.size, servicesEvicted: this.services.evicted, forestsBuilt: this.builds, raised: this.raised };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const outlierWindowDetectorFactory: DetectorFactory<OutlierWindowConfig> = {
  type: 'outlier_window',
  defaultConfig: DEFAULTS,
  configure: (raw) => parseConfig('outlier_window detector', DEFAULTS, RULES, raw),
  create: (settings, config) => new OutlierWindowDetector(settings, config),
};
