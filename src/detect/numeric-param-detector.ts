import type { MinedEvent, TemplateId } from '../model/index.js';
import { formatTemplateId } from '../model/index.js';
import type { ClosedWindow, SampleLine } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import { NUMERIC_PARAM_DEFAULTS, NUMERIC_PARAM_RULES } from './numeric-param-config.js';
import type { NumericParamConfig } from './numeric-param-config.js';
import { buildEvidence, fmt, pct, shortText } from './internal/evidence.js';
import { BINS, BINS_PER_DECADE, LogHistogram } from './internal/log-histogram.js';
import { measured, parseMeasure, ParamReader } from './internal/param-reader.js';
import type { MeasureUnit } from './internal/param-reader.js';
import { RecentSeries } from './internal/recent-series.js';
import { distances, keepExtreme, median } from './internal/value-distribution.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { binomialAtLeast, decadesOf } from './internal/tail-probability.js';

const MAGIC = 'LSNM';
const VERSION = 1;
const KEPT_VALUES = 64;
/**
 * Histogram bins (each ×1.26 wide) a parameter must have used before it is judged: fewer means a
 * handful of distinct values — partition numbers, status codes, counts of 0–3 — which are
 * categories (param_new_value judges those), not measures.
 */
const MIN_SPREAD = 8;
/** Parameters tracked per template. */
const MAX_KEYS_PER_TEMPLATE = 64;

interface KeyState {
  readonly service: string;
  readonly template: TemplateId;
  readonly name: string;
  unit: MeasureUnit | null;
  readonly hist: LogHistogram;
  numeric: number;
  other: number;
  windows: number;
  /** Far fences (p99 × factor, p1 ÷ factor) and the median's bin, refreshed when a window closes. */
  hiBin: number;
  loBin: number;
  p50Bin: number;
  /** Learned cumulative share per bin (null until learned). */
  cdf: Float64Array | null;
  /** Bins of the histogram in use: a handful means ids or codes (partition 0–2, HTTP status), not a measure. */
  spread: number;
  /** The current run of windows shifted the same way: each window's (bin → count), and the run's first window start. */
  runSign: number;
  readonly run: Map<number, number>[];
  runStart: number;
  readonly recent: RecentSeries;
}

/**
 * One window's values of one parameter. Everything is judged when the window closes (a batch can
 * fill several windows before the first closes and updates the learned fences): the values by
 * histogram bin, the first values for the median, and the lines with the highest and lowest values.
 */
interface WindowAcc {
  readonly key: KeyState;
  m: number;
  /** Values beyond the far fences, counted at close. */
  above: number;
  below: number;
  readonly values: number[];
  readonly pending: Map<number, number>;
  /** The 3 lines with the highest values (highest first) and the 3 with the lowest. */
  readonly samplesHigh: { value: number; line: SampleLine }[];
  readonly samplesLow: { value: number; line: SampleLine }[];
}

interface Verdict {
  readonly acc: WindowAcc;
  readonly direction: 'high' | 'low';
  /** `extreme`: many values beyond a far fence; `shift`: the whole distribution moved (KS test over a run of windows). */
  readonly test: 'extreme' | 'shift';
  /** Values behind the verdict: beyond the fence, or in the run. */
  readonly count: number;
  readonly windows: number;
  /** KS distance of the shift (0 for extremes). */
  readonly distance: number;
  readonly decades: number;
}

/**
 * A numeric parameter (latency, size, count; positional or a structured attribute) far outside
 * its learned range, two ways: extremes (a share of the window's values beyond p99 × fenceFactor,
 * more than the learned tail explains, binomial) and shifts (the values' ranks under the learned
 * distribution sit far from one half — a rank-sum z over a run of consecutive shifted windows, so
 * a parameter logged a few times a minute is judged in a few minutes — with the median moved by
 * fenceFactor). Values with units are compared in a base unit (`14.3ms` and `0.2s` both in ms).
 */
class NumericParamDetector implements Detector {
  readonly type = 'param_numeric';
  private readonly keys: BoundedMap<string, Map<string, KeyState>>;
  private readonly open = new Map<number, Map<KeyState, WindowAcc>>();
  private readonly reader: ParamReader;
  private readonly alarm: number;
  private readonly fenceBins: number;
  private tracked = 0;
  private raised = 0;
  private droppedWindows = 0;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: NumericParamConfig,
  ) {
    this.keys = new BoundedMap(config.maxTemplates);
    this.reader = new ParamReader(new Set(config.ignore));
    this.alarm = Math.pow(10, -config.alarmDecades);
    this.fenceBins = Math.ceil(Math.log10(config.fenceFactor) * BINS_PER_DECADE);
  }

  start(): void {
    // Pure computation: nothing to start.
  }

  observe(event: MinedEvent, id: string, window: number): void {
    const r = this.reader;
    const n = r.read(event, this.settings.templates.get(event.templateId));
    if (n === 0) return;
    const tkey = `${event.service}\u0000${event.templateId}`;
    let params = this.keys.get(tkey);
    if (params === undefined) {
      params = new Map();
      this.keys.set(tkey, params);
    }
    let accs = this.open.get(window);
    if (accs === undefined) {
      // Open windows are bounded by the runner's lateness; this guards a runaway anyway.
      if (this.open.size >= 64) {
        this.droppedWindows++;
        return;
      }
      accs = new Map();
      this.open.set(window, accs);
    }
    for (let i = 0; i < n; i++) {
      const name = r.names[i];
      let key = params.get(name);
      if (!parseMeasure(r.values[i])) {
        if (key !== undefined) key.other++;
        continue;
      }
      if (key === undefined) {
        if (params.size >= MAX_KEYS_PER_TEMPLATE) continue;
        key = this.newKey(event.service, event.templateId, name);
        params.set(name, key);
        this.tracked++;
      }
      if (key.unit === null) key.unit = measured.unit;
      else if (key.unit !== measured.unit) {
        key.other++;
        continue;
      }
      key.numeric++;
      const v = measured.value;
      let acc = accs.get(key);
      if (acc === undefined) {
        acc = { key, m: 0, above: 0, below: 0, values: [], pending: new Map(), samplesHigh: [], samplesLow: [] };
        accs.set(key, acc);
      }
      acc.m++;
      if (acc.values.length < KEPT_VALUES) acc.values.push(v);
      const bin = LogHistogram.binOf(v);
      acc.pending.set(bin, (acc.pending.get(bin) ?? 0) + 1);
      keepExtreme(acc.samplesHigh, v, event, id, 1);
      keepExtreme(acc.samplesLow, v, event, id, -1);
    }
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    const accs = this.open.get(window.index);
    // Windows before this one can no longer receive events (the runner closes in order).
    for (const w of this.open.keys()) if (w <= window.index) this.open.delete(w);
    if (accs === undefined) return;
    const best = new Map<string, Verdict>();
    for (const acc of accs.values()) {
      const key = acc.key;
      const ready = this.ready(key);
      acc.above = 0;
      acc.below = 0;
      for (const [bin, n] of acc.pending) {
        if (bin > key.hiBin) acc.above += n;
        else if (bin < key.loBin) acc.below += n;
      }
      key.recent.push(window.start, median(acc.values), ready ? LogHistogram.valueOf(key.p50Bin) : Number.NaN);
      const extreme = ready ? this.extreme(acc) : null;
      const shifting = ready && this.extendRun(acc, window.start);
      const shift = shifting ? this.shift(acc) : null;
      const verdict = extreme !== null && (shift === null || extreme.decades >= shift.decades) ? extreme : shift;
      if (verdict !== null) {
        const id = `${key.service}\u0000${key.template}`;
        const prev = best.get(id);
        if (prev === undefined || verdict.decades > prev.decades) best.set(id, verdict);
        continue;
      }
      // A window in a run of shifted windows is held back from learning until the run resolves.
      if (window.partial || shifting) continue;
      for (const [bin, count] of acc.pending) key.hist.addBin(bin, count);
      key.windows++;
      this.refresh(key);
    }
    for (const v of best.values()) {
      out.push(this.draft(window, v));
      this.raised++;
    }
  }

  private ready(key: KeyState): boolean {
    const c = this.config;
    return key.cdf !== null && key.spread >= MIN_SPREAD && key.hist.total >= c.minObservations && key.windows >= c.minHistoryWindows && key.numeric >= 0.9 * (key.numeric + key.other);
  }

  /** Many values beyond a far fence, more than the learned tail beyond it explains. */
  private extreme(acc: WindowAcc): Verdict | null {
    const { key } = acc;
    const c = this.config;
    let verdict: Verdict | null = null;
    for (const direction of ['high', 'low'] as const) {
      const k = direction === 'high' ? acc.above : acc.below;
      if (k < c.minValues || k < c.minShare * acc.m) continue;
      const tail = direction === 'high' ? key.hist.above(key.hiBin) : key.hist.below(key.loBin);
      const p = binomialAtLeast(k, acc.m, (tail + 0.5) / (key.hist.total + 1));
      if (p < this.alarm && (verdict === null || decadesOf(p) > verdict.decades)) verdict = { acc, direction, test: 'extreme', count: k, windows: 1, distance: 0, decades: decadesOf(p) };
    }
    return verdict;
  }

  /**
   * Adds the window to the key's run of shifted windows when its distribution is at least
   * `minShiftDistance` (KS) from the learned one in one direction, with the median moved by
   * fenceFactor; otherwise ends the run. True when the window is part of a run.
   */
  private extendRun(acc: WindowAcc, start: number): boolean {
    const { key } = acc;
    const c = this.config;
    const [up, down] = distances(key.cdf as Float64Array, [acc.pending], acc.m);
    const ratio = (median(acc.values) + 1e-9) / (LogHistogram.valueOf(key.p50Bin) + 1e-9);
    const sign = up >= c.minShiftDistance && ratio >= c.fenceFactor ? 1 : down >= c.minShiftDistance && ratio <= 1 / c.fenceFactor ? -1 : 0;
    if (sign === 0 || sign !== key.runSign) {
      key.run.length = 0;
      key.runStart = start;
    }
    key.runSign = sign;
    if (sign === 0) return false;
    key.run.push(acc.pending);
    if (key.run.length > c.maxShiftWindows) {
      key.run.shift();
      key.runStart = start - (key.run.length - 1) * this.settings.windowMs;
    }
    return true;
  }

  /** The run's KS distance in its direction, and how improbable it is (one-sided, exp(−2mD²)). */
  private shift(acc: WindowAcc): Verdict | null {
    const { key } = acc;
    let m = 0;
    for (const w of key.run) for (const n of w.values()) m += n;
    const [up, down] = distances(key.cdf as Float64Array, key.run, m);
    const d = key.runSign > 0 ? up : down;
    const p = Math.exp(-2 * m * d * d);
    if (p >= this.alarm) return null;
    return { acc, direction: key.runSign > 0 ? 'high' : 'low', test: 'shift', count: m, windows: key.run.length, distance: d, decades: decadesOf(p) };
  }

  private refresh(key: KeyState): void {
    key.hiBin = key.hist.quantileBin(0.99) + this.fenceBins;
    key.loBin = key.hist.quantileBin(0.01) - this.fenceBins;
    key.p50Bin = key.hist.quantileBin(0.5);
    key.cdf ??= new Float64Array(BINS);
    key.hist.cdf(key.cdf);
    key.spread = key.hist.occupied();
  }

  private draft(window: ClosedWindow, v: Verdict): AnomalyDraft {
    const key = v.acc.key;
    const unit = key.unit ?? '';
    const text = this.settings.templates.get(key.template)?.text ?? formatTemplateId(key.template);
    const observed = median(v.acc.values);
    const usual = LogHistogram.valueOf(key.p50Bin);
    const p99 = LogHistogram.valueOf(key.hist.quantileBin(0.99) + 1);
    const p1 = LogHistogram.valueOf(key.hist.quantileBin(0.01));
    const fence = v.direction === 'high' ? LogHistogram.valueOf(key.hiBin + 1) : LogHistogram.valueOf(key.loBin);
    const u = (x: number) => `${fmt(x)}${unit === 'bytes' ? ' B' : unit}`;
    const high = v.direction === 'high';
    const how =
      v.test === 'extreme'
        ? `${pct(v.count / v.acc.m)} of ${v.acc.m} values ${high ? 'above' : 'below'} ${u(fence)}`
        : `${v.count} values over ${v.windows} window${v.windows === 1 ? '' : 's'} shifted ${high ? 'up' : 'down'} (KS distance ${v.distance.toFixed(2)})`;
    return {
      kind: 'param_numeric',
      service: key.service,
      templateId: key.template,
      windowStart: v.test === 'shift' ? Math.min(key.runStart, window.start) : window.start,
      windowEnd: window.end,
      score: v.decades,
      severity: v.test === 'shift' || v.count >= 0.5 * v.acc.m ? 'high' : 'medium',
      title: `${key.service}: ${key.name} of "${shortText(text, 60)}" ${high ? 'rose' : 'fell'} to ${u(observed)} median (usual ${u(usual)}, p99 ${u(p99)}); ${how}`,
      evidence: buildEvidence({
        observed,
        expected: usual,
        unit: unit === '' ? key.name : unit,
        series: key.recent.points(),
        samples: (high ? v.acc.samplesHigh : v.acc.samplesLow).map((x) => x.line),
        details: {
          param: key.name,
          template: text,
          direction: v.direction,
          test: v.test,
          values: v.acc.m,
          evidenceValues: v.count,
          windows: v.windows,
          distance: Math.round(v.distance * 1000) / 1000,
          fence,
          p1,
          p99,
          decades: Math.round(v.decades * 100) / 100,
        },
        templates: [key.template],
      }),
    };
  }

  private newKey(service: string, template: TemplateId, name: string): KeyState {
    return {
      service,
      template,
      name,
      unit: null,
      hist: new LogHistogram(this.config.memoryValues),
      numeric: 0,
      other: 0,
      windows: 0,
      hiBin: Number.POSITIVE_INFINITY,
      loBin: Number.NEGATIVE_INFINITY,
      p50Bin: 0,
      cdf: null,
      spread: 0,
      runSign: 0,
      run: [],
      runStart: 0,
      recent: new RecentSeries(30),
    };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    let n = 0;
    for (const params of this.keys.values()) n += params.size;
    w.u32(n);
    for (const params of this.keys.values()) {
      for (const k of params.values()) {
        w.str(k.service).f64(k.template).str(k.name).str(k.unit ?? '?').f64(k.numeric).f64(k.other).f64(k.windows);
        k.hist.write(w);
      }
    }
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'param_numeric detector');
    r.header(MAGIC, [VERSION]);
    this.keys.clear();
    this.open.clear();
    for (let n = r.u32(); n > 0; n--) {
      const k = this.newKey(r.str(), r.f64(), r.str());
      const unit = r.str();
      k.unit = unit === '?' ? null : (unit as MeasureUnit);
      k.numeric = r.f64();
      k.other = r.f64();
      k.windows = r.f64();
      k.hist.read(r);
      if (k.hist.total > 0) this.refresh(k);
      const tkey = `${k.service}\u0000${k.template}`;
      let params = this.keys.peek(tkey);
      if (params === undefined) {
        params = new Map();
        this.keys.set(tkey, params);
      }
      params.set(k.name, k);
    }
    r.end();
  }

  stats(): Readonly<Record<string, number>> {
    return { templates: this.keys.size, templatesEvicted: this.keys.evicted, keysCreated: this.tracked, raised: this.raised, droppedWindows: this.droppedWindows };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

export const numericParamDetectorFactory: DetectorFactory<NumericParamConfig> = {
  type: 'param_numeric',
  defaultConfig: NUMERIC_PARAM_DEFAULTS,
  configure: (raw) => parseConfig('param_numeric detector', NUMERIC_PARAM_DEFAULTS, NUMERIC_PARAM_RULES, raw),
  create: (settings, config) => new NumericParamDetector(settings, config),
};
