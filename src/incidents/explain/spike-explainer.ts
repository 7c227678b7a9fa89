import { extractParams } from '../../mine/index.js';
import { formatTemplateId, LogsiftError } from '../../model/index.js';
import type { StoredEvent, TemplateId } from '../../model/index.js';
import type { LogFilter, LogStore } from '../../store/index.js';
import type { TemplateLookup } from '../../detect/index.js';
import { normalTwoSided } from '../../detect/index.js';

export interface SpikeQuery {
  readonly tenant: string;
  /** The range to explain, ms since epoch, [from, to). */
  readonly from: number;
  readonly to: number;
  /** The baseline to compare with, [baselineFrom, baselineTo). */
  readonly baselineFrom: number;
  readonly baselineTo: number;
  /** Only these services; empty = all. */
  readonly services: readonly string[];
  /** Contributors listed per dimension. */
  readonly limit: number;
}

/** One thing (a template, service, host, level or parameter value) and how much of the change it accounts for. */
export interface SpikeContributor {
  readonly key: string;
  /** Template text, service name, host, `level`, or `param=value (template)`. */
  readonly label: string;
  /** Lines in the range (estimated from samples for hosts and parameters). */
  readonly observed: number;
  /** Lines the baseline predicts for a range this long. */
  readonly expected: number;
  /** observed − expected. */
  readonly difference: number;
  /** Rate ratio, (observed + ½) / (expected + ½). */
  readonly ratio: number;
  /** Share of the total difference this accounts for (same sign as the total change). */
  readonly share: number;
  /** Two-sided p-value of "same rate in both windows" (conditional binomial for counts, two-proportion for sampled shares). */
  readonly pValue: number;
  readonly significant: boolean;
}

export interface SpikeExplanation {
  readonly range: { readonly from: number; readonly to: number };
  readonly baseline: { readonly from: number; readonly to: number };
  readonly total: { readonly observed: number; readonly expected: number; readonly difference: number; readonly ratio: number; readonly pValue: number };
  readonly templates: readonly SpikeContributor[];
  readonly services: readonly SpikeContributor[];
  readonly levels: readonly SpikeContributor[];
  readonly hosts: readonly SpikeContributor[];
  readonly params: readonly SpikeContributor[];
  /** Events sampled per window for hosts and parameter values. */
  readonly sampled: { readonly range: number; readonly baseline: number };
}

/** Events read per window to estimate host and parameter shares. */
const SAMPLE = 2000;
/** p below which a contributor is marked significant. */
const ALPHA = 0.001;

/**
 * "Explain a spike": compares a time range with a baseline window and lists the templates,
 * services, levels, hosts and parameter values that account for the difference, with effect
 * sizes (difference, rate ratio, share of the change) and significance. Counts come from the
 * per-minute rollups (exact, minute-aligned); hosts and parameter values from samples of each
 * window, scaled to the window's total.
 */
export class SpikeExplainer {
  constructor(
    private readonly store: LogStore,
    private readonly templatesFor: (tenant: string) => TemplateLookup,
  ) {}

  async explain(q: SpikeQuery): Promise<SpikeExplanation> {
    if (!(q.from < q.to) || !(q.baselineFrom < q.baselineTo)) throw new LogsiftError('invalid_query', 'each window needs from < to');
    const scale = (q.to - q.from) / (q.baselineTo - q.baselineFrom);
    const texts = new Map(this.store.templateStats(q.tenant).map((t) => [t.id, t.text] as const));
    const [rangeTemplates, baseTemplates, rangeServices, baseServices] = await Promise.all([
      this.store.templateCounts({ tenant: q.tenant, from: q.from, to: q.to, bucketMs: null, services: q.services, templates: [] }),
      this.store.templateCounts({ tenant: q.tenant, from: q.baselineFrom, to: q.baselineTo, bucketMs: null, services: q.services, templates: [] }),
      this.store.serviceCounts({ tenant: q.tenant, from: q.from, to: q.to, bucketMs: null, services: q.services, templates: [] }),
      this.store.serviceCounts({ tenant: q.tenant, from: q.baselineFrom, to: q.baselineTo, bucketMs: null, services: q.services, templates: [] }),
    ]);
    const sum = (c: Readonly<Record<string, number>>) => Object.values(c).reduce((a, b) => a + b, 0);
    const tr = new Map<string, number>();
    const tb = new Map<string, number>();
    const lr = new Map<string, number>();
    const lb = new Map<string, number>();
    for (const t of rangeTemplates) {
      add(tr, String(t.template), sum(t.counts));
      for (const [level, n] of Object.entries(t.counts)) add(lr, level, n);
    }
    for (const t of baseTemplates) {
      add(tb, String(t.template), sum(t.counts));
      for (const [level, n] of Object.entries(t.counts)) add(lb, level, n);
    }
    const sr = new Map<string, number>();
    const sb = new Map<string, number>();
    for (const s of rangeServices) add(sr, s.service, sum(s.counts));
    for (const s of baseServices) add(sb, s.service, sum(s.counts));
    let observed = 0;
    let base = 0;
    for (const n of tr.values()) observed += n;
    for (const n of tb.values()) base += n;
    const expected = base * scale;
    const totalDiff = observed - expected;
    const q0 = scale / (1 + scale);
    const counts = (r: Map<string, number>, b: Map<string, number>, label: (k: string) => string) => rank(compareCounts(r, b, scale, q0, totalDiff, label), totalDiff, q.limit);

    const [rangeSample, baseSample] = await Promise.all([this.sample(q, q.from, q.to), this.sample(q, q.baselineFrom, q.baselineTo)]);
    const lookup = this.templatesFor(q.tenant);
    const hosts = compareShares(countBy(rangeSample, (e) => [e.host]), countBy(baseSample, (e) => [e.host]), rangeSample.length, baseSample.length, observed, expected, totalDiff, (k) => k);
    const params = compareShares(
      countBy(rangeSample, (e) => paramKeys(e, texts, lookup)),
      countBy(baseSample, (e) => paramKeys(e, texts, lookup)),
      rangeSample.length,
      baseSample.length,
      observed,
      expected,
      totalDiff,
      (k) => k,
    );
    const templateLabel = (k: string) => texts.get(Number(k)) ?? formatTemplateId(Number(k));
    return {
      range: { from: q.from, to: q.to },
      baseline: { from: q.baselineFrom, to: q.baselineTo },
      total: { observed, expected: round(expected), difference: round(totalDiff), ratio: round((observed + 0.5) / (expected + 0.5)), pValue: conditionalP(observed, base, q0) },
      templates: counts(tr, tb, templateLabel).map((c) => ({ ...c, key: formatTemplateId(Number(c.key)) })),
      services: counts(sr, sb, (k) => k),
      levels: counts(lr, lb, (k) => k),
      hosts: rank(hosts, totalDiff, q.limit),
      params: rank(params, totalDiff, q.limit),
      sampled: { range: rangeSample.length, baseline: baseSample.length },
    };
  }

  private async sample(q: SpikeQuery, from: number, to: number): Promise<readonly StoredEvent[]> {
    const filter: LogFilter = { tenant: q.tenant, text: null, services: q.services, hosts: [], levels: [], templates: [], traceId: null, from, to };
    const out: StoredEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.store.search({ ...filter, limit: Math.min(1000, SAMPLE - out.length), cursor });
      out.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor !== null && out.length < SAMPLE);
    return out;
  }
}

/** Each (template) parameter and categorical attribute of an event as `name=value` keys. */
function paramKeys(e: StoredEvent, texts: ReadonlyMap<TemplateId, string>, lookup: TemplateLookup): string[] {
  const keys: string[] = [];
  const text = texts.get(e.templateId);
  const short = text === undefined ? formatTemplateId(e.templateId) : text.length > 50 ? `${text.slice(0, 49)}…` : text;
  const values = text === undefined ? null : extractParams(text, e.message);
  if (values !== null) {
    const slots = lookup.get(e.templateId)?.slots;
    values.forEach((v, i) => {
      if (v.length > 0 && v.length <= 64) keys.push(`${slots?.[i]?.name ?? `#${i + 1}`}=${v} (${short})`);
    });
  }
  if (e.attrs !== null) {
    for (const [k, v] of Object.entries(e.attrs)) {
      if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v).length <= 64 && !k.startsWith('logsift.')) keys.push(`${k}=${String(v)}`);
    }
  }
  return keys;
}

function countBy(events: readonly StoredEvent[], keys: (e: StoredEvent) => readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) for (const k of new Set(keys(e))) add(m, k, 1);
  return m;
}

/** Exact counts in both windows: conditional binomial test of equal rates. */
function compareCounts(r: Map<string, number>, b: Map<string, number>, scale: number, q0: number, totalDiff: number, label: (k: string) => string): SpikeContributor[] {
  const out: SpikeContributor[] = [];
  for (const key of new Set([...r.keys(), ...b.keys()])) {
    const x = r.get(key) ?? 0;
    const y = b.get(key) ?? 0;
    const expected = y * scale;
    const difference = x - expected;
    const pValue = conditionalP(x, y, q0);
    out.push({ key, label: label(key), observed: x, expected: round(expected), difference: round(difference), ratio: round((x + 0.5) / (expected + 0.5)), share: shareOf(difference, totalDiff), pValue, significant: pValue < ALPHA });
  }
  return out;
}

/** Sampled shares scaled to each window's total: two-proportion z-test on the samples. */
function compareShares(r: Map<string, number>, b: Map<string, number>, nr: number, nb: number, total: number, expectedTotal: number, totalDiff: number, label: (k: string) => string): SpikeContributor[] {
  const out: SpikeContributor[] = [];
  if (nr === 0 && nb === 0) return out;
  for (const key of new Set([...r.keys(), ...b.keys()])) {
    const pr = nr > 0 ? (r.get(key) ?? 0) / nr : 0;
    const pb = nb > 0 ? (b.get(key) ?? 0) / nb : 0;
    const observed = pr * total;
    const expected = pb * expectedTotal;
    const pooled = ((r.get(key) ?? 0) + (b.get(key) ?? 0)) / Math.max(nr + nb, 1);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(nr, 1) + 1 / Math.max(nb, 1)));
    const pValue = se > 0 ? normalTwoSided((pr - pb) / se) : pr === pb ? 1 : 0;
    const difference = observed - expected;
    out.push({ key, label: label(key), observed: round(observed), expected: round(expected), difference: round(difference), ratio: round((observed + 0.5) / (expected + 0.5)), share: shareOf(difference, totalDiff), pValue, significant: pValue < ALPHA });
  }
  return out;
}

/** Two-sided p of x lines in the range vs y in the baseline under equal rates (q0 = range share of time). */
function conditionalP(x: number, y: number, q0: number): number {
  const n = x + y;
  if (n === 0) return 1;
  const z = (x - n * q0) / Math.sqrt(n * q0 * (1 - q0));
  return normalTwoSided(z);
}

/** The contributors that moved the way the total moved, biggest first, then the rest by size. */
function rank(list: SpikeContributor[], totalDiff: number, limit: number): SpikeContributor[] {
  const dir = totalDiff >= 0 ? 1 : -1;
  return list
    .filter((c) => c.difference !== 0)
    .sort((a, b) => Number(b.difference * dir > 0) - Number(a.difference * dir > 0) || Math.abs(b.difference) - Math.abs(a.difference))
    .slice(0, limit);
}

function shareOf(difference: number, total: number): number {
  return total === 0 ? 0 : round(difference / total);
}

function add(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
