import { formatTemplateId, levelRank } from '../model/index.js';
import type { Level, TemplateId } from '../model/index.js';
import type { ClosedWindow, TemplateWindow } from './detection-window.js';
import type { AnomalyDraft, Detector, DetectorFactory, DetectorSettings } from './detector.js';
import { BoundedMap } from './internal/bounded-map.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { buildEvidence, fmt, shortText } from './internal/evidence.js';
import { ByteReader, ByteWriter } from './internal/snapshot-codec.js';
import { binomialAtLeast, decadesOf } from './internal/tail-probability.js';

export interface NewPatternConfig {
  /**
   * Event time after a service's first line during which its templates are learned, not
   * raised, ms, so a fresh install (or a newly deployed service) does not page on everything.
   * 0: no warm-up. Default 15 min.
   */
  readonly warmupMs: number;
  /** Lowest level at which a new template is raised as soon as it appears. Default `warn`. */
  readonly minLevel: Level;
  /**
   * A new template below `minLevel` is raised once it logs at least this many lines in one
   * window (a new info line at volume is a change worth seeing too). 0: never. Default 20.
   */
  readonly quietLevelMinLines: number;
  /** New templates raised per service and window, most severe and busiest first; the rest are counted. Default 5. */
  readonly maxPerWindow: number;
  /** (service, template) pairs remembered per tenant; least recently seen evicted beyond it (and counted). Default 50,000. */
  readonly maxKnown: number;
  /** Services remembered per tenant. Default 2,000. */
  readonly maxServices: number;
  /**
   * A new template keeps its level's severity (error → high, warn → medium) only when its lines
   * are this improbable, in decades, given how often the service produced new templates so far;
   * otherwise (a one-off line in a service whose templates still churn) it is raised as low,
   * which joins incidents but does not open one. FATAL is always critical. Default 3.
   */
  readonly significantDecades: number;
}

const DEFAULTS: NewPatternConfig = Object.freeze({
  warmupMs: 15 * 60_000,
  minLevel: 'warn',
  quietLevelMinLines: 20,
  maxPerWindow: 5,
  maxKnown: 50_000,
  maxServices: 2000,
  significantDecades: 3,
});

const RULES: ConfigRules<NewPatternConfig> = {
  warmupMs: { type: 'int', min: 0, max: 30 * 86_400_000 },
  minLevel: { type: 'level' },
  quietLevelMinLines: { type: 'int', min: 0, max: 1_000_000 },
  maxPerWindow: { type: 'int', min: 1, max: 1000 },
  maxKnown: { type: 'int', min: 100, max: 10_000_000 },
  maxServices: { type: 'int', min: 1, max: 1_000_000 },
  significantDecades: { type: 'number', min: 0, max: 100 },
};

const MAGIC = 'LSNP';
const VERSION = 1;
/** New templates come in bursts (one deploy, one failure): the novelty rate is taken ×3. */
const BURSTINESS = 3;

/** Per service: when it started, and how often it produced new templates. */
interface ServiceStats {
  /** Event time of its first window, ms. */
  first: number;
  lines: number;
  /** Templates it introduced (warm-up included). */
  introduced: number;
}

/**
 * Raises a template never seen before for a service, after the service's warm-up, ranked by
 * level and rate. A template the miner made by generalising a known one (its ancestors) is
 * not new, nor is one a user pinned.
 */
class NewPatternDetector implements Detector {
  readonly type = 'new_pattern';
  /** `service \0 templateId` → window index last seen. */
  private readonly known: BoundedMap<string, number>;
  private readonly services: BoundedMap<string, ServiceStats>;
  private raised = 0;
  private suppressed = 0;

  constructor(
    private readonly settings: DetectorSettings,
    private readonly config: NewPatternConfig,
  ) {
    this.known = new BoundedMap(config.maxKnown);
    this.services = new BoundedMap(config.maxServices);
  }

  start(): void {
    // Nothing to start: the detector is pure computation.
  }

  observe(): void {
    // Counts per template and window are all it needs; the runner provides them.
  }

  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void {
    const minRank = levelRank(this.config.minLevel);
    for (const sw of window.services.values()) {
      let st = this.services.get(sw.service);
      if (st === undefined) {
        st = { first: window.start, lines: 0, introduced: 0 };
        this.services.set(sw.service, st);
      }
      // Krichevsky–Trofimov estimate of new templates per line, from before this window.
      const novelty = Math.min(1, (BURSTINESS * (st.introduced + 0.5)) / (st.lines + 1));
      const learning = window.start < st.first + this.config.warmupMs;
      const fresh: TemplateWindow[] = [];
      for (const tw of sw.templates.values()) {
        const key = `${sw.service}\u0000${tw.id}`;
        if (this.known.get(key) !== undefined || this.inherited(sw.service, tw.id)) {
          this.known.set(key, window.index);
          continue;
        }
        this.known.set(key, window.index);
        st.introduced++;
        if (learning) continue;
        if (levelRank(tw.maxLevel) >= minRank || (this.config.quietLevelMinLines > 0 && tw.lines >= this.config.quietLevelMinLines)) fresh.push(tw);
      }
      st.lines += sw.lines;
      if (fresh.length === 0) continue;
      fresh.sort((a, b) => levelRank(b.maxLevel) - levelRank(a.maxLevel) || b.lines - a.lines || a.id - b.id);
      const shown = fresh.slice(0, this.config.maxPerWindow);
      this.suppressed += fresh.length - shown.length;
      for (let i = 0; i < shown.length; i++) {
        const more = i === shown.length - 1 ? fresh.length - shown.length : 0;
        const decades = decadesOf(binomialAtLeast(shown[i].lines, sw.lines, novelty));
        out.push(this.draft(window, sw.service, shown[i], more, decades, novelty));
        this.raised++;
      }
    }
  }

  /** True when the template generalised one this service already logs, or a user pinned it. */
  private inherited(service: string, id: TemplateId): boolean {
    const t = this.settings.templates.get(id);
    if (t === undefined) return false;
    if (t.pinned) return true;
    for (const a of t.ancestors) if (this.known.peek(`${service}\u0000${a}`) !== undefined) return true;
    return false;
  }

  private draft(window: ClosedWindow, service: string, tw: TemplateWindow, more: number, decades: number, novelty: number): AnomalyDraft {
    const text = this.settings.templates.get(tw.id)?.text ?? tw.samples[0]?.message ?? formatTemplateId(tw.id);
    const rank = levelRank(tw.maxLevel);
    const significant = decades >= this.config.significantDecades;
    const severity = rank >= 5 ? 'critical' : !significant ? 'low' : rank >= 4 ? 'high' : 'medium';
    return {
      kind: 'new_pattern',
      service,
      templateId: tw.id,
      windowStart: window.start,
      windowEnd: window.end,
      // Ranked by level, then by how improbable its rate is for a service's new templates.
      score: rank + Math.min(decades, 100) / 100,
      severity,
      title: `${service}: new ${tw.maxLevel.toUpperCase()} pattern "${shortText(text)}" (${fmt(tw.lines)} line${tw.lines === 1 ? '' : 's'})`,
      evidence: buildEvidence({
        observed: tw.lines,
        expected: null,
        unit: 'lines/window',
        series: [{ ts: window.start, observed: tw.lines, expected: null }],
        samples: tw.samples,
        details: {
          template: text,
          level: tw.maxLevel,
          problemLines: tw.problems,
          firstSeen: tw.samples[0]?.ts ?? window.start,
          moreNewTemplates: more,
          noveltyPerLine: Number(novelty.toPrecision(3)),
          decades: Math.round(decades * 100) / 100,
        },
        templates: [tw.id],
      }),
    };
  }

  snapshot(): Uint8Array {
    const w = new ByteWriter().header(MAGIC, VERSION);
    w.u32(this.services.size);
    for (const [service, st] of this.services.entries()) w.str(service).f64(st.first).f64(st.lines).f64(st.introduced);
    w.u32(this.known.size);
    for (const [key, at] of this.known.entries()) w.str(key).f64(at);
    return w.finish();
  }

  restore(bytes: Uint8Array): void {
    const r = new ByteReader(bytes, 'new_pattern detector');
    r.header(MAGIC, [VERSION]);
    this.services.clear();
    this.known.clear();
    for (let n = r.u32(); n > 0; n--) this.services.set(r.str(), { first: r.f64(), lines: r.f64(), introduced: r.f64() });
    for (let n = r.u32(); n > 0; n--) this.known.set(r.str(), r.f64());
    r.end();
  }

  stats(): Readonly<Record<string, number>> {
    return {
      known: this.known.size,
      knownEvicted: this.known.evicted,
      services: this.services.size,
      servicesEvicted: this.services.evicted,
      raised: this.raised,
      overPerWindowLimit: this.suppressed,
    };
  }

  async stop(): Promise<void> {
    // Nothing to flush: the runner snapshots the state.
  }
}

export const newPatternDetectorFactory: DetectorFactory<NewPatternConfig> = {
  type: 'new_pattern',
  defaultConfig: DEFAULTS,
  configure: (raw) => parseConfig('new_pattern detector', DEFAULTS, RULES, raw),
  create: (settings, config) => new NewPatternDetector(settings, config),
};
