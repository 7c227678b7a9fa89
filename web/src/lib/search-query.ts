import { LEVELS } from '../../../src/model/index.js';
import type { Level } from '../../../src/model/index.js';

/** The filters the search box understands; anything else is free text. */
export const FILTER_KEYS = ['service', 'level', 'host', 'template', 'trace'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** A parsed search: the API's parameters, and what in the text could not be understood. */
export interface SearchQuery {
  readonly text: string;
  readonly service: readonly string[];
  readonly level: readonly Level[];
  readonly host: readonly string[];
  readonly template: readonly string[];
  readonly trace: string | null;
  /** Problems worth showing (an unknown level, a malformed template id). */
  readonly problems: readonly string[];
}

/** A token: `key:value`, `key:"a value"`, `"quoted text"` or a bare word. */
const TOKEN = /(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g;

/** Spellings people type for the normalised levels. */
const LEVEL_ALIASES: Readonly<Record<string, string>> = { warning: 'warn', err: 'error', crit: 'fatal', critical: 'fatal', dbg: 'debug', information: 'info' };

function isFilterKey(k: string): k is FilterKey {
  return (FILTER_KEYS as readonly string[]).includes(k);
}

/**
 * Parses `service:web,api level:error payment failed`. Filters of one key are ORed (commas or
 * repeats); different keys and free-text terms are ANDed, as the API does.
 */
export function parseSearch(input: string): SearchQuery {
  const text: string[] = [];
  const lists: Record<Exclude<FilterKey, 'trace'>, string[]> = { service: [], level: [], host: [], template: [] };
  let trace: string | null = null;
  const problems: string[] = [];
  for (const m of input.matchAll(TOKEN)) {
    const key = (m[1] ?? m[3])?.toLowerCase();
    const value = m[2] ?? m[4];
    if (key !== undefined && value !== undefined && isFilterKey(key)) {
      const values = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
      if (key === 'trace') trace = values[0] ?? null;
      else lists[key].push(...values);
      continue;
    }
    // Quoted text is searched as its terms (the API ANDs terms; there is no phrase search).
    text.push(m[5] ?? m[0]);
  }
  const level: Level[] = [];
  for (const l of lists.level) {
    const v = LEVEL_ALIASES[l.toLowerCase()] ?? l.toLowerCase();
    if ((LEVELS as readonly string[]).includes(v)) level.push(v as Level);
    else problems.push(`unknown level "${l}" (use ${LEVELS.join(', ')})`);
  }
  const template = lists.template.filter((t) => {
    const ok = /^[0-9a-f]{1,13}$/i.test(t);
    if (!ok) problems.push(`"${t}" is not a template id (13 hex digits)`);
    return ok;
  });
  return { text: text.join(' ').trim(), service: dedupe(lists.service), level: dedupe(level), host: dedupe(lists.host), template: dedupe(template), trace, problems };
}

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Query parameters for /api/v1/logs, /histogram and the live tail. */
export function searchParams(q: SearchQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.text !== '') out.q = q.text;
  if (q.service.length > 0) out.service = q.service.join(',');
  if (q.level.length > 0) out.level = q.level.join(',');
  if (q.host.length > 0) out.host = q.host.join(',');
  if (q.template.length > 0) out.template = q.template.join(',');
  if (q.trace !== null) out.trace = q.trace;
  return out;
}

function quote(value: string): string {
  return /[\s",]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/** The search text with `key:value` added (or left alone when that exact filter is already there). */
export function withFilter(input: string, key: FilterKey, value: string): string {
  const q = parseSearch(input);
  const present = key === 'trace' ? q.trace === value : (q[key] as readonly string[]).includes(value);
  if (present) return input;
  const token = `${key}:${quote(value)}`;
  return input.trim() === '' ? token : `${input.trim()} ${token}`;
}

/** The search text with every `key:` filter removed. */
export function withoutFilter(input: string, key: FilterKey): string {
  const out: string[] = [];
  for (const m of input.matchAll(TOKEN)) {
    const k = (m[1] ?? m[3])?.toLowerCase();
    if (k !== key) out.push(m[0]);
  }
  return out.join(' ');
}
