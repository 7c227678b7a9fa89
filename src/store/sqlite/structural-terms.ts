import { hostTerm, levelTerm, serviceTerm, templateTerm, traceTerm } from './terms.js';

/** Most cached values per kind before the cache is reset. */
const CAPACITY = 50_000;

/**
 * The structural terms of a row, with the per-value strings cached:
 * services, hosts and templates repeat across millions of rows.
 */
export class StructuralTerms {
  private readonly services = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly templates = new Map<number, string>();
  private readonly levels = [0, 1, 2, 3, 4, 5].map(levelTerm);

  /** Adds a row's structural terms (service, host, level, template, trace) to its block's set. */
  addTo(into: Set<string>, service: string, host: string, level: number, template: number, trace: string | null): void {
    into.add(cached(this.services, service, serviceTerm));
    into.add(cached(this.hosts, host, hostTerm));
    into.add(this.levels[level] ?? levelTerm(level));
    into.add(cached(this.templates, template, templateTerm));
    if (trace !== null) into.add(traceTerm(trace));
  }
}

function cached<K>(map: Map<K, string>, key: K, make: (key: K) => string): string {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= CAPACITY) map.clear();
    v = make(key);
    map.set(key, v);
  }
  return v;
}
