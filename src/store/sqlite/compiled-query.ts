import { levelRank } from '../../model/index.js';
import type { LogFilter } from '../log-store.js';
import { clampTs, rowkeyFloor } from './rowkey.js';
import {
  ftsExact,
  hostTerm,
  levelTerm,
  needsVerification,
  queryTerms,
  serviceTerm,
  templateTerm,
  traceTerm,
} from './terms.js';

/** A filter turned into index terms and row checks once, then run against each partition. */
export interface CompiledFilter {
  /** Free-text terms (lower-case major tokens). */
  readonly terms: readonly string[];
  /** FTS5 clauses for the structural filters, ANDed together. */
  readonly structural: readonly string[];
  /** Row keys in [low, high) cover the time range. */
  readonly low: number;
  readonly high: number;
  /** Exact event-time bounds (rowkeys can spill one ms past a crowded millisecond). */
  readonly fromTs: number;
  readonly toTs: number;
  /** Values whose index terms are lossy (case, punctuation): rows are checked against them. */
  readonly verifyServices: ReadonlySet<string> | null;
  readonly verifyHosts: ReadonlySet<string> | null;
  readonly verifyTrace: string | null;
  /** True when the filter needs no index at all (time range only). */
  readonly scanOnly: boolean;
}

const SPILL_MARGIN_MS = 1000;

export function compileFilter(filter: LogFilter): CompiledFilter {
  const terms = filter.text === null ? [] : queryTerms(filter.text);
  const structural: string[] = [];
  const anyOf = (values: readonly string[]) =>
    values.length === 1 ? values[0] : `(${values.join(' OR ')})`;
  if (filter.services.length > 0) structural.push(anyOf(filter.services.map((s) => ftsExact(serviceTerm(s)))));
  if (filter.hosts.length > 0) structural.push(anyOf(filter.hosts.map((h) => ftsExact(hostTerm(h)))));
  if (filter.levels.length > 0) structural.push(anyOf(filter.levels.map((l) => ftsExact(levelTerm(levelRank(l))))));
  if (filter.templates.length > 0) structural.push(anyOf(filter.templates.map((t) => ftsExact(templateTerm(t)))));
  if (filter.traceId !== null) structural.push(ftsExact(traceTerm(filter.traceId)));

  const fromTs = filter.from === null ? Number.NEGATIVE_INFINITY : filter.from;
  const toTs = filter.to === null ? Number.POSITIVE_INFINITY : filter.to;
  const low = filter.from === null ? Number.MIN_SAFE_INTEGER : rowkeyFloor(clampTs(filter.from));
  const high = filter.to === null ? Number.MAX_SAFE_INTEGER : rowkeyFloor(clampTs(filter.to) + SPILL_MARGIN_MS);

  const lossy = (values: readonly string[]) => (values.some(needsVerification) ? new Set(values) : null);
  return {
    terms,
    structural,
    low,
    high,
    fromTs,
    toTs,
    verifyServices: lossy(filter.services),
    verifyHosts: lossy(filter.hosts),
    verifyTrace: filter.traceId !== null && needsVerification(filter.traceId) ? filter.traceId : null,
    scanOnly: terms.length === 0 && structural.length === 0,
  };
}
