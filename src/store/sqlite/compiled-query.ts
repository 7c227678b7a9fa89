import { levelRank } from '../../model/index.js';
import type { LogFilter } from '../log-store.js';
import { clampTs, rowkeyFloor } from './rowkey.js';
import { ftsExact, hostTerm, levelTerm, queryTerms, serviceTerm, templateTerm, traceTerm } from './terms.js';

/**
 * A filter turned once into index clauses (which select candidate blocks) and row checks
 * (which decide each row), then run against each partition.
 */
export interface CompiledFilter {
  /** Free-text terms (lower-case major tokens). */
  readonly terms: readonly string[];
  /** FTS5 clauses for the structural filters, ANDed together. */
  readonly structural: readonly string[];
  /** Row keys in [low, high) cover the time range. */
  readonly low: number;
  readonly high: number;
  /** Exact event-time bounds (rowkeys can spill past a crowded millisecond). */
  readonly fromTs: number;
  readonly toTs: number;
  readonly services: ReadonlySet<string> | null;
  readonly hosts: ReadonlySet<string> | null;
  readonly levels: ReadonlySet<number> | null;
  readonly templates: ReadonlySet<number> | null;
  readonly traceId: string | null;
  /** True when the filter needs no index at all (time range only). */
  readonly scanOnly: boolean;
  /**
   * SQL conditions (ANDed, after the rowkey range) that reject rows inside SQLite before
   * they reach JavaScript, with their arguments. A prefilter: `accepts` still decides.
   */
  readonly rowSql: string;
  readonly rowArgs: readonly (string | number)[];
}

const SPILL_MARGIN_MS = 1000;

export function compileFilter(filter: LogFilter): CompiledFilter {
  const terms = filter.text === null ? [] : queryTerms(filter.text);
  const structural: string[] = [];
  const anyOf = (values: readonly string[]) => (values.length === 1 ? values[0] : `(${values.join(' OR ')})`);
  if (filter.services.length > 0) structural.push(anyOf(filter.services.map((s) => ftsExact(serviceTerm(s)))));
  if (filter.hosts.length > 0) structural.push(anyOf(filter.hosts.map((h) => ftsExact(hostTerm(h)))));
  if (filter.levels.length > 0) structural.push(anyOf(filter.levels.map((l) => ftsExact(levelTerm(levelRank(l))))));
  if (filter.templates.length > 0) structural.push(anyOf(filter.templates.map((t) => ftsExact(templateTerm(t)))));
  if (filter.traceId !== null) structural.push(ftsExact(traceTerm(filter.traceId)));

  const set = <T>(values: readonly T[]) => (values.length > 0 ? new Set(values) : null);
  const { sql: rowSql, args: rowArgs } = rowPrefilter(filter, terms);
  return {
    rowSql,
    rowArgs,
    terms,
    structural,
    low: filter.from === null ? Number.MIN_SAFE_INTEGER : rowkeyFloor(clampTs(filter.from)),
    high: filter.to === null ? Number.MAX_SAFE_INTEGER : rowkeyFloor(clampTs(filter.to) + SPILL_MARGIN_MS),
    fromTs: filter.from === null ? Number.NEGATIVE_INFINITY : filter.from,
    toTs: filter.to === null ? Number.POSITIVE_INFINITY : filter.to,
    services: set(filter.services),
    hosts: set(filter.hosts),
    levels: set(filter.levels.map(levelRank)),
    templates: set(filter.templates),
    traceId: filter.traceId,
    scanOnly: terms.length === 0 && structural.length === 0,
  };
}

/** True when every character is ASCII (SQLite's lower() folds only those). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function rowPrefilter(filter: LogFilter, terms: readonly string[]): { sql: string; args: (string | number)[] } {
  const conds: string[] = [];
  const args: (string | number)[] = [];
  const inList = (column: string, values: readonly (string | number)[]) => {
    conds.push(values.length === 1 ? `${column} = ?` : `${column} IN (${values.map(() => '?').join(',')})`);
    args.push(...values);
  };
  if (filter.from !== null) {
    conds.push('ts >= ?');
    args.push(filter.from);
  }
  if (filter.to !== null) {
    conds.push('ts < ?');
    args.push(filter.to);
  }
  if (filter.levels.length > 0) inList('level', filter.levels.map(levelRank));
  if (filter.services.length > 0) inList('service', filter.services);
  if (filter.hosts.length > 0) inList('host', filter.hosts);
  if (filter.templates.length > 0) inList('template', filter.templates);
  if (filter.traceId !== null) inList('trace', [filter.traceId]);
  // SQLite's LIKE folds ASCII case only, so only ASCII terms can be prefiltered exactly. LIKE
  // compares in place; instr(lower(message)) copied every row and took twice as long.
  for (const term of terms) {
    if (!isAscii(term)) continue;
    conds.push("(message LIKE ? ESCAPE '\\' OR attrs LIKE ? ESCAPE '\\')");
    const pattern = `%${term.replace(/[\\%_]/g, '\\$&')}%`;
    args.push(pattern, pattern);
  }
  return { sql: conds.length === 0 ? '' : ' AND ' + conds.join(' AND '), args };
}
