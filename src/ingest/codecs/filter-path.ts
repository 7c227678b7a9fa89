/** What a filter selects under a path of field names. */
export type Selection = 'all' | 'some' | 'none';

/** One filter: field-name patterns (`*` inside a name, `**` for any depth), null for `**`. */
type Pattern = readonly (RegExp | string | null)[];

/** How far a pattern got along a path: it matched all of it (`full`), the path ended first (`partial`), or it failed. */
type Reach = 'full' | 'partial' | 'none';

/**
 * Elasticsearch's `filter_path` response filtering (`errors,items.*.error,items.*.status`, as
 * Filebeat, Logstash and the OpenTelemetry Collector ask for bulk replies): dotted field paths,
 * comma-separated; `*` matches within a field name, `**` any number of levels, a leading `-`
 * excludes. Arrays are transparent (a path names the fields of their elements), and objects or
 * arrays left empty are dropped, as Elasticsearch does.
 */
export class FilterPath {
  private constructor(
    private readonly include: readonly Pattern[],
    private readonly exclude: readonly Pattern[],
  ) {}

  /** The filter a `filter_path` query parameter names, or null when it names none. */
  static parse(spec: unknown): FilterPath | null {
    if (typeof spec !== 'string') return null;
    const include: Pattern[] = [];
    const exclude: Pattern[] = [];
    for (const raw of spec.split(',')) {
      const text = raw.trim();
      const negated = text.startsWith('-');
      const path = negated ? text.slice(1) : text;
      if (path === '') continue;
      (negated ? exclude : include).push(path.split('.').map(segment));
    }
    return include.length + exclude.length === 0 ? null : new FilterPath(include, exclude);
  }

  /** Whether the field at `path` is kept whole, kept in part (look at its fields) or dropped. */
  select(path: readonly string[]): Selection {
    if (this.exclude.some((p) => reach(p, path, 0, 0) === 'full')) return 'none';
    let selected: Selection = this.include.length === 0 ? 'all' : 'none';
    for (const p of this.include) {
      const r = reach(p, path, 0, 0);
      if (r === 'full') {
        selected = 'all';
        break;
      }
      if (r === 'partial') selected = 'some';
    }
    if (selected === 'all' && this.exclude.some((p) => reach(p, path, 0, 0) === 'partial')) return 'some';
    return selected;
  }

  /** What is left of a JSON-shaped value at `path`; undefined when nothing is. */
  apply(value: unknown, path: readonly string[] = []): unknown {
    const selected = this.select(path);
    if (selected !== 'some') return selected === 'all' ? value : undefined;
    if (Array.isArray(value)) {
      const kept = value.map((v: unknown) => this.apply(v, path)).filter((v) => v !== undefined);
      return kept.length === 0 ? undefined : kept;
    }
    if (value === null || typeof value !== 'object') return undefined;
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const kept = this.apply(v, [...path, key]);
      if (kept === undefined) continue;
      Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
      any = true;
    }
    return any ? out : undefined;
  }
}

function segment(text: string): RegExp | string | null {
  if (text === '**') return null;
  if (!text.includes('*')) return text;
  return new RegExp(`^${text.split('*').map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&')).join('.*')}$`);
}

/** Matches pattern `p` from segment `i` against `path` from field `j`. */
function reach(p: Pattern, path: readonly string[], i: number, j: number): Reach {
  if (i === p.length) return 'full';
  // The path ended: only trailing `**` left means everything below matches.
  if (j === path.length) return p.slice(i).every((s) => s === null) ? 'full' : 'partial';
  const s = p[i];
  if (s === null) {
    // `**`: matches nothing here, or this field and possibly more.
    const skip = reach(p, path, i + 1, j);
    if (skip === 'full') return 'full';
    const more = reach(p, path, i, j + 1);
    return more === 'full' ? 'full' : skip === 'partial' || more === 'partial' ? 'partial' : 'none';
  }
  const matches = typeof s === 'string' ? s === path[j] : s.test(path[j]);
  return matches ? reach(p, path, i + 1, j + 1) : 'none';
}
