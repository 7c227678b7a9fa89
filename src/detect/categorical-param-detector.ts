import type { MinedEvent, TemplateId } from '../model/index.js';
import { formatTemplateId } from '../model/index.js';
import type { ClosedWindow, SampleLine } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, pct, shortText } from './internal/evidence.js';
import { ParamReader, valueShape } from './internal/param-reader.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { binomialAtLeast, decadesOf } from './internal/tail-probability.js';

export interface CategoricalParamConfig {
  /** Values a parameter must have been seen with before a new one can be raised. Default 500. */
  readonly minObservations: number;
  /** Windows it must have been seen over before it is judged. Default 30. */
  readonly minHistoryWindows: number;
  /**
   * Distinct values beyond which a parameter is not categorical (ids, free text) and is no
   * longer tracked. Default 32.
   */
  readonly maxValues: number;
  /** Lines with never-seen values a window needs before it is raised. Default 3. */
  readonly minLines: number;
  /**
   * How improbable that many new-value lines must be, in decades, given how often this parameter
   * took new values so far (the Krichevsky–Trofimov estimate (distinct + ½) / (seen + 1)). Default 7.
   */
  readonly alarmDecades: number;
  /** (service, template) pairs tracked per tenant; least recently seen evicted beyond it (and counted). Default 5,000. */
  readonly maxTemplates: number;
  /** Parameter names never judged. Default pid, tid, ppid, port. */
  readonly ignore: readonly string[];
}

const DEFAULTS: CategoricalParamConfig = Object.freeze({
  minObservations: 500,
  minHistoryWindows: 30,
  maxValues: 32,
  minLines: 3,
  alarmDecades: 7,
  maxTemplates: 5000,
  ignore: Object.freeze(['pid', 'tid', 'ppid', 'port']),
});

const RULES: ConfigRules<CategoricalParamConfig> = {
  minObservations: { type: 'int', min: 1, max: 1e9 },
  minHistoryWindows: { type: 'int', min: 1, max: 1e6 },
  maxValues: { type: 'int', min: 1, max: 10_000 },
  minLines: { type: 'int', min: 1, max: 1e9 },
  alarmDecades: { type: 'number', min: 1, max: 100 },
  maxTemplates: { type: 'int', min: 1, max: 10_000_000 },
  ignore: { type: 'strings', maxItems: 1000 },
};

const MAGIC = 'LSCV';
const VERSION = 1;
/** New values come in bursts (a deploy adds one value to many lines at once). */
const DEPENDENCE = 3;
const MAX_VALUE_LENGTH = 64;

interface KeyState {
  readonly service: string;
  readonly template: TemplateId;
  readonly name: string;
  /** Known value shapes → count; null once the parameter proved high-cardinality. */
  values: Map<string, number> | null;
  seen: number;
  windows: number;
}

interface WindowAcc {
  readonly key: KeyState;
  m: number;
  /**
   * Value shape → (lines, one raw value, samples), for the shapes not known when the line arrived
   * (at most maxValues + 1). Novelty is decided again when the window closes: a batch can fill
   * several windows before the first of them closes and teaches the detector its values.
   */
  readonly novel: Map<string, { count: number; value: string; samples: SampleLine[] }>;
}

/**
 * A categorical parameter (status, error code, currency, method, upstream host) that takes a
 * never-seen value where its values were stable. Values that differ only in their digits
 * (worker-7 vs worker-12) count as the same; pure numbers (429 vs 200) do not. Raised once per
 * new value; the value is then known.
 */
class CategoricalParamDetector implements Detector {
  readonly type = 'param_new_value';
  private readonly keys: BoundedMap<string, Map<string, KeyState>>;
  private readonly open = new Map<number, Map<KeyState, WindowAcc>>();
  private readonly reader: ParamReader;
  private readonly alarm: number;
  private highCardinality = 0;
  private raised = 0;
  private droppedWindows = 0;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: CategoricalParamConfig,
  ) {
    this.keys = new BoundedMap(config.maxTemplates);
    this.reader = new ParamReader(new Set(config.ignore));
    this.alarm = Math.pow(10, -config.alarmDecades);
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
      if (key === undefined) {
        if (params.size >= 64) continue;
        key = { service: event.service, template: event.templateId, name, values: new Map(), seen: 0, windows: 0 };
        params.set(name, key);
      }
      if (key.values === null) continue;
      const raw = r.values[i];
      const value = typeof raw === 'number' ? String(raw) : raw;
      if (value.length > MAX_VALUE_LENGTH) continue;
      let acc = accs.get(key);
      if (acc === undefined) {
        acc = { key, m: 0, novel: new Map() };
        accs.set(key, acc);
      }
      acc.m++;
      const shape = valueShape(value);
      const known = key.values.get(shape);
      if (known !== undefined) {
        key.values.set(shape, known + 1);
        continue;
      }
      let nv = acc.novel.get(shape);
      if (nv === undefined) {
        if (acc.novel.size >= this.config.maxValues) continue;
        nv = { count: 0, value, samples: [] };
        acc.novel.set(shape, nv);
      }
      nv.count++;
      if (nv.samples.length < 3) nv.samples.push({ id, ts: event.ts, level: event.level, host: event.host, traceId: event.traceId, message: event.message });
    }
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    const accs = this.open.get(window.index);
    for (const w of this.open.keys()) if (w <= window.index) this.open.delete(w);
    if (accs === undefined) return;
    const best = new Map<string, { acc: WindowAcc; shape: string; decades: number; label: string; also: string[] }>();
    for (const acc of accs.values()) {
      const key = acc.key;
      const values = key.values;
      if (values === null) continue;
      // Values learned since the lines arrived (earlier windows of the same batch) are not new.
      for (const shape of [...acc.novel.keys()]) {
        const nv = acc.novel.get(shape) as { count: number };
        if (values.has(shape)) {
          values.set(shape, (values.get(shape) ?? 0) + nv.count);
          acc.novel.delete(shape);
        }
      }
      const c = this.config;
      const ready = key.seen >= c.minObservations && key.windows >= c.minHistoryWindows;
      if (ready && acc.novel.size > 0) {
        let lines = 0;
        for (const nv of acc.novel.values()) lines += nv.count;
        const pNew = (values.size + 0.5) / (key.seen + 1);
        const p = binomialAtLeast(lines, acc.m, Math.min(1, pNew * DEPENDENCE));
        if (lines >= c.minLines && p < this.alarm) {
          const top = [...acc.novel.entries()].sort((a, b) => b[1].count - a[1].count)[0];
          const id = `${key.service}\u0000${key.template}`;
          const entry = { acc, shape: top[0], decades: decadesOf(p) };
          const label = `${key.name}=${top[1].value}`;
          const prev = best.get(id);
          if (prev === undefined) best.set(id, { ...entry, label, also: [] });
          else if (entry.decades > prev.decades) best.set(id, { ...entry, label, also: [...prev.also, prev.label] });
          else prev.also.push(label);
        }
      }
      if (window.partial && acc.novel.size > 0) continue;
      // Learn: the window's values, new ones included (each new value is raised once).
      for (const [shape, nv] of acc.novel) values.set(shape, (values.get(shape) ?? 0) + nv.count);
      key.seen += acc.m;
      key.windows++;
      if (values.size > this.config.maxValues) {
        key.values = null;
        this.highCardinality++;
      }
    }
    for (const b of best.values()) {
      out.push(this.draft(window, b.acc, b.shape, b.decades, b.also));
      this.raised++;
    }
  }

  private draft(window: ClosedWindow, acc: WindowAcc, shape: string, decades: number, also: readonly string[]): AnomalyDraft {
    const key = acc.key;
    const nv = acc.novel.get(shape) as { count: number; value: string; samples: SampleLine[] };
    const text = this.settings.templates.get(key.template)?.text ?? formatTemplateId(key.template);
    const known = [...(key.values ?? new Map<string, number>()).entries()]
      .filter(([s]) => !acc.novel.has(s))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([s]) => s);
    const share = nv.count / Math.max(acc.m, 1);
    return {
      kind: 'param_new_value',
      service: key.service,
      templateId: key.template,
      windowStart: window.start,
      windowEnd: window.end,
      score: decades,
      severity: share >= 0.5 ? 'high' : 'medium',
      title: `${key.service}: new value ${key.name}=${nv.value} in "${shortText(text, 60)}" (${nv.count} line${nv.count === 1 ? '' : 's'}, ${pct(share)}; known: ${known.slice(0, 5).join(', ')})`,
      evidence: buildEvidence({
        observed: share,
        expected: (known.length + 0.5) / (key.seen + 1),
        unit: 'share',
        series: [{ ts: window.start, observed: nv.count, expected: null }],
        samples: nv.samples,
        details: {
          param: key.name,
          value: nv.value,
          template: text,
          lines: nv.count,
          windowLines: acc.m,
          knownValues: known.join(', '),
          seenBefore: key.seen,
          alsoNew: also.join(', '),
          decades: Math.round(decades * 100) / 100,
        },
        templates: [key.template],
      }),
    };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    let n = 0;
    for (const params of this.keys.values()) n += params.size;
    w.u32(n);
    for (const params of this.keys.values()) {
      for (const k of params.values()) {
        w.str(k.service).f64(k.template).str(k.name).f64(k.seen).f64(k.windows).bool(k.values !== null);
        if (k.values !== null) {
          w.u32(k.values.size);
          for (const [shape, count] of k.values) w.str(shape).f64(count);
        }
      }
    }
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'param_new_value detector');
    r.header(MAGIC, [VERSION]);
    this.keys.clear();
    this.open.clear();
    for (let n = r.u32(); n > 0; n--) {
      const k: KeyState = { service: r.str(), template: r.f64(), name: r.str(), values: null, seen: 0, windows: 0 };
      k.seen = r.f64();
      k.windows = r.f64();
      if (r.bool()) {
        k.values = new Map();
        for (let m = r.u32(); m > 0; m--) k.values.set(r.str(), r.f64());
      }
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
    return { templates: this.keys.size, templatesEvicted: this.keys.evicted, highCardinality: this.highCardinality, raised: this.raised, droppedWindows: this.droppedWindows };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

export const categoricalParamDetectorFactory: DetectorFactory<CategoricalParamConfig> = {
  type: 'param_new_value',
  defaultConfig: DEFAULTS,
  configure: (raw) => parseConfig('param_new_value detector', DEFAULTS, RULES, raw),
  create: (settings, config) => new CategoricalParamDetector(settings, config),
};
