import type { FastifyInstance } from 'fastify';
import { emptyLevelCounts, formatTemplateId, LEVELS } from '../../model/index.js';
import type { LevelCounts, TemplateId } from '../../model/index.js';
import type { TemplateRollupCount, TemplateStats } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { parseList } from '../query-params.js';
import { addToSeries, BUCKET_QUERY_PROPERTY, parseRange, RANGE_QUERY_PROPERTIES, SERIES_AXIS_SCHEMA, seriesAxis } from '../rollup-range.js';

/** Sparkline resolution when the client does not ask for a bucket. */
const SPARKLINE_BUCKETS = 30;
/** A change must be at least this many standard deviations (Poisson) to count as grown or shrunk. */
const MIN_Z = 3;
/** …and the rate must change by at least this factor. */
const MIN_RATIO = 1.5;
/** A template only "vanished" if the baseline rate predicted at least this many lines in the problem window. */
const MIN_EXPECTED_VANISHED = 3;

const LEVELS_SCHEMA = { type: 'object', additionalProperties: { type: 'integer' } } as const;

const ACTIVITY_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    sample: { type: 'string' },
    count: { type: 'integer', description: 'Events in the range.' },
    share: { type: 'number', description: 'count / all events in the range (under the service filter), 0…1.' },
    levels: { ...LEVELS_SCHEMA, description: 'Events in the range by level.' },
    series: { type: 'array', items: { type: 'integer' }, description: 'Events per bucket of `axis`.' },
    storedCount: { type: 'integer', description: 'Events stored over all time.' },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    services: { type: 'array', items: { type: 'string' } },
  },
} as const;

const COMPARE_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    sample: { type: 'string' },
    baselineCount: { type: 'integer' },
    problemCount: { type: 'integer' },
    expected: { type: 'number', description: 'Lines the baseline rate predicts for the problem window.' },
    ratio: { type: ['number', 'null'], description: 'Problem rate / baseline rate; null when the baseline had none.' },
    z: { type: 'number', description: '(problem − expected) / √(expected + 1).' },
    levels: { ...LEVELS_SCHEMA, description: 'Problem-window events by level (baseline-window for vanished templates).' },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
  },
} as const;

interface ActivityQuery {
  from?: string;
  to?: string;
  bucket?: string;
  service?: string;
  q?: string;
  sort: 'count' | 'rare' | 'new' | 'recent';
  limit: number;
  offset: number;
}

interface CompareQuery {
  baselineFrom: string;
  baselineTo: string;
  from: string;
  to: string;
  service?: string;
  limit: number;
}

interface Totals {
  count: number;
  levels: LevelCounts;
}

function sumCounts(c: Readonly<LevelCounts>): number {
  let n = 0;
  for (const l of LEVELS) n += c[l];
  return n;
}

/** One total (count and level mix) per template from window-total rollup cells, each template counted under `canonical(id)`. */
function totalsByTemplate(cells: readonly TemplateRollupCount[], canonical: (id: TemplateId) => TemplateId): Map<TemplateId, Totals> {
  const out = new Map<TemplateId, Totals>();
  for (const c of cells) {
    const id = canonical(c.template);
    let t = out.get(id);
    if (t === undefined) {
      t = { count: 0, levels: emptyLevelCounts() };
      out.set(id, t);
    }
    for (const l of LEVELS) t.levels[l] += c.counts[l];
    t.count += sumCounts(c.counts);
  }
  return out;
}

function templateMatcher(deps: AppDeps, tenant: string, needle: string | undefined): Map<TemplateId, TemplateStats> {
  const lower = needle?.toLowerCase();
  const out = new Map<TemplateId, TemplateStats>();
  for (const t of deps.store.templateStats(tenant)) {
    if (lower === undefined || t.text.toLowerCase().includes(lower)) out.set(t.id, t);
  }
  return out;
}

/**
 * Maps a template to the newest template that generalised it (following the lineage to its
 * end), so a template the miner generalised between the two windows compares with its
 * successor instead of showing as "vanished" next to a "new" one.
 */
async function successorOf(deps: AppDeps, tenant: string): Promise<(id: TemplateId) => TemplateId> {
  const next = new Map<TemplateId, TemplateId>();
  for (const [id, ancestor] of await deps.meta.lineage(tenant)) next.set(ancestor, id);
  return (id) => {
    let current = id;
    // Bounded: a cycle in a corrupted lineage must not hang a request.
    for (let hops = 0; hops < 64; hops++) {
      const n = next.get(current);
      if (n === undefined || n === current) break;
      current = n;
    }
    return current;
  };
}

const ACTIVITY_SORTS = {
  count: (a: { count: number }, b: { count: number }) => b.count - a.count,
  rare: (a: { count: number }, b: { count: number }) => a.count - b.count,
  new: (a: { stats: TemplateStats }, b: { stats: TemplateStats }) => b.stats.firstSeen - a.stats.firstSeen,
  recent: (a: { stats: TemplateStats }, b: { stats: TemplateStats }) => b.stats.lastSeen - a.stats.lastSeen,
} as const;

/**
 * Template activity over a time range, from the per-minute rollups: what the Patterns view lists
 * (count, share, level mix and a sparkline per template) and the baseline-vs-problem comparison.
 */
export async function templateActivityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/templates/activity',
    {
      schema: {
        tags: ['templates'],
        summary: 'Templates active in a time range: count, share, level mix and a trend series each (from per-minute rollups)',
        querystring: {
          type: 'object',
          properties: {
            ...RANGE_QUERY_PROPERTIES,
            bucket: BUCKET_QUERY_PROPERTY,
            service: { type: 'string', description: 'Only events of these services (comma-separated).' },
            q: { type: 'string', maxLength: 512, description: 'Case-insensitive substring of the template text.' },
            sort: { type: 'string', enum: ['count', 'rare', 'new', 'recent'], default: 'count', description: 'count: most lines in the range first; rare: fewest; new: latest first seen; recent: latest last seen.' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'number' },
              to: { type: 'number' },
              axis: SERIES_AXIS_SCHEMA,
              total: { type: 'integer', description: 'Events in the range (under the service filter), all templates.' },
              matched: { type: 'integer', description: 'Templates with events in the range that match `q`.' },
              templates: { type: 'array', items: ACTIVITY_ITEM_SCHEMA },
            },
          },
          400: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as ActivityQuery;
      const { from, to } = parseRange(q, Date.now(), 3_600_000);
      const axis = seriesAxis(from, to, q.bucket, SPARKLINE_BUCKETS);
      const services = parseList(q.service);
      const cells = await deps.store.templateCounts({ tenant, from, to, bucketMs: axis.bucketMs, services, templates: [] });
      const stats = templateMatcher(deps, tenant, q.q);
      let total = 0;
      const rows = new Map<TemplateId, { stats: TemplateStats; count: number; levels: LevelCounts; series: number[] }>();
      for (const c of cells) {
        const n = sumCounts(c.counts);
        total += n;
        const s = stats.get(c.template);
        if (s === undefined) continue;
        let row = rows.get(c.template);
        if (row === undefined) {
          row = { stats: s, count: 0, levels: emptyLevelCounts(), series: addToSeries(undefined, axis, c.ts, 0) };
          rows.set(c.template, row);
        }
        row.count += n;
        for (const l of LEVELS) row.levels[l] += c.counts[l];
        addToSeries(row.series, axis, c.ts, n);
      }
      const sorted = [...rows.values()].sort(ACTIVITY_SORTS[q.sort]);
      return {
        from,
        to,
        axis,
        total,
        matched: sorted.length,
        templates: sorted.slice(q.offset, q.offset + q.limit).map((r) => ({
          id: formatTemplateId(r.stats.id),
          text: r.stats.text,
          sample: r.stats.sample,
          count: r.count,
          share: total > 0 ? r.count / total : 0,
          levels: r.levels,
          series: r.series,
          storedCount: r.stats.count,
          firstSeen: new Date(r.stats.firstSeen).toISOString(),
          lastSeen: new Date(r.stats.lastSeen).toISOString(),
          services: r.stats.services,
        })),
      };
    },
  );

  app.get(
    '/api/v1/templates/compare',
    {
      schema: {
        tags: ['templates'],
        summary: 'Compare two windows (baseline vs problem): templates that are new, grew, shrank or vanished',
        description:
          'Rates are compared per minute, so the windows may differ in length. `new`: no lines in the baseline. ' +
          `\`grew\`/\`shrank\`: the rate changed by at least ${MIN_RATIO}× and by at least ${MIN_Z} Poisson standard deviations. ` +
          `\`vanished\`: no lines in the problem window although the baseline rate predicted at least ${MIN_EXPECTED_VANISHED}. ` +
          'Each list is sorted by how much it changed. Counts come from per-minute rollups (minute-granular windows).',
        querystring: {
          type: 'object',
          properties: {
            baselineFrom: { type: 'string', description: 'Baseline start (inclusive): ISO 8601, epoch ms, or relative.' },
            baselineTo: { type: 'string', description: 'Baseline end (exclusive).' },
            from: { type: 'string', description: 'Problem window start (inclusive).' },
            to: { type: 'string', description: 'Problem window end (exclusive).' },
            service: { type: 'string', description: 'Only events of these services (comma-separated).' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Most templates per list.' },
          },
          required: ['baselineFrom', 'baselineTo', 'from', 'to'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              baseline: { type: 'object', properties: { from: { type: 'number' }, to: { type: 'number' }, total: { type: 'integer' } } },
              problem: { type: 'object', properties: { from: { type: 'number' }, to: { type: 'number' }, total: { type: 'integer' } } },
              new: { type: 'array', items: COMPARE_ITEM_SCHEMA },
              grew: { type: 'array', items: COMPARE_ITEM_SCHEMA },
              shrank: { type: 'array', items: COMPARE_ITEM_SCHEMA },
              vanished: { type: 'array', items: COMPARE_ITEM_SCHEMA },
              unchanged: { type: 'integer', description: 'Templates present in both windows without a significant change.' },
            },
          },
          400: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as CompareQuery;
      const now = Date.now();
      const baseline = parseRange({ from: q.baselineFrom, to: q.baselineTo }, now, 0, 'baseline');
      const problem = parseRange({ from: q.from, to: q.to }, now, 0);
      const services = parseList(q.service);
      const [before, after] = await Promise.all([
        deps.store.templateCounts({ tenant, ...baseline, bucketMs: null, services, templates: [] }),
        deps.store.templateCounts({ tenant, ...problem, bucketMs: null, services, templates: [] }),
      ]);
      const canonical = await successorOf(deps, tenant);
      const b = totalsByTemplate(before, canonical);
      const p = totalsByTemplate(after, canonical);
      const scale = (problem.to - problem.from) / (baseline.to - baseline.from);
      const stats = templateMatcher(deps, tenant, undefined);
      const lists = { new: [] as CompareItem[], grew: [] as CompareItem[], shrank: [] as CompareItem[], vanished: [] as CompareItem[] };
      let unchanged = 0;
      for (const id of new Set([...b.keys(), ...p.keys()])) {
        const s = stats.get(id);
        if (s === undefined) continue;
        const base = b.get(id);
        const prob = p.get(id);
        const baselineCount = base?.count ?? 0;
        const problemCount = prob?.count ?? 0;
        const expected = baselineCount * scale;
        const z = (problemCount - expected) / Math.sqrt(expected + 1);
        const ratio = baselineCount > 0 ? problemCount / expected : null;
        const item: CompareItem = {
          id: formatTemplateId(id),
          text: s.text,
          sample: s.sample,
          baselineCount,
          problemCount,
          expected,
          ratio,
          z,
          levels: (prob ?? base)?.levels ?? emptyLevelCounts(),
          firstSeen: new Date(s.firstSeen).toISOString(),
          lastSeen: new Date(s.lastSeen).toISOString(),
        };
        if (baselineCount === 0) lists.new.push(item);
        else if (problemCount === 0 && expected >= MIN_EXPECTED_VANISHED) lists.vanished.push(item);
        else if (ratio !== null && ratio >= MIN_RATIO && z >= MIN_Z) lists.grew.push(item);
        else if (ratio !== null && ratio <= 1 / MIN_RATIO && z <= -MIN_Z) lists.shrank.push(item);
        else unchanged++;
      }
      lists.new.sort((x, y) => y.problemCount - x.problemCount);
      lists.grew.sort((x, y) => y.z - x.z);
      lists.shrank.sort((x, y) => x.z - y.z);
      lists.vanished.sort((x, y) => y.expected - x.expected);
      const sumAll = (m: Map<TemplateId, Totals>) => [...m.values()].reduce((n, t) => n + t.count, 0);
      return {
        baseline: { ...baseline, total: sumAll(b) },
        problem: { ...problem, total: sumAll(p) },
        new: lists.new.slice(0, q.limit),
        grew: lists.grew.slice(0, q.limit),
        shrank: lists.shrank.slice(0, q.limit),
        vanished: lists.vanished.slice(0, q.limit),
        unchanged,
      };
    },
  );
}

interface CompareItem {
  readonly id: string;
  readonly text: string;
  readonly sample: string;
  readonly baselineCount: number;
  readonly problemCount: number;
  readonly expected: number;
  readonly ratio: number | null;
  readonly z: number;
  readonly levels: Readonly<LevelCounts>;
  readonly firstSeen: string;
  readonly lastSeen: string;
}
